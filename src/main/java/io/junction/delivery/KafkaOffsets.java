package io.junction.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits a Kafka record's offset once the route that received it has finished, used by the kafka-source
 * connector. The commit handle is remembered as an exchange property when the record arrives, because routes may
 * remove or replace headers on the way.
 */
public final class KafkaOffsets {

    static final String COMMIT = "junction.kafka.commit";

    /** Keeps the record's commit handle where the route cannot remove it. */
    public void remember(Exchange exchange) {
        KafkaManualCommit commit = exchange.getIn().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            exchange.setProperty(COMMIT, commit);
        }
    }

    /** Records the offset for the consumer's next asynchronous commit; called only after the sink confirmed. */
    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getProperty(COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            commit = exchange.getIn().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        }
        if (commit != null) {
            commit.commit();
        }
    }
}
