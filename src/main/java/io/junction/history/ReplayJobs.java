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
    private final Map<String, StreamReplay> jobs = new LinkedHashMap<>();

    /** Starts the replay in the background and returns at once. */
    public synchronized StreamReplay start(StreamReplay replay) {
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
