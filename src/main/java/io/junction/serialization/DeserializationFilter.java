package io.junction.serialization;

import java.io.ObjectInputFilter;

/**
 * No Java deserialization in the gateway: a JVM-wide filter that rejects every class, installed before anything
 * else runs. Junction moves bytes and text; the only ways Java serialization could reach it are JMS ObjectMessages
 * and Camel's DefaultExchangeHolder (CVE-2026-40860, CVE-2026-43866: deserialization of untrusted data and a forged
 * exchange, not fixed in the Camel 4.17 that Junction runs). An operator who sets {@code -Djdk.serialFilter} keeps
 * theirs.
 */
public final class DeserializationFilter {

    /** Rejects every class (only primitive values and arrays of them, which carry no code, get through). */
    public static final String PATTERN = "maxdepth=1;!*";

    private DeserializationFilter() {
    }

    public static void install() {
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(ObjectInputFilter.Config.createFilter(PATTERN));
        }
    }
}
