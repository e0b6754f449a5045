package io.junction.idempotency;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import io.junction.config.JunctionConfig;

/** The {@code junctionIdempotency} repository, in memory or in PostgreSQL per junction.idempotency.store. */
@ApplicationScoped
public class IdempotencyConfig {

    @Produces
    @Unremovable
    @Named("junctionIdempotency")
    @ApplicationScoped
    JunctionIdempotentRepository repository(JunctionConfig config, Instance<AgroalDataSource> dataSource)
            throws Exception {
        JunctionConfig.Idempotency c = config.idempotency();
        IdempotencyStore s = switch (c.store()) {
            case "memory" -> new MemoryIdempotencyStore(c.window(),
                    c.maxKeys().orElse(MemoryIdempotencyStore.keysForHeap(Runtime.getRuntime().maxMemory())));
            case "postgres" -> new PostgresIdempotencyStore(dataSource.get(), c.window());
            default -> throw new IllegalArgumentException(
                    "junction.idempotency.store must be memory or postgres, not " + c.store());
        };
        return new JunctionIdempotentRepository(s, c.lease());
    }
}
