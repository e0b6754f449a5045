package io.junction.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TextHeadersTest {

    final TextHeaders headers = new TextHeaders();

    String text(Object value) {
        return new String(headers.serialize("h", value), StandardCharsets.UTF_8);
    }

    @Test
    void numbersAndBooleansAreWrittenAsTheirText() {
        assertThat(text(42L)).isEqualTo("42");
        assertThat(text(7)).isEqualTo("7");
        assertThat(text(0.5d)).isEqualTo("0.5");
        assertThat(text((short) 3)).isEqualTo("3");
        assertThat(text(new BigDecimal("12.50"))).isEqualTo("12.50");
        assertThat(text(true)).isEqualTo("true");
    }

    @Test
    void textAndBytesAreWrittenAsCamelWritesThem() {
        assertThat(text("héllo")).isEqualTo("héllo");
        byte[] raw = {1, 2, 3};
        assertThat(headers.serialize("h", raw)).isSameAs(raw);
        assertThat(headers.serialize("h", null)).isNull();
    }

    /** The tenth probe: a RabbitMQ timestamp header, a table or an array never reached Kafka, and nothing said so. */
    @Test
    void timesTablesAndArraysAreWrittenAsTextAConsumerReads() {
        assertThat(text(java.util.Date.from(java.time.Instant.parse("2026-12-07T22:00:01Z"))))
                .isEqualTo("2026-12-07T22:00:01Z");
        assertThat(text(java.time.Instant.parse("2026-12-07T22:00:01.5Z"))).isEqualTo("2026-12-07T22:00:01.500Z");
        java.util.Map<String, Object> table = new java.util.LinkedHashMap<>();
        table.put("region", "eu");
        table.put("retries", 3);
        table.put("tags", java.util.List.of("a", "b"));
        assertThat(text(table)).isEqualTo("{\"region\":\"eu\",\"retries\":3,\"tags\":[\"a\",\"b\"]}");
        assertThat(text(java.util.List.of(1, "x"))).isEqualTo("[1,\"x\"]");
        assertThat(text(java.util.UUID.fromString("00000000-0000-0000-0000-00000000002a")))
                .isEqualTo("00000000-0000-0000-0000-00000000002a");
    }
}
