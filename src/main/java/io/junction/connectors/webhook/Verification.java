package io.junction.connectors.webhook;

/** The outcome of checking a request's signature or credentials: accepted, or refused with a short reason. */
public record Verification(boolean ok, String reason) {

    public static final Verification OK = new Verification(true, null);

    public static Verification fail(String reason) {
        return new Verification(false, reason);
    }
}
