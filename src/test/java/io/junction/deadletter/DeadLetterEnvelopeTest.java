package io.junction.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class DeadLetterEnvelopeTest {

    private static String id(DefaultCamelContext camel, String topic) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(FailureRecorder.ROUTE, "orders");
        if (topic != null) {
            exchange.getIn().setHeader(KafkaConstants.TOPIC, topic);
            exchange.getIn().setHeader(KafkaConstants.PARTITION, 0);
            exchange.getIn().setHeader(KafkaConstants.OFFSET, 42L);
        }
        DeadLetterRoute.envelope(exchange, "test");
        return exchange.getIn().getHeader(DeadLetterHeaders.ID, String.class);
    }

    /** Every id is dl- and 24 hex digits (docs/dead-letters.md): stable with a source position, random without. */
    @Test
    void idsAreDlAnd24HexDigitsStableWhereTheSourceHasAPosition() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            assertThat(id(camel, "in")).matches("dl-[0-9a-f]{24}").isEqualTo(id(camel, "in"));
            String webhook = id(camel, null);
            assertThat(webhook).matches("dl-[0-9a-f]{24}").isNotEqualTo(id(camel, null));
        }
    }
}
