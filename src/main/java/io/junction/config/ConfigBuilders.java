package io.junction.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Configuration outside Quarkus (the offline commands and unit tests) read the way the gateway reads it: property
 * expressions expanded, durations and sizes written as Quarkus accepts them ({@code 150ms}, {@code 5m},
 * {@code 16M}), and junction.* mapped to {@link JunctionConfig}.
 */
public final class ConfigBuilders {

    private ConfigBuilders() {
    }

    public static SmallRyeConfigBuilder offline() {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                // Keys of Quarkus and Camel share the files; only junction.* is mapped here.
                .withMapping(JunctionConfig.class).withValidateUnknown(false);
    }
}
