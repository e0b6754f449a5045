package io.junction.headers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one header policy, for every route and every protocol: which names may travel from the wire (HTTP headers,
 * query and form fields, Kafka record headers, AMQP application properties, RabbitMQ headers) into a message, and
 * which may travel from a message onto the wire.
 * <p>
 * Control names are never accepted from outside, whatever the allowlist says: {@code camel*},
 * {@code org.apache.camel.*}, {@code kafka.*}, {@code org.apache.kafka.*} and {@code JMS*}, compared without regard to
 * case and after undoing the JMS name encoding ({@code _DOT_}, {@code _HYPHEN_}). Camel components read such headers
 * as instructions (a {@code kafka.OVERRIDE_TOPIC} header redirects a Kafka record, CVE-2026-49098; a
 * {@code CamelHttpUri} header redirects an HTTP call), so a sender must never be able to set them.
 * Beyond that, only names matching the allowlist ({@code junction.headers.allow}) are accepted.
 */
public final class HeaderPolicy {

    /** Canonical metadata names, the same on every protocol. */
    public static final String CONTENT_TYPE = "content-type";
    public static final String CONTENT_ENCODING = "content-encoding";
    public static final String MESSAGE_ID = "message-id";
    public static final String CORRELATION_ID = "correlation-id";

    private static final List<String> CONTROL_PREFIXES = List.of("camel", "org.apache.camel.", "kafka.",
            "org.apache.kafka.", "jms");
    /** Names that stay inside the gateway; JMS names do leave (see {@link #allowsOutbound}). */
    private static final List<String> INTERNAL_PREFIXES = List.of("camel", "org.apache.camel.", "kafka.",
            "org.apache.kafka.");

    /** Accepted from the wire unless configured otherwise: metadata, tracing, idempotency and webhook signatures. */
    public static final List<String> DEFAULT_ALLOW = List.of(CONTENT_TYPE, CONTENT_ENCODING, MESSAGE_ID,
            CORRELATION_ID, "traceparent", "tracestate", "baggage", "x-request-id", "x-correlation-id",
            "idempotency-key", "user-agent", "ce-*", "ce_*", "webhook-*", "x-github-*", "x-hub-signature*",
            "stripe-signature", "junction.replay.*", "junction.dlq.*");

    // The allowlist, split by shape so the common cases (exact names, "prefix*") need no regular expression:
    // every header of every request is checked against it.
    private final Set<String> names = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();
    private final List<Pattern> patterns = new ArrayList<>();

    public HeaderPolicy(Collection<String> allow) {
        for (String glob : allow) {
            String g = glob.trim().toLowerCase(Locale.ROOT);
            int star = g.indexOf('*');
            if (g.isEmpty()) {
                continue;
            } else if (star < 0) {
                names.add(g);
            } else if (star == g.length() - 1) {
                prefixes.add(g.substring(0, star));
            } else {
                patterns.add(Pattern.compile(Pattern.quote(g).replace("*", "\\E.*\\Q")));
            }
        }
    }

    public static HeaderPolicy defaults() {
        return new HeaderPolicy(DEFAULT_ALLOW);
    }

    /** True for names Camel components act on. They never come from outside. */
    public static boolean isControl(String name) {
        if (name == null) {
            return true;
        }
        return startsWithAnyIgnoreCase(decode(name), CONTROL_PREFIXES);
    }

    /** May a header, query parameter or form field of this name enter a message from the wire? */
    public boolean allowsInbound(String name) {
        if (isControl(name)) {
            return false;
        }
        String n = decode(name).toLowerCase(Locale.ROOT);
        if (names.contains(n)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (n.startsWith(prefix)) {
                return true;
            }
        }
        for (Pattern p : patterns) {
            if (p.matcher(n).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * May a message header of this name be written onto the wire? Camel's and Kafka's own headers stay inside;
     * JMS names pass, because the JMS binding maps them to the message's standard fields.
     */
    public boolean allowsOutbound(String name) {
        if (name == null) {
            return false;
        }
        return !startsWithAnyIgnoreCase(decode(name), INTERNAL_PREFIXES);
    }

    /**
     * Case-insensitive prefix test that folds each character the way Camel's header map compares names
     * ({@link String#CASE_INSENSITIVE_ORDER}: upper case, then lower case), so a name Camel would look up as
     * {@code kafka.X} is caught even when spelt with look-alikes such as the Kelvin sign or the long s. It also
     * avoids lower-casing a copy of every header name of every event, which showed in profiles.
     */
    private static boolean startsWithAnyIgnoreCase(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (startsWithFolded(name, prefix)) {
                return true;
            }
        }
        return false;
    }

    /** {@code prefix} is lower-case ASCII. */
    private static boolean startsWithFolded(String name, String prefix) {
        if (name.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = name.charAt(i);
            if (c != prefix.charAt(i) && Character.toLowerCase(Character.toUpperCase(c)) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Undoes camel-jms' header name encoding, which would otherwise smuggle {@code kafka.X} in as {@code kafka_DOT_X};
     * in any case, as names are compared.
     */
    public static String decode(String name) {
        if (name.indexOf('_') < 0) {
            return name; // per header of every event: most names have nothing to decode
        }
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length();) {
            if (name.regionMatches(true, i, "_DOT_", 0, 5)) {
                b.append('.');
                i += 5;
            } else if (name.regionMatches(true, i, "_HYPHEN_", 0, 8)) {
                b.append('-');
                i += 8;
            } else {
                b.append(name.charAt(i++));
            }
        }
        return b.toString();
    }
}
