package io.junction.metrics;

import org.apache.camel.Exchange;

import io.junction.deadletter.DeadLetterHeaders;

/** What became of an event once its route is done with it: the one answer metrics and trace spans both give. */
public enum EventOutcome {
    DELIVERED("delivered"), FILTERED("filtered"), DEAD_LETTERED("dead_lettered"), FAILED("failed");

    /** The label value: Prometheus style, the same in metrics and spans. */
    public final String label;

    EventOutcome(String label) {
        this.label = label;
    }

    public static EventOutcome of(Exchange exchange) {
        if (exchange.getProperty(DeadLetterHeaders.DEAD_LETTERED, false, Boolean.class)) {
            return DEAD_LETTERED;
        }
        if (exchange.isFailed()) {
            return FAILED;
        }
        if (exchange.getProperty(EventMetrics.FILTERED, false, Boolean.class)
                || Boolean.FALSE.equals(exchange.getProperty(EventMetrics.MATCHED, Boolean.class))) {
            return FILTERED;
        }
        return DELIVERED;
    }
}
