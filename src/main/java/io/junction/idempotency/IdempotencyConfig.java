package io.junction.idempotency;

import java.time.Duration;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code junctionIdempotency} repository, in memory or in PostgreSQL per junction.idempotency.store. */
@ApplicationScoped
public class IdempotencyConfig {

    @Produces
    @Unremovable
    @Named("junctionIdempotency")
    @ApplicationScoped
    JunctionIdempotentRepository repository(
            @ConfigProperty(name = "junction.idempotency.store", defaultValue = "memory") String store,
            @ConfigProperty(name = "junction.idempotency.window", defaultValue = "24h") Duration window,
            @ConfigProperty(name = "junction.idempotency.lease", defaultValue = "5m") Duration lease,
            @ConfigProperty(name = "junction.idempotency.max-keys", defaultValue = "1000000") long maxKeys,
            Instance<AgroalDataSource> dataSource) throws Exception {
        IdempotencyStore s = switch (store) {
            case "memory" -> new MemoryIdempotencyStore(window, maxKeys);
            case "postgres" -> new PostgresIdempotencyStore(dataSource.get(), window);
            default -> throw new IllegalArgumentException(
                    "junction.idempotency.store must be memory or postgres, not " + store);
        };
        return new JunctionIdempotentRepository(s, lease);
    }
}
