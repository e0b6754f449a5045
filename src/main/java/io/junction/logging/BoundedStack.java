package io.junction.logging;

/**
 * A throwable as it is logged, with each stack trace in its chain longer than {@link #LIMIT} frames (a framework's
 * deepest are about 200) cut to its first {@link #FRAMES}. A StackOverflowError carries about a thousand: Qpid JMS
 * logged three such traces each time a deeply nested AMQP message failed its connection, megabytes of log a minute,
 * while the frames that say where it happened are the first ones.
 */
public final class BoundedStack extends RuntimeException {

    public static final int LIMIT = 300;
    public static final int FRAMES = 100;

    /** The original's own words ("java.lang.StackOverflowError: ..."), which the log shows for this one. */
    private final String toString;

    private BoundedStack(Throwable t, Throwable cause) {
        super(t.getMessage(), cause, false, true);
        StackTraceElement[] stack = t.getStackTrace();
        int keep = stack.length > LIMIT ? FRAMES : stack.length;
        StackTraceElement[] cut = java.util.Arrays.copyOf(stack, keep + (stack.length > keep ? 1 : 0));
        if (stack.length > keep) {
            cut[keep] = new StackTraceElement("(" + (stack.length - keep) + " more frames", "not logged)", null, -1);
        }
        setStackTrace(cut);
        this.toString = t.toString();
    }

    /** {@code t} itself when no trace in its chain is longer than {@link #LIMIT}. */
    public static Throwable of(Throwable t) {
        if (t == null || !tooDeep(t)) {
            return t;
        }
        Throwable cause = t.getCause() == null || t.getCause() == t ? null : of(t.getCause());
        return new BoundedStack(t, cause);
    }

    private static boolean tooDeep(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getStackTrace().length > LIMIT) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return toString;
    }
}
