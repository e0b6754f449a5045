package io.junction.connectors.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.InvalidPayloadException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Decimal64;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.junit.jupiter.api.Test;

class AmqpBodiesTest {

    @Test
    void mapsAndListsBecomeJsonAndBytesStayAsTheyAre() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            var map = new DefaultExchange(camel);
            map.getIn().setBody(Map.of("order", 7));
            new AmqpBodies().process(map);
            assertThat(new String(map.getIn().getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo("{\"order\":7}");
            assertThat(map.getIn().getHeader("content-type")).isEqualTo("application/json");

            var list = new DefaultExchange(camel);
            list.getIn().setBody(List.of(1, "two"));
            list.getIn().setHeader("content-type", "application/vnd.example+json");
            new AmqpBodies().process(list);
            assertThat(new String(list.getIn().getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo("[1,\"two\"]");
            assertThat(list.getIn().getHeader("content-type")).as("the sender's own type stays")
                    .isEqualTo("application/vnd.example+json");

            var bytes = new DefaultExchange(camel);
            byte[] raw = { 1, 2, 3 };
            bytes.getIn().setBody(raw);
            new AmqpBodies().process(bytes);
            assertThat(bytes.getIn().getBody()).isSameAs(raw);
            assertThat(bytes.getIn().getHeader("content-type")).isNull();
        }
    }

    /** The seventh probe (Low): a Binary inside a map was written as a bean (backing array, offset, length). */
    @Test
    void protonValueTypesInsideAMapAreWrittenAsTheirValues() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            var map = new DefaultExchange(camel);
            map.getIn().setBody(new java.util.TreeMap<>(Map.of("b", new Binary(new byte[] { 9, 1, 2, 3 }, 1, 3),
                    "s", Symbol.valueOf("sym"), "u", UnsignedInteger.valueOf(7))));
            new AmqpBodies().process(map);
            assertThat(new String(map.getIn().getBody(byte[].class), StandardCharsets.UTF_8))
                    .isEqualTo("{\"b\":\"AQID\",\"s\":\"sym\",\"u\":7}");

            var decimal = new DefaultExchange(camel);
            decimal.getIn().setBody(Map.of("d", new Decimal64(1L)));
            assertThatThrownBy(() -> new AmqpBodies().process(decimal)).isInstanceOf(InvalidPayloadException.class)
                    .hasStackTraceContaining("an AMQP decimal64 has no JSON form");
        }
    }
}
