package io.junction.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Issue 26's second outside look: a body that was neither bytes nor text (an Integer) failed every Kafka send. */
class KafkaBodySerializerTest {

    final KafkaBodySerializer serializer = new KafkaBodySerializer();

    String text(Object body) {
        return new String(serializer.serialize("t", body), StandardCharsets.UTF_8);
    }

    @Test
    void everyBodyBecomesBytesAsStockCamelWouldWriteIt() {
        byte[] raw = { 0, 1, (byte) 0xff };
        assertThat(serializer.serialize("t", raw)).isSameAs(raw);
        assertThat(serializer.serialize("t", null)).isNull();
        assertThat(text("grüße")).isEqualTo("grüße");
        assertThat(text(33)).isEqualTo("33");
        assertThat(text(true)).isEqualTo("true");
        assertThat(text(Map.of("order", 7))).isEqualTo("{\"order\":7}");
        assertThat(text(List.of(1, "two"))).isEqualTo("[1,\"two\"]");
    }
}
