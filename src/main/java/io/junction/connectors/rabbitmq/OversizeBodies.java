package io.junction.connectors.rabbitmq;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.impl.AMQConnection;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.FrameHandler;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import com.rabbitmq.client.impl.NetworkConnection;

/**
 * Reads a message body larger than the limit as a stream instead of holding it. amqp-client gathers a body's frames
 * and then copies them into one array, twice the body at once (a 100 MB message ran a 256 MB heap out, and again on
 * each redelivery); a body over the client's own limit closes the connection instead, and the broker delivers the
 * message again, for ever. Here the frames of a body over the limit are hashed as they arrive and dropped: the client
 * gets the first {@link #KEPT_BYTES} bytes as the whole body, and the cut is recorded under its delivery, where
 * rabbitmq-source's settlement finds it ({@link #take}) and dead-letters the message.
 *
 * <p>On rabbitmq-source's connections it also keeps the bodies held under a budget ({@link BodiesInFlight}): it sees
 * every delivery's size here and every settlement in the frames the client writes.
 */
final class OversizeBodies implements FrameHandler {

    /** What the route gets of a cut body: what a bounded dead letter keeps. */
    static final int KEPT_BYTES = io.junction.deadletter.DeadLetterRoute.KEPT_BYTES;

    /** The size and hash of a body that was cut, and the limit it exceeded. */
    record Cut(long size, String sha256, long limit) {
    }

    private record Delivery(int localPort, int channel, long tag) {
    }

