package io.junction.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The eleventh probe: 300 replays asked for at once all started (600 threads, each with a Kafka consumer) and ran a
 * 256 MB gateway out of heap. A few run at once; the next is refused before anything of it is opened.
 */
class ReplayJobsTest {

    @Test
    void atMostAFewRunAtOnceAndTheNextOpensNothing() throws Exception {
        ReplayJobs jobs = new ReplayJobs();
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < ReplayJobs.MAX_RUNNING; i++) {
            jobs.start(() -> replay(release));
        }
        AtomicInteger opened = new AtomicInteger();
        assertThatThrownBy(() -> jobs.start(() -> {
            opened.incrementAndGet();
            return replay(release);
        })).isInstanceOf(ReplayJobs.Busy.class).hasMessageContaining("DELETE /admin/replay/ID");
        assertThat(opened).as("nothing of the refused replay was opened").hasValue(0);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.list().stream()
                .noneMatch(p -> p.state() == StreamReplay.State.RUNNING));
        assertThat(jobs.start(() -> replay(new CountDownLatch(0))).id()).isNotBlank();
    }

    @Test
    void aRequestThatIsNotOneIsABadRequestNotAFailure() {
        assertThatThrownBy(() -> ReplayRequest.of(null)).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> ReplayRequest.of(Map.of("topic", "t", "from", "1h", "dryRun", true, "rate", "NaN")))
                .hasMessageContaining("rate must be a number");
        assertThatThrownBy(() -> ReplayRequest.rate(-5)).hasMessageContaining("0 (no limit) or more");
        assertThat(ReplayRequest.rate(2.5)).isEqualTo(2.5);
        assertThat(ReplayRequest.rate("3")).isEqualTo(3);
        ReplayRequest nul = ReplayRequest.of(Map.of("topic", "orders\u0000", "from", "1h", "dryRun", true));
        assertThatThrownBy(() -> nul.open("127.0.0.1:1", null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--topic is not a Kafka topic name");
        ReplayRequest far = ReplayRequest.of(Map.of("topic", "orders", "from", "1h",
                "to", "+1000000000-12-31T23:59:59Z", "dryRun", true));
        assertThatThrownBy(() -> far.open("127.0.0.1:1", null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--to");
    }

    /** A dry replay whose window reads until {@code release}. */
    static StreamReplay replay(CountDownLatch release) {
        HistorySource waiting = new HistorySource() {
            public long total() {
                return 0;
            }

            public long scanned() {
                return 0;
            }

            public List<String> describe() {
                return List.of();
            }

            public void read(Handler handler) throws Exception {
                release.await();
            }

            public void close() {
            }
        };
        return new StreamReplay(waiting, "test", null, Instant.EPOCH, Instant.now(), null, null, 0);
    }
}
