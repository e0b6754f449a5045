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
        headers.put("Junction_Dot_Replay_Dot_Count", "7");
        headers.put("junction.REPLAY.of", "dl-forged");
        replayed = DeadLetters.replayHeaders(letter, h -> h);
        assertThat(replayed).as("a replay mark in any spelling is the gateway's to write")
                .doesNotContainKeys("Junction_Dot_Replay_Dot_Count", "junction.REPLAY.of")
                .containsEntry(DeadLetterHeaders.REPLAY_COUNT, "1");
        replayed = DeadLetters.replayHeaders(letter, h -> {
            h.keySet().removeIf(n -> !HeaderPolicy.defaults().allowsInbound(n));
            return h;
        });
        assertThat(replayed).containsEntry("content-type", "application/json")
                .containsEntry(DeadLetterHeaders.REPLAY_COUNT, "1").doesNotContainKeys("kafka.OVERRIDE_TOPIC",
                        "CamelHttpUri", "x-unlisted", DeadLetterHeaders.ROUTE);
    }

    /** Round 4: a letter whose source is the dead-letter topic it is in replayed into itself, a copy per replay. */
    @Test
    void aLetterIsNeverReplayedIntoTheTopicItIsIn() throws Exception {
        Map<String, String> forged = new LinkedHashMap<>(Map.of(DeadLetterHeaders.ID, "dl-1",
                DeadLetterHeaders.SOURCE_TOPIC, "orders.dlq"));
        Map<String, String> sound = new LinkedHashMap<>(Map.of(DeadLetterHeaders.ID, "dl-2",
                DeadLetterHeaders.SOURCE_TOPIC, "orders"));
        List<DeadLetters.Letter> letters = List.of(new DeadLetters.Letter("orders.dlq", 0, 1, null, new byte[0], forged),
                new DeadLetters.Letter("orders.dlq", 0, 2, null, new byte[0], sound));
        DeadLetters store = new DeadLetters("127.0.0.1:1");
        var summary = store.replay(each(letters), null, null, true, 0, null, h -> h, null);
        assertThat(summary.replayed()).isEqualTo(1);
        assertThat(summary.errors()).singleElement().asString().startsWith("dl-1: it would be replayed into orders.dlq");
        var toItself = store.replay(each(letters), null, "orders.dlq", true, 0, null, h -> h, null);
        assertThat(toItself.replayed()).isZero();
        assertThat(toItself.skipped()).isEqualTo(2);
    }

    /** Probe two: a dry run counted letters whose source topic Kafka refuses as "would be replayed". */
    @Test
    void aDryRunSkipsLettersWhoseTopicKafkaWouldRefuse() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>(Map.of(DeadLetterHeaders.ID, "dl-3",
                DeadLetterHeaders.SOURCE_TOPIC, "orders/../x"));
        var summary = new DeadLetters("127.0.0.1:1").replay(
                each(List.of(new DeadLetters.Letter("orders.dlq", 0, 3, null, new byte[0], bad))), null, null, true, 0,
                null, h -> h, null);
        assertThat(summary.replayed()).isZero();
        assertThat(summary.errors()).singleElement().asString()
                .startsWith("dl-3: it cannot be replayed into that topic").contains("orders/../x");
    }

    static DeadLetters.Letters each(List<DeadLetters.Letter> letters) {
        return visit -> {
            for (DeadLetters.Letter l : letters) {
                visit.visit(l);
            }
        };
    }

    @Test
    void aReplaySendsOnlyToTopicsAndToTargetsConfiguredWhole() {
        DeadLetterQuery all = new DeadLetterQuery(List.of("orders"), List.of(), null, Instant.now(), null, List.of());
        assertThatThrownBy(() -> service.replay(all, "kafka:t?brokers=evil.example:9092", false, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without options");
        assertThatThrownBy(() -> service.replay(all, "file:/tmp/stolen", false, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafka:TOPIC")
                .hasMessageContaining("replay-targets");
        // A connector's parameters are the caller's choice of directory or URL: never taken from a request.
        assertThatThrownBy(() -> service.replay(all, "kamelet:file-sink?directory=/tmp/any&fileName=x", false, 0,
                null, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replay-targets");
        assertThatThrownBy(() -> service.replay(all, "kamelet:http-sink?url=http://127.0.0.1:1/x", false, 0, null,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replay-targets");
        DeadLetterService partner = new DeadLetterService("127.0.0.1:1", HeaderPolicy.defaults(),
                List.of("kamelet:http-sink?url=http://127.0.0.1:1/x"));
        // Listed whole: allowed, refused here only for want of a running gateway to send through.
        assertThatThrownBy(() -> partner.replay(all, "kamelet:http-sink?url=http://127.0.0.1:1/x", false, 0, null,
                null)).hasMessageContaining("running gateway");
        // The listed target with other parameters, or a longer URL, is another target.
        for (String other : List.of("kamelet:http-sink?url=http://127.0.0.1:1/x&httpMethod=PUT",
                "kamelet:http-sink?url=http://127.0.0.1:1/xy", "kamelet:http-sink")) {
            assertThatThrownBy(() -> partner.replay(all, other, false, 0, null, null))
                    .as(other).hasMessageContaining("replay-targets");
        }
    }

    /** The sixth probe: since=abc answered 200 with nothing found, as if it meant "now". */
    @Test
    void aTimeThatIsNeitherAnInstantNorADurationIsRefused() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        assertThat(DeadLetterQuery.parseTime("2026-12-06T10:00:00Z", now)).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(DeadLetterQuery.parseTime("3d", now)).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
        assertThat(DeadLetterQuery.parseTime("1h30m", now)).isEqualTo(Instant.parse("2026-12-07T08:30:00Z"));
        for (String bad : List.of("abc", "5", "-1h", "1y", "d")) {
            assertThatThrownBy(() -> DeadLetterQuery.parseTime(bad, now)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither an instant");
        }
    }
}
