package io.junction.bench;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stop signal of a baseline's main loop: SIGTERM (the harness closing the contender) clears the flag, runs
 * {@code onStop} (to wake a blocked poll) and waits up to 10 s for the calling thread to finish its loop.
 */
final class StopSignal {

    private StopSignal() {
    }

    static AtomicBoolean untilTerminated(Runnable onStop) {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            onStop.run();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return running;
    }
}
