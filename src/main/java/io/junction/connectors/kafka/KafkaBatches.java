package io.junction.connectors.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.ThreadPoolProfile;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.junction.headers.IngressHeaders;

/**
 * The steps of the kafka-batch-source connector. Camel's Kafka consumer in batching mode hands the route one exchange
 * whose body is the list of the poll's records; the connector splits it into its {@link #events} on
 * {@link #PIPELINE}, a one-thread pool, so each record runs through the route in poll order while the Kafka sends
 * themselves overlap, and commits the batch only when every record of it has completed.
 */
public final class KafkaBatches {

    /**
     * Thread pool profile of the connector's split. One thread, so records enter their sinks in the order they were
     * polled (the producer keeps that order); the sinks are asynchronous, so one thread still keeps many in flight.
     */
    public static final String PIPELINE = "junction-kafka-pipeline";

    /** Registers {@link #PIPELINE}; each route that refers to it gets its own pool, shut down with the route. */
    public static void registerPipeline(CamelContext context) {
        ThreadPoolProfile profile = new ThreadPoolProfile(PIPELINE);
        profile.setPoolSize(1);
        profile.setMaxPoolSize(1);
        // A queue, not Camel's direct hand-off: the consumer thread queues a whole batch at once (at most
        // maxPollRecords records per consumer), which one thread then works through in order.
        profile.setMaxQueueSize(Integer.MAX_VALUE);
        context.getExecutorServiceManager().registerThreadPoolProfile(profile);
    }

    /** Registers {@link #PIPELINE} in the gateway's context. */
    @ApplicationScoped
    static class Registration {
        @Produces
        @Unremovable
        @ApplicationScoped
        CamelContextCustomizer registerKafkaPipeline() {
            return KafkaBatches::registerPipeline;
        }
    }

    /**
     * The events of a batch, for the split: each record's message as a copy (so a route's changes stay off the
     * record, which keeps its commit handle for {@link #commit}), with the ingress header policy applied as for a
     * record consumed one at a time. Being the split's parts, these copies are also what a route's dead letter
     * takes as the original message.
     */
    public List<Message> events(Exchange batch) {
        List<?> records = batch.getMessage().getBody(List.class);
        List<Message> events = new ArrayList<>(records.size());
        for (Object o : records) {
            Message event = ((Exchange) o).getMessage().copy();
            event.removeHeader(KafkaConstants.MANUAL_COMMIT);
            IngressHeaders.scrub("kafka", event);
            events.add(event);
        }
        return events;
    }

    /**
     * Commits, for each partition in the batch, the offset of its last record. Runs after the split completed without
     * an unhandled failure: every record was delivered, dead-lettered or filtered. Otherwise nothing is committed and
     * the consumer reads the batch again.
     */
    public void commit(Exchange batch) {
        Map<Object, KafkaManualCommit> lastPerPartition = new LinkedHashMap<>();
        for (Object o : batch.getMessage().getBody(List.class)) {
            Message record = ((Exchange) o).getMessage();
            KafkaManualCommit commit = record.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit != null) {
                lastPerPartition.put(List.of(record.getHeader(KafkaConstants.TOPIC),
                        record.getHeader(KafkaConstants.PARTITION)), commit);
            }
        }
        lastPerPartition.values().forEach(KafkaManualCommit::commit);
    }
}
