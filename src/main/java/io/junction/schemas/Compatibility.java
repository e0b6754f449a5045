package io.junction.schemas;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A subject's compatibility mode, with the meaning Confluent's and Apicurio's schema registries give it.
 * BACKWARD: readers using the new schema read data written with the previous one (reader = new, writer = previous).
 * FORWARD: readers using the previous schema read data written with the new one (reader = previous, writer = new).
 * FULL: both. The *_TRANSITIVE modes check against every earlier version, not just the previous one. NONE checks
 * nothing.
 */
public enum Compatibility {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** What a subject gets when it declares no mode, as in Confluent's registry. */
    public static final Compatibility DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    Compatibility(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must read what earlier versions wrote. */
    public boolean backward() {
        return backward;
    }

    /** Earlier versions must read what the new schema writes. */
    public boolean forward() {
        return forward;
    }

    /** Against every earlier version rather than the previous one alone. */
    public boolean transitive() {
        return transitive;
    }

    /**
     * The earlier versions a new one is held to under this mode: none for NONE, every one for the transitive modes,
     * else the latest.
     */
    public <T> java.util.Map<Integer, T> against(java.util.NavigableMap<Integer, T> earlierVersions) {
        if (this == NONE || earlierVersions.isEmpty()) {
            return java.util.Map.of();
        }
        return transitive ? earlierVersions : java.util.Map.of(earlierVersions.lastKey(), earlierVersions.lastEntry().getValue());
    }

    /** A mode by name, ignoring case and surrounding blanks: "backward", "FULL_TRANSITIVE". */
    public static Compatibility parse(String name) {
        if (name != null) {
            String wanted = name.trim().toUpperCase(Locale.ROOT);
            for (Compatibility mode : values()) {
                if (mode.name().equals(wanted)) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("unknown compatibility mode " + (name == null ? "null" : '"' + name + '"')
                + "; valid modes: " + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
