package io.junction.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The benchmark event: a JSON object of an exact size, {"id":N,"ts":EPOCH_MILLIS,"pad":"xxx..."}, ASCII only so
 * that bytes and characters agree whichever way a system converts it. The id finds duplicates and losses; ts is
 * the moment the test sent the event, for end-to-end latency.
 */
public final class Payload {

    private static final byte[] TS = "\"ts\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\"id\":".getBytes(StandardCharsets.US_ASCII);

    private Payload() {
    }

    public static byte[] json(long id, long sentAtMillis, int size) {
        String head = "{\"id\":" + id + ",\"ts\":" + sentAtMillis + ",\"pad\":\"";
        String tail = "\"}";
        int pad = size - head.length() - tail.length();
        if (pad < 0) {
            throw new IllegalArgumentException("payload size " + size + " is too small (minimum " + (size - pad) + ")");
        }
        byte[] out = new byte[size];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, out, 0, h.length);
        Arrays.fill(out, h.length, h.length + pad, (byte) 'x');
        out[size - 2] = '"';
        out[size - 1] = '}';
        return out;
    }

    public static String text(long id, long sentAtMillis, int size) {
        return new String(json(id, sentAtMillis, size), StandardCharsets.US_ASCII);
    }

    /** The "id" field, or -1 when the bytes are not a benchmark payload. */
    public static long id(byte[] value) {
        return number(value, ID);
    }

    /** The "ts" field (epoch millis when sent), or -1 when the bytes are not a benchmark payload. */
    public static long sentAt(byte[] value) {
        return number(value, TS);
    }

    private static long number(byte[] value, byte[] key) {
        if (value == null) {
            return -1;
        }
        int at = indexOf(value, key);
        if (at < 0) {
            return -1;
        }
        long n = 0;
        boolean any = false;
        for (int i = at + key.length; i < value.length && value[i] >= '0' && value[i] <= '9'; i++) {
            n = n * 10 + (value[i] - '0');
            any = true;
        }
        return any ? n : -1;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        // The fields sit at the start of the object: a short linear scan is enough.
        outer:
        for (int i = 0, last = Math.min(haystack.length - needle.length, 64); i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
