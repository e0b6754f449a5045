package io.junction.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import io.junction.config.ConfigBuilders;
import io.junction.config.JunctionConfig;
import io.junction.secrets.SecretConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.camel.component.microprofile.config.CamelMicroProfilePropertiesSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * A Camel context for the offline commands, configured from the same sources as the gateway (the built-in
 * defaults, config/application.properties, the environment, system properties, the prod profile), so a
 * placeholder that resolves here resolves in the gateway too. It connects to nothing.
 */
final class OfflineCamel {

    private OfflineCamel() {
    }

    static DefaultCamelContext start() {
        DefaultCamelContext context = create();
        context.start();
        return context;
    }

    /** junction.* from the same sources as the gateway's, typed. */
    static JunctionConfig config() {
        registerConfig();
        return ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader()).unwrap(SmallRyeConfig.class)
                .getConfigMapping(JunctionConfig.class);
    }

    /** Not started yet, for callers that replace components first (route tests). */
    static DefaultCamelContext create() {
        registerConfig();
        DefaultCamelContext context = new DefaultCamelContext();
        // As the gateway runs (camel.main.source-location-enabled): definitions carry their file and line.
        context.setSourceLocationEnabled(true);
        context.getPropertiesComponent().addPropertiesSource(new CamelMicroProfilePropertiesSource());
        return context;
    }

    private static void registerConfig() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try {
            SmallRyeConfigBuilder builder = ConfigBuilders.offline().forClassLoader(cl).addDefaultSources()
                    .withProfile(System.getProperty("quarkus.profile", "prod"));
            URL builtIn = cl.getResource("application.properties");
            if (builtIn != null) {
                builder.withSources(new PropertiesConfigSource(builtIn, 250));
            }
            Path file = Path.of("config", "application.properties");
            if (Files.isRegularFile(file)) {
                builder.withSources(new PropertiesConfigSource(file.toUri().toURL(), 260));
            }
            SmallRyeConfig config = builder.build();
            ConfigProviderResolver resolver = ConfigProviderResolver.instance();
            try {
                resolver.releaseConfig(resolver.getConfig(cl));
            } catch (IllegalStateException e) {
                // none registered yet
            }
            resolver.registerConfig(config, cl);
            SecretConfig.registerAll(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
