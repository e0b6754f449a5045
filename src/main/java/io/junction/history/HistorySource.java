package io.junction.history;

import java.util.List;

/** Where a replay reads a time window from: a Kafka topic ({@link TopicWindow}) or the archive ({@link ArchiveWindow}). */
public interface HistorySource extends AutoCloseable {

    /** What a reader sends each event in the window to; returning false stops the reading (a cancelled replay). */
    interface Handler {
        boolean accept(HistoryEvent event) throws Exception;
    }

    /** How many events the window holds at most (known before reading: it drives the progress bar). */
    long total();

    /** How many of those {@link #total()} events were looked at so far, in the window or not. */
    long scanned();

    /** The window's extent, one line per partition or file, for {@code --dry-run}. */
    List<String> describe();

    /** Reads every event in the window, oldest first per partition or file. */
    void read(Handler handler) throws Exception;

    @Override
    void close();
}
