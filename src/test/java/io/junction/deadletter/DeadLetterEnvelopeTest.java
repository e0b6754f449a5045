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

    private static String idByLabel(DefaultCamelContext camel, String messageId, String payload) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(FailureRecorder.ROUTE, "devices");
        exchange.getIn().setHeader("message-id", messageId);
        exchange.getIn().setBody(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        DeadLetterRoute.envelope(exchange, "test");
        return exchange.getIn().getHeader(DeadLetterHeaders.ID, String.class);
    }

    /**
     * The seventh probe: two different MQTT events under one forged message-id user property got the same dead-letter
     * id. A redelivery of the same event keeps its id; another event under the same label does not take it.
     */
    @Test
    void aSendersLabelAloneDoesNotMakeTwoEventsOneLetter() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            assertThat(idByLabel(camel, "forged", "{\"n\":1}")).isEqualTo(idByLabel(camel, "forged", "{\"n\":1}"))
                    .isNotEqualTo(idByLabel(camel, "forged", "{\"n\":2}"));
        }
    }
}
