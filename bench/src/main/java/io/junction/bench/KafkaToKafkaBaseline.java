package io.junction.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Baseline for Kafka → Kafka: a hand-written consume-produce loop with plain kafka-clients and the same delivery
 * guarantee as Junction's kafka-source → kafka-sink (at-least-once): poll, send every record of the batch with a
 * producer configured like Junction's, wait until all of them are acknowledged, then commitSync. A crash before
 * the commit consumes the batch again; nothing is committed that Kafka did not acknowledge.
 *
 * <p>{@code --per-record-sync} waits for each send before the next one (what a Camel route does per exchange); it
 * is for analysis, not the reported baseline.
 */
public final class KafkaToKafkaBaseline {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String brokers = args.get("brokers", "127.0.0.1:9092");
        String in = args.required("in");
        String out = args.required("out");
        String group = args.required("group");
        boolean perRecordSync = args.flag("per-record-sync");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.junctionEquivalentProducer(brokers));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.groupConsumer(brokers, group))) {
            AtomicBoolean running = StopSignal.untilTerminated(consumer::wakeup);
            producer.partitionsFor(out); // metadata up front, like a started route
            consumer.subscribe(List.of(in));
            System.out.println("READY");
            System.out.flush();

            List<Future<RecordMetadata>> sends = new ArrayList<>(500);
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    break;
                }
                if (records.isEmpty()) {
                    continue;
                }
                sends.clear();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    Future<RecordMetadata> f = producer.send(new ProducerRecord<>(out, null, r.key(), r.value(), r.headers()));
                    if (perRecordSync) {
                        f.get();
                    } else {
                        sends.add(f);
                    }
                }
                for (Future<RecordMetadata> f : sends) {
                    f.get(); // throws if the send failed: the process exits without committing
                }
                consumer.commitSync();
            }
        }
    }
}
