package io.junction.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.junction.headers.HeaderPolicy;
import org.junit.jupiter.api.Test;

/** D3: a dead letter is data: replaying it obeys the header policy and sends only where a replay may send. */
class DeadLetterServiceTest {

    private final DeadLetterService service = new DeadLetterService("127.0.0.1:1", HeaderPolicy.defaults(), List.of());

    @Test
    void aReplayedLetterCarriesOnlyWhatTheHeaderPolicyLetsIn() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("kafka.OVERRIDE_TOPIC", "evil");
        headers.put("CamelHttpUri", "http://127.0.0.1:1/stolen");
        headers.put("x-unlisted", "dropped");
        headers.put(DeadLetterHeaders.ROUTE, "orders");
        var letter = new DeadLetters.Letter("orders.dlq", 0, 7, null, new byte[0], headers);
        Map<String, String> replayed = DeadLetters.replayHeaders(letter, h -> {
            h.keySet().removeIf(n -> !HeaderPolicy.defaults().allowsInbound(n));
            return h;
        });
        assertThat(replayed).containsEntry("content-type", "application/json")
                .containsEntry(DeadLetterHeaders.REPLAY_COUNT, "1").doesNotContainKeys("kafka.OVERRIDE_TOPIC",
                        "CamelHttpUri", "x-unlisted", DeadLetterHeaders.ROUTE);
    }

    @Test
    void aReplaySendsOnlyToTopicsAndConnectorsUnlessConfigured() {
        DeadLetterQuery all = new DeadLetterQuery(List.of("orders"), List.of(), null, Instant.now(), null, List.of());
        assertThatThrownBy(() -> service.replay(all, "file:/tmp/stolen", false, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafka:TOPIC or a connector");
        assertThatThrownBy(() -> service.replay(all, "http://127.0.0.1:1/x", false, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replay-targets");
        DeadLetterService partner = new DeadLetterService("127.0.0.1:1", HeaderPolicy.defaults(),
                List.of("http://127.0.0.1:1/"));
        // Allowed by configuration: refused only for want of a running gateway to send through.
        assertThatThrownBy(() -> partner.replay(all, "http://127.0.0.1:1/x", false, 0, null, null))
                .hasMessageContaining("running gateway");
    }
}
