package io.junction.connectors.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the file-sink connector's appends whole. An append that fails part-way (the disk filled up) leaves a torn
 * line, and the retry then appends the whole line after it: one corrupt record in the file for ever. The file's
 * length is noted before each append and restored when the append fails, before the failure goes on to the retry
 * and dead-letter policy. Appends to one file are serialized meanwhile, so a rollback never cuts another event's
 * line. The lock is a permit, not a thread's: an exchange may finish on another thread than the one it began on
 * (asynchronous consumers, scheduled redeliveries).
 */
public final class FileAppends {

    private static final Logger LOG = LoggerFactory.getLogger(FileAppends.class);
    /** The file name the connector decided for this event (relative to the directory), set before {@link #mark}. */
    public static final String NAME = "junction.file.name";
    private static final String MARK = "junction.file.mark";
    /** Striped, so the number of locks stays bounded however many files roll over time. */
    private static final Semaphore[] LOCKS = new Semaphore[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Semaphore(1);
        }
    }

    private record Mark(Path file, long length, Semaphore lock) {
    }

    private Path directory;

    public void setDirectory(String directory) {
        this.directory = Path.of(directory).toAbsolutePath().normalize();
    }

    /** Before the append: takes the file's lock and notes its length (-1: the file does not exist yet). */
    public void mark(Exchange exchange) throws IOException {
        String name = exchange.getProperty(NAME, String.class);
        Path file = name == null ? null : directory.resolve(name).normalize();
        if (file == null || !file.startsWith(directory)) {
            return; // Camel's file jail refuses the write itself; nothing to guard
        }
        Semaphore lock = LOCKS[Math.floorMod(file.hashCode(), LOCKS.length)];
        lock.acquireUninterruptibly();
        try {
            exchange.setProperty(MARK, new Mark(file, Files.exists(file) ? Files.size(file) : -1, lock));
        } catch (IOException | RuntimeException e) {
            lock.release();
            throw e;
        }
    }

    /** The append failed: cut the file back to its noted length, then let the failure go on. */
    public void rollback(Exchange exchange) throws Exception {
        Mark mark = exchange.getProperty(MARK, Mark.class);
        if (mark != null && Files.exists(mark.file())) {
            try {
                if (mark.length() < 0) {
                    Files.delete(mark.file());
                } else if (Files.size(mark.file()) > mark.length()) {
                    try (FileChannel ch = FileChannel.open(mark.file(), StandardOpenOption.WRITE)) {
                        ch.truncate(mark.length());
                    }
                }
            } catch (IOException e) {
                LOG.error("Could not cut {} back to {} bytes after a failed append; it may end in a partial line: {}",
                        mark.file(), mark.length(), e.toString());
            }
        }
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught != null) {
            throw caught;
        }
    }

    /** After the append, whatever its outcome. */
    public void release(Exchange exchange) {
        Mark mark = (Mark) exchange.removeProperty(MARK);
        if (mark != null) {
            mark.lock().release();
        }
    }
}
