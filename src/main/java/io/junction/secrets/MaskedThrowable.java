package io.junction.secrets;

/**
 * A throwable as it is logged: the original's class name and stack, with secret values masked in its message and in
 * its causes'. Only made when a message needs masking; otherwise the original is logged as it is.
 */
public final class MaskedThrowable extends RuntimeException {

    private final String original;

    private MaskedThrowable(Throwable t, Throwable cause) {
        super(Secrets.mask(t.getMessage()), cause, false, true);
        this.original = t.getClass().getName();
        setStackTrace(t.getStackTrace());
    }

    public static Throwable of(Throwable t) {
        if (t == null || !needsMask(t)) {
            return t;
        }
        Throwable cause = t.getCause() == t ? null : of(t.getCause());
        return new MaskedThrowable(t, cause);
    }

    private static boolean needsMask(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.equals(Secrets.mask(m))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? original : original + ": " + message;
    }
}