    /** Cuts not yet taken, by delivery; bounded, as a consumer that is not rabbitmq-source never takes its own. */
    private static final Map<Delivery, Cut> CUTS = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Delivery, Cut> eldest) {
                    return size() > 1024;
                }
            });

    /** The cut of this delivery, if its body was cut; taken once. */
    static Cut take(Channel channel, long deliveryTag) {
        if (CUTS.isEmpty() || !(channel.getConnection() instanceof NetworkConnection connection)) {
            return null;
        }
        return take(connection.getLocalPort(), channel.getChannelNumber(), deliveryTag);
    }

    static Cut take(int localPort, int channel, long deliveryTag) {
        return CUTS.remove(new Delivery(localPort, channel, deliveryTag));
    }

    /** amqp-client's connection factory, with every connection's frames read through {@link OversizeBodies}. */
    static final class Factory extends com.rabbitmq.client.ConnectionFactory {
        private final long limit;
        private final BodiesInFlight inFlight;

        /** @param inFlight the budget of bodies held, for consumers' connections; null for publishers' */
        Factory(long limit, BodiesInFlight inFlight) {
            this.limit = limit;
            this.inFlight = inFlight;
        }

        @Override
        protected synchronized FrameHandlerFactory createFrameHandlerFactory() throws IOException {
            FrameHandlerFactory plain = super.createFrameHandlerFactory();
            return (address, name) -> new OversizeBodies(plain.create(address, name), limit,
                    inFlight == null ? null : inFlight.ledger());
        }
    }

    private final FrameHandler delegate;
    private final long limit;
    private final BodiesInFlight.Ledger ledger;
    // Read by the connection's one reader thread only. By channel number (a connection has at most 2,047 by default).
    private Frame[] lastMethod = new Frame[64];
    private final Map<Integer, Reading> reading = new HashMap<>();

    OversizeBodies(FrameHandler delegate, long limit, BodiesInFlight.Ledger ledger) {
        this.delegate = delegate;
        this.limit = limit;
        this.ledger = ledger;
    }

    @Override
    public Frame readFrame() throws IOException {
        while (true) {
            Frame f = delegate.readFrame();
            if (f == null) {
                return null;
            }
            if (f.type == AMQP.FRAME_METHOD) {
                if (f.channel >= lastMethod.length) {
                    lastMethod = Arrays.copyOf(lastMethod, Math.max(f.channel + 1, lastMethod.length * 2));
                }
                lastMethod[f.channel] = f;
                if (!reading.isEmpty()) {
                    reading.remove(f.channel); // a method ends any content before it
                }
                if (ledger != null && method(f.getPayload(), 20, 40)) {
                    ledger.channelEnded(f.channel); // the broker closed the channel
                } else if (ledger != null && method(f.getPayload(), 20, 41)) {
                    ledger.closed(f.channel); // the broker confirmed our close
                }
                return f;
            } else if (f.type == AMQP.FRAME_HEADER) {
                return header(f);
            } else if (f.type == AMQP.FRAME_BODY) {
                Reading r = reading.isEmpty() ? null : reading.get(f.channel);
                if (r == null) {
                    return f;
                }
                Frame head = r.add(f.getPayload());
                if (head != null) {
                    reading.remove(f.channel);
                    return head;
                }
                // dropped: read on
            } else {
                return f;
            }
        }
    }

    /** A content header: passed on, or, for a body over the limit, rewritten to announce the kept bytes only. */
    private Frame header(Frame f) throws IOException {
        byte[] payload = f.getPayload();
        // class-id (2 bytes), weight (2), body size (8): AMQP 0-9-1, 4.2.6.1
        long size = 0;
        for (int i = 4; i < 12 && payload.length >= 12; i++) {
            size = size << 8 | (payload[i] & 0xff);
        }
        if (size <= limit) {
            if (ledger != null) {
                long tag = deliveryTag(f.channel);
                if (tag >= 0) {
                    ledger.hold(f.channel, tag, size);
                }
            }
            return f;
        }
        long tag = deliveryTag(f.channel);
        Reading r = new Reading(new Delivery(getLocalPort(), f.channel, tag), size, limit);
        if (ledger != null && tag >= 0) {
            ledger.hold(f.channel, tag, r.head.length);
        }
        reading.put(f.channel, r);
        byte[] cut = payload.clone();
        ByteBuffer.wrap(cut, 4, 8).putLong(r.head.length);
        return new Frame(AMQP.FRAME_HEADER, f.channel, cut);
    }

    /** The delivery tag of the method this content belongs to; -1 for a returned message (it has none). */
    private long deliveryTag(int channel) {
        Frame method = channel < lastMethod.length ? lastMethod[channel] : null;
        return method == null ? -1 : deliveryTag(method.getPayload());
    }

    /** From basic.deliver (after its consumer tag) or basic.get-ok (first), read in place: one per message. */
    static long deliveryTag(byte[] method) {
        if (method(method, 60, 60) && method.length > 4) {
            int at = 5 + (method[4] & 0xff);
            return method.length >= at + 8 ? ByteBuffer.wrap(method, at, 8).getLong() : -1;
        }
        return method(method, 60, 71) && method.length >= 12 ? ByteBuffer.wrap(method, 4, 8).getLong() : -1;
    }

    static boolean method(byte[] payload, int classId, int methodId) {
        return payload.length >= 4 && ((payload[0] & 0xff) << 8 | (payload[1] & 0xff)) == classId
                && ((payload[2] & 0xff) << 8 | (payload[3] & 0xff)) == methodId;
    }

    /** The client's settlements, as they go out: what the budget gets back. */
    private void settlement(Frame frame) {
        byte[] p = frame.getPayload();
        if (method(p, 60, 80) || method(p, 60, 120)) { // basic.ack, basic.nack: tag, then multiple as bit 0
            ledger.settled(frame.channel, ByteBuffer.wrap(p, 4, 8).getLong(), p.length > 12 && (p[12] & 1) != 0);
        } else if (method(p, 60, 90)) { // basic.reject
            ledger.settled(frame.channel, ByteBuffer.wrap(p, 4, 8).getLong(), false);
        } else if (method(p, 60, 110) || method(p, 60, 100)) { // recover, recover-async
            ledger.channelEnded(frame.channel);
        } else if (method(p, 20, 40)) { // channel.close
            ledger.closing(frame.channel);
        }
    }

    /** One body being cut: hashed whole, its first bytes kept, handed on only when the last frame was read. */
    private static final class Reading {
        private final Delivery delivery;
        private final long size;
        private final long limit;
        private final MessageDigest sha256;
        private final byte[] head;
        private long read;

        Reading(Delivery delivery, long size, long limit) {
            this.delivery = delivery;
            this.size = size;
            this.limit = limit;
            this.head = new byte[(int) Math.min(size, KEPT_BYTES)];
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** @return the kept bytes as the body's one frame once the whole body was read, else null */
        Frame add(byte[] fragment) {
            sha256.update(fragment);
            if (read < head.length) {
                System.arraycopy(fragment, 0, head, (int) read, (int) Math.min(fragment.length, head.length - read));
            }
            read += fragment.length;
            if (read < size) {
                return null;
            }
            // Recorded before the client sees the body complete, so its consumer always finds it.
            CUTS.put(delivery, new Cut(size, HexFormat.of().formatHex(sha256.digest()), limit));
            return new Frame(AMQP.FRAME_BODY, delivery.channel(), head);
        }
    }

    @Override
    public void setTimeout(int timeoutMs) throws SocketException {
        delegate.setTimeout(timeoutMs);
    }

    @Override
    public int getTimeout() throws SocketException {
        return delegate.getTimeout();
    }

    @Override
    public void sendHeader() throws IOException {
        delegate.sendHeader();
    }

    @Override
    public void initialize(AMQConnection connection) {
        delegate.initialize(connection);
    }

    @Override
    public void writeFrame(Frame frame) throws IOException {
        delegate.writeFrame(frame);
        if (ledger != null && frame.type == AMQP.FRAME_METHOD) {
            settlement(frame);
        }
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() {
        if (ledger != null) {
            ledger.close();
        }
        delegate.close();
    }

    @Override
    public InetAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return delegate.getLocalPort();
    }

    @Override
    public InetAddress getAddress() {
        return delegate.getAddress();
    }

    @Override
    public int getPort() {
        return delegate.getPort();
    }
}
