package io.junction.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Sends benchmark events to a Kafka input topic, keyed by id ("k&lt;id&gt;"), acks=all. */
public final class KafkaSender implements Sender {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int payloadSize;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    private KafkaSender(Properties config, String topic, int payloadSize) {
        this.producer = new KafkaProducer<>(config);
        this.topic = topic;
        this.payloadSize = payloadSize;
        producer.partitionsFor(topic);
    }

    /** Batched, for pre-filling a backlog. */
    public static KafkaSender forFill(String brokers, String topic, int payloadSize) {
        return new KafkaSender(KafkaSettings.fillProducer(brokers), topic, payloadSize);
    }

    /** Unbatched (linger 0), for paced latency runs: an event leaves as soon as it is stamped. */
    public static KafkaSender forLatency(String brokers, String topic, int payloadSize) {
        return new KafkaSender(KafkaSettings.junctionEquivalentProducer(brokers), topic, payloadSize);
    }

    @Override
    public void send(long id) {
        byte[] key = ("k" + id).getBytes(StandardCharsets.US_ASCII);
        pending.add(producer.send(new ProducerRecord<>(topic, key, Payload.json(id, System.currentTimeMillis(), payloadSize))));
        if (pending.size() >= 10_000) {
            flush();
        }
    }

    @Override
    public void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> f : pending) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("filling " + topic + " failed", e);
        }
        pending.clear();
    }

    @Override
    public void close() {
        producer.close();
    }
}
