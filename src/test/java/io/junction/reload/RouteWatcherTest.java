package io.junction.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher outlives whatever a pass throws, and reports it, so later edits are still applied (H3). */
class RouteWatcherTest {

    @TempDir
    Path dir;

    @Test
    void anErrorInOnePassIsReportedAndTheNextPassStillRuns() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Runnable onChange = () -> {
            if (passes.incrementAndGet() == 1) {
                throw new StackOverflowError("a file nested 20,000 levels deep");
            }
        };
        try (RouteWatcher watcher = new RouteWatcher(List.of(dir), Duration.ofMillis(10), Duration.ofMillis(50),
                onChange, reported::add)) {
            watcher.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> passes.get() >= 3);
        }
        assertThat(reported).singleElement().isInstanceOf(StackOverflowError.class);
    }
}
