package io.junction.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replays a running gateway was asked for ({@code POST /admin/replay}), each on its own thread, kept with their
 * progress so the CLI and the dashboard can follow them. The last 50 are remembered.
 */
public final class ReplayJobs {

    private static final int KEEP = 50;
    /**
     * Replays running at once. Each holds a Kafka consumer, a thread and its buffers: 300 at once ran a 256 MB
     * gateway out of heap (eleventh probe); a few side by side is what operators need.
     */
    public static final int MAX_RUNNING = 4;
    private final Map<String, StreamReplay> jobs = new LinkedHashMap<>();

    /** Thrown when {@link #MAX_RUNNING} replays are running: try again when one has finished or was cancelled. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super(MAX_RUNNING + " replays are running, the most a gateway runs at once: wait for one to finish, or "
                    + "cancel one (DELETE /admin/replay/ID)");
        }
    }

    /**
     * Opens the replay (its source and target) and starts it in the background, returning at once.
     *
     * @throws Busy when {@link #MAX_RUNNING} are running; nothing is opened then
     */
    public synchronized StreamReplay start(java.util.function.Supplier<StreamReplay> open) {
        if (jobs.values().stream().filter(j -> j.progress().state() == StreamReplay.State.RUNNING).count()
                >= MAX_RUNNING) {
            throw new Busy();
        }
        StreamReplay replay = open.get();
        jobs.put(replay.id(), replay);
        while (jobs.size() > KEEP) {
            String oldest = jobs.keySet().iterator().next();
            if (jobs.get(oldest).progress().state() == StreamReplay.State.RUNNING) {
                break;
            }
            jobs.remove(oldest);
        }
        Thread t = new Thread(replay::run, "junction-replay-" + replay.id().substring(0, 8));
        t.setDaemon(true);
        t.start();
        return replay;
    }

    public synchronized Optional<StreamReplay> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Newest first. */
    public synchronized List<StreamReplay.Progress> list() {
        List<StreamReplay.Progress> out = new ArrayList<>();
        jobs.values().forEach(j -> out.add(0, j.progress()));
        return out;
    }
}
