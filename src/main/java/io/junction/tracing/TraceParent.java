package io.junction.tracing;

import java.util.regex.Pattern;

/** Reads a W3C trace context header ({@code traceparent: 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}). */
public final class TraceParent {

    public static final String HEADER = "traceparent";
    /** Vendor trace state; meaningless without a valid traceparent. */
    public static final String STATE_HEADER = "tracestate";
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private TraceParent() {
    }

    /** The trace id, or null when the header is missing, malformed or all zeros (invalid by the specification). */
    public static String traceId(String traceparent) {
        return valid(traceparent) ? traceparent.trim().substring(3, 35) : null;
    }

    /** The id of the span that sent the event, or null. */
    public static String spanId(String traceparent) {
        return valid(traceparent) ? traceparent.trim().substring(36, 52) : null;
    }

    /** Whether it is a W3C traceparent a tracer continues: well-formed, ids not all zeros. */
    public static boolean valid(String traceparent) {
        if (traceparent == null || !FORMAT.matcher(traceparent.trim()).matches()) {
            return false;
        }
        String t = traceparent.trim();
        return !zeros(t, 3, 35) && !zeros(t, 36, 52);
    }

    /** Per event at every source: no regular expression compiled each time. */
    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
