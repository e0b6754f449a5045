package io.junction.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Commits a Kafka record's offset when the exchange that carries it completes, for the kafka-source connector.
 * Completion means every step ran, or the failure was handled (dead-lettered), or a step deliberately stopped the
 * exchange; an unhandled failure commits nothing and the record is read again.
 */
public final class KafkaOffsets {

    /** Called as the record enters the route: arranges the commit for when the exchange is complete. */
    public void commitOnCompletion(Exchange exchange) {
        KafkaManualCommit commit = exchange.getIn().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onComplete(Exchange done) {
                    // Records the offset for the consumer's next asynchronous commit.
                    commit.commit();
                }
            });
        }
    }
}
