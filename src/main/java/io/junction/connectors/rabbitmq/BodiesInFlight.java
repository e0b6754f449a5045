package io.junction.connectors.rabbitmq;

import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A bound on the bytes of RabbitMQ message bodies the gateway holds: read from the broker and not yet acknowledged,
 * rejected or requeued. The broker sends up to prefetchCount messages a consumer has not settled, whatever their size:
 * 250 messages of 15 MB are 3.75 GB, more than the heap. A connection's reader waits before the body of a delivery
 * that would take the bytes held over the budget, until settlements bring them under it (the broker then holds the
 * rest, as it does for a slow consumer). One message is always let in, however large (up to the max message size).
 *
 * <p>Settlements are read from the frames the client writes (basic.ack, reject, nack, recover, channel.close), so
 * every way a delivery ends is counted, whoever ends it; a channel or connection that closes gives back all it held.
 */
final class BodiesInFlight {

    private final long budget;
    private long held; // guarded by this

    BodiesInFlight(long budget) {
        this.budget = budget;
    }

    long budget() {
        return budget;
    }

    synchronized long held() {
        return held;
    }

    /** One connection's deliveries: what it holds, by channel and delivery tag. */
    final class Ledger {
        private final Map<Integer, NavigableMap<Long, Long>> byChannel = new HashMap<>(); // guarded by the budget
        /** Channels the client is closing: deliveries still on their way to them are dropped by the client. */
        private final java.util.Set<Integer> closing = new java.util.HashSet<>();
        private boolean closed;

        /**
         * Waits until {@code size} more bytes fit (or nothing is held), then holds them for this delivery. A delivery
         * to a channel being closed is neither held nor waited for: the client drops it unacknowledged, and the
         * close-ok that gives its bytes back is behind it on the socket.
         */
        void hold(int channel, long tag, long size) throws InterruptedIOException {
            synchronized (BodiesInFlight.this) {
                while (held > 0 && held + size > budget && !closed && !closing.contains(channel)) {
                    try {
                        BodiesInFlight.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted waiting for RabbitMQ bodies in flight to settle");
                    }
                }
                if (closed || closing.contains(channel)) {
                    return;
                }
                held += size;
                Long before = byChannel.computeIfAbsent(channel, c -> new TreeMap<>()).put(tag, size);
                if (before != null) {
                    held -= before; // a tag is one delivery: never counted twice
                }
            }
        }

        /** basic.ack / basic.nack (multiple: this tag and all before it; tag 0 with multiple: all) and basic.reject. */
        void settled(int channel, long tag, boolean multiple) {
            synchronized (BodiesInFlight.this) {
                NavigableMap<Long, Long> tags = byChannel.get(channel);
                if (tags == null) {
                    return;
                }
                if (multiple) {
                    NavigableMap<Long, Long> done = tag == 0 ? tags : tags.headMap(tag, true);
                    release(done.values().stream().mapToLong(Long::longValue).sum());
                    done.clear();
                } else {
                    Long size = tags.remove(tag);
                    if (size != null) {
                        release(size);
                    }
                }
            }
        }

        /** The client sent channel.close: what the channel held is the broker's again, and so is what follows. */
        void closing(int channel) {
            synchronized (BodiesInFlight.this) {
                closing.add(channel);
                channelEnded(channel);
                BodiesInFlight.this.notifyAll();
            }
        }

        /** channel.close-ok arrived: the channel number may be opened again. */
        void closed(int channel) {
            synchronized (BodiesInFlight.this) {
                closing.remove(channel);
                channelEnded(channel);
            }
        }

        /** The channel closed or asked for its deliveries again: the broker requeues all it had sent on it. */
        void channelEnded(int channel) {
            synchronized (BodiesInFlight.this) {
                NavigableMap<Long, Long> tags = byChannel.remove(channel);
                if (tags != null) {
                    release(tags.values().stream().mapToLong(Long::longValue).sum());
                }
            }
        }

        /** The connection is gone: everything it held is the broker's again, and its reader must not wait. */
        void close() {
            synchronized (BodiesInFlight.this) {
                closed = true;
                for (Integer channel : byChannel.keySet().toArray(Integer[]::new)) {
                    channelEnded(channel);
                }
                BodiesInFlight.this.notifyAll();
            }
        }
    }

    Ledger ledger() {
        return new Ledger();
    }

    private void release(long bytes) {
        if (bytes > 0) {
            held -= bytes;
            notifyAll();
        }
    }
}
