package io.junction.secrets;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

/** At start, every configuration value whose key names a secret becomes one to mask (see {@link Secrets}). */
@ApplicationScoped
public class SecretConfig {

    void register(@Observes StartupEvent event, Config config) {
        registerAll(config);
    }

    public static void registerAll(Config config) {
        for (String key : config.getPropertyNames()) {
            try {
                config.getOptionalValue(key, String.class).ifPresent(v -> Secrets.registerConfig(key, v));
            } catch (RuntimeException e) {
                // a value that does not resolve (an expression with no default) is not a value to mask
            }
        }
    }
}
