package io.junction.config;

/** JunctionConfig with its built-in defaults, for unit tests that need one. */
public final class TestConfig {

    private TestConfig() {
    }

    public static JunctionConfig defaults() {
        return ConfigBuilders.offline().build()
                .getConfigMapping(JunctionConfig.class);
    }
}
