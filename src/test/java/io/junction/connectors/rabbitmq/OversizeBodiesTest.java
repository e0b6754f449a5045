package io.junction.connectors.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQConnection;
import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.FrameHandler;
import org.junit.jupiter.api.Test;

/**
 * The frames amqp-client reads, as RabbitMQ writes them (method, content header, body frames), through the cut: a body
 * over the limit reaches the client as its first KiB, with its size and hash recorded under its delivery.
 */
class OversizeBodiesTest {

    static final int PORT = 40_123;
    static final int FRAME = 4096;

    @Test
    void aBodyUnderTheLimitPassesUntouched() throws Exception {
        byte[] body = bytes(3000);
        List<Frame> read = readAll(new OversizeBodies(frames(delivery(1, 7, body)), 3000, null));
        assertThat(bodySize(read.get(1))).isEqualTo(3000);
        assertThat(body(read)).isEqualTo(body);
        assertThat(OversizeBodies.take(PORT, 1, 7)).isNull();
    }

    @Test
    void aBodyOverTheLimitReachesTheClientAsItsFirstKibWithItsSizeAndHashRecorded() throws Exception {
        byte[] body = bytes(100_000);
        List<Frame> read = readAll(new OversizeBodies(frames(delivery(2, 9, body)), 50_000, null));
        assertThat(read).hasSize(3); // method, header, one body frame: the rest was dropped
        assertThat(bodySize(read.get(1))).isEqualTo(OversizeBodies.KEPT_BYTES);
        assertThat(body(read)).isEqualTo(Arrays.copyOf(body, OversizeBodies.KEPT_BYTES));
        OversizeBodies.Cut cut = OversizeBodies.take(PORT, 2, 9);
        assertThat(cut).isNotNull();
        assertThat(cut.size()).isEqualTo(100_000);
        assertThat(cut.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        assertThat(OversizeBodies.take(PORT, 2, 9)).as("taken once").isNull();
    }

    @Test
    void framesOfOtherChannelsBetweenTheBodyFramesPassInOrder() throws Exception {
        byte[] big = bytes(20_000);
        byte[] small = bytes(10);
        List<Frame> mixed = new ArrayList<>(delivery(3, 1, big));
        mixed.addAll(3, delivery(4, 1, small)); // between the big body's first and second frames
        mixed.add(new Frame(AMQP.FRAME_HEARTBEAT, 0, new byte[0]));
        List<Frame> read = readAll(new OversizeBodies(frames(mixed), 10_000, null));
        assertThat(read).extracting(f -> f.channel).containsExactly(3, 3, 4, 4, 4, 3, 0);
        assertThat(read.get(4).getPayload()).isEqualTo(small);
        assertThat(read.get(5).getPayload()).isEqualTo(Arrays.copyOf(big, OversizeBodies.KEPT_BYTES));
        assertThat(OversizeBodies.take(PORT, 3, 1).size()).isEqualTo(20_000);
    }

    @Test
    void aLimitBelowAKibKeepsTheWholeOfASmallerBodyButStillCutsIt() throws Exception {
        byte[] body = bytes(600);
        List<Frame> read = readAll(new OversizeBodies(frames(delivery(5, 2, body)), 100, null));
        assertThat(bodySize(read.get(1))).isEqualTo(600);
        assertThat(body(read)).isEqualTo(body);
        assertThat(OversizeBodies.take(PORT, 5, 2).size()).isEqualTo(600);
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** basic.deliver, its content header and its body in frames of {@link #FRAME} bytes, as RabbitMQ sends them. */
    static List<Frame> delivery(int channel, long tag, byte[] body) throws IOException {
        List<Frame> frames = new ArrayList<>();
        frames.add(new AMQImpl.Basic.Deliver("ctag", tag, false, "ex", "k").toFrame(channel));
        frames.add(new AMQP.BasicProperties.Builder().deliveryMode(2).build().toFrame(channel, body.length));
        for (int at = 0; at < body.length; at += FRAME) {
            frames.add(new Frame(AMQP.FRAME_BODY, channel, Arrays.copyOfRange(body, at, Math.min(body.length, at + FRAME))));
        }
        return frames;
    }

    static long bodySize(Frame header) {
        return ByteBuffer.wrap(header.getPayload(), 4, 8).getLong();
    }

    static byte[] body(List<Frame> read) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : read) {
            if (f.type == AMQP.FRAME_BODY) {
                out.write(f.getPayload());
            }
        }
        return out.toByteArray();
    }

    static List<Frame> readAll(OversizeBodies reader) throws IOException {
        List<Frame> read = new ArrayList<>();
        for (Frame f; (f = reader.readFrame()) != null;) {
            read.add(f);
        }
        return read;
    }

    /** The socket's side: frames as the client's reader gets them, then null (a read timeout). */
    static FrameHandler frames(List<Frame> frames) {
        Deque<Frame> queue = new ArrayDeque<>();
        for (Frame f : frames) {
            queue.add(reread(f));
        }
        return new FrameHandler() {
            public Frame readFrame() {
                return queue.poll();
            }

            public int getLocalPort() {
                return PORT;
            }

            public void setTimeout(int timeoutMs) {
            }

            public int getTimeout() {
                return 0;
            }

            public void sendHeader() {
            }

            public void initialize(AMQConnection connection) {
            }

            public void writeFrame(Frame frame) {
            }

            public void flush() {
            }

            public void close() {
            }

            public InetAddress getLocalAddress() {
                return null;
            }

            public InetAddress getAddress() {
                return null;
            }

            public int getPort() {
                return 0;
            }
        };
    }

    /** A frame as the reader makes it from the wire (a frame built to be written holds its payload elsewhere). */
    static Frame reread(Frame f) {
        try {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            f.writeTo(new DataOutputStream(wire));
            return Frame.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(wire.toByteArray())),
                    Integer.MAX_VALUE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
