package io.junction.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The eleventh probe: a structured CloudEvent with an object-valued extension was published as a header of JSON text
 * (CloudEvents 1.0 has no such type), and one with 20,000 extension attributes became 20,000 Kafka headers.
 */
class CloudEventsTest {

    static final String BASE = "\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/s\",\"type\":\"t\"";

    static byte[] event(String more) {
        return ("{" + BASE + more + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void attributesAreScalarsWithLowerCaseNamesAndNullIsAbsent() throws Exception {
        CloudEvents.Event ok = CloudEvents.fromStructured(event(",\"myext\":\"v\",\"count\":3,\"flag\":true,\"gone\":null"));
        assertThat(ok.headers()).containsEntry("ce_myext", "v").containsEntry("ce_count", "3")
                .containsEntry("ce_flag", "true").doesNotContainKey("ce_gone");
        assertThatThrownBy(() -> CloudEvents.fromStructured(event(",\"myext\":{\"nested\":[1]}")))
                .isInstanceOf(CloudEvents.Invalid.class).hasMessageContaining("'myext' is a JSON object");
        assertThatThrownBy(() -> CloudEvents.fromStructured(event(",\"my_ext\":\"v\"")))
                .hasMessageContaining("not lower-case letters and digits");
        assertThatThrownBy(() -> CloudEvents.fromBinary(List.of(Map.entry("ce-specversion", "1.0"),
                Map.entry("ce-id", "e"), Map.entry("ce-source", "/s"), Map.entry("ce-type", "t"),
                Map.entry("ce-my-ext", "v")), "text/plain", new byte[0])).hasMessageContaining("'my-ext'");
    }

    @Test
    void anEventHasABoundedNumberOfAttributes() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < CloudEvents.MAX_ATTRIBUTES - 4; i++) {
            many.append(",\"x").append(i).append("\":1");
        }
        assertThat(CloudEvents.fromStructured(event(many.toString())).headers()).hasSize(CloudEvents.MAX_ATTRIBUTES + 1);
        assertThatThrownBy(() -> CloudEvents.fromStructured(event(many + ",\"onemore\":1")))
                .hasMessageContaining("more than " + CloudEvents.MAX_ATTRIBUTES + " attributes");
    }
}
