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
 * <p>{@code --consumers N} runs N such loops in one consumer group (one thread each, one shared producer).
 * {@code --per-record-sync} waits for each send before the next one (what a Camel route does per exchange); it
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
        int consumers = args.integer("consumers", 1);
        // One producer shared by the consumers, as KafkaProducer is thread-safe and batches better shared.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.junctionEquivalentProducer(brokers))) {
            List<KafkaConsumer<byte[], byte[]>> members = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                members.add(new KafkaConsumer<>(KafkaSettings.groupConsumer(brokers, group)));
            }
            AtomicBoolean running = StopSignal.untilTerminated(() -> members.forEach(KafkaConsumer::wakeup));
            producer.partitionsFor(out); // metadata up front, like a started route
            List<Thread> loops = new ArrayList<>();
            for (KafkaConsumer<byte[], byte[]> consumer : members) {
                consumer.subscribe(List.of(in));
                Thread t = new Thread(() -> loop(consumer, producer, out, perRecordSync, running), "loop-" + loops.size());
                t.setUncaughtExceptionHandler((th, e) -> {
                    // A failed send: exit without committing, as a crash would.
                    e.printStackTrace();
                    Runtime.getRuntime().halt(1);
                });
                loops.add(t);
            }
            loops.forEach(Thread::start);
            System.out.println("READY");
            System.out.flush();
            for (Thread t : loops) {
                t.join();
            }
        }
    }

    private static void loop(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, String out,
                             boolean perRecordSync, AtomicBoolean running) {
        try (consumer) {
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
                        await(f);
                    } else {
                        sends.add(f);
                    }
                }
                for (Future<RecordMetadata> f : sends) {
                    await(f); // throws if the send failed: the process exits without committing
                }
                consumer.commitSync();
            }
        }
    }

    private static void await(Future<RecordMetadata> f) {
        try {
            f.get();
        } catch (Exception e) {
            throw new IllegalStateException("send failed", e);
        }
    }
}
