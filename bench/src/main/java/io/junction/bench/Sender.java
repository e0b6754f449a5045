package io.junction.bench;

/** Puts benchmark events into a scenario's input (a Kafka topic, an AMQP queue). */
public interface Sender extends AutoCloseable {

    /** Sends event {@code id} stamped with the current time. May return before the broker confirmed. */
    void send(long id) throws Exception;

    /** Waits until everything sent so far is confirmed by the broker. */
    void flush() throws Exception;

    @Override
    void close() throws Exception;

    /** Sends {@code count} events as fast as the broker takes them, ids from {@code firstId}. */
    static void fill(Sender sender, long firstId, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            sender.send(firstId + i);
        }
        sender.flush();
    }

    /**
     * Sends {@code count} events at a fixed rate: event i is due at start + i/rate and goes out then (or at once if
     * late), so a slow send does not lower the offered rate.
     */
    static void paced(Sender sender, long firstId, int count, int perSecond) throws Exception {
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / Math.max(1, perSecond);
        for (int i = 0; i < count; i++) {
            long due = start + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            sender.send(firstId + i);
        }
        sender.flush();
    }
}
