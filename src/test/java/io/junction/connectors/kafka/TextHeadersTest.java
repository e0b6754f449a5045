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
}
