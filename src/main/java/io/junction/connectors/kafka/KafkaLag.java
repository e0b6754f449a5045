package io.junction.connectors.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag per group and partition ({@code junction_kafka_consumer_lag{group,topic,partition}}): how many records
 * the log holds beyond what the gateway's consumer has read, as of that consumer's last fetch. Each route's
 * kafka-source has its own group, so this is lag per route. The consumer's thread writes it after each poll (the
 * client may only be touched there); a scrape reads the last value. A partition the consumer gives up leaves the
 * metric with it, so a rebalance never leaves a stale lag behind.
 */
public final class KafkaLag {

    private record Key(String group, TopicPartition partition) {
    }

    private static final Map<Key, AtomicLong> LAGS = new ConcurrentHashMap<>();
    private static final Map<Key, Meter> GAUGES = new ConcurrentHashMap<>();

    private KafkaLag() {
    }

    public static void update(String group, TopicPartition partition, long lag) {
        Key key = new Key(group, partition);
        AtomicLong value = LAGS.get(key);
        if (value == null) {
            value = LAGS.computeIfAbsent(key, k -> {
                AtomicLong v = new AtomicLong();
                GAUGES.put(k, Gauge.builder("junction.kafka.consumer.lag", v, AtomicLong::get)
                        .description("Records in the log beyond what the gateway's consumer has read")
                        .tags("group", group, "topic", partition.topic(), "partition",
                                Integer.toString(partition.partition()))
                        .register(Metrics.globalRegistry));
                return v;
            });
        }
        value.set(lag);
    }

    public static void forget(String group, Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Key key = new Key(group, tp);
            LAGS.remove(key);
            Meter gauge = GAUGES.remove(key);
            if (gauge != null) {
                Metrics.globalRegistry.remove(gauge);
            }
        }
    }
}
