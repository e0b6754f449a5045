package io.junction.idempotency;

import java.time.Duration;

import io.junction.deadletter.DeadLetterHeaders;
import io.micrometer.core.instrument.Metrics;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The repository routes use with Camel's idempotentConsumer EIP ({@code idempotentRepository: "#junctionIdempotency"}).
 * Keys are kept per route, so two routes may use the same key values. Duplicates are counted per route
 * ({@code junction_duplicates_total{route}}).
 * <p>
 * With Camel's defaults (eager, removeOnFailure) a key is claimed before the event is processed, completed when it
 * was delivered and released when it failed; see {@link IdempotencyStore} for why a crash cannot lose an event.
 */
public final class JunctionIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final IdempotencyStore store;
    private final Duration lease;

    public JunctionIdempotentRepository(IdempotencyStore store, Duration lease) {
        this.store = store;
        this.lease = lease;
    }

    /** Keys in memory, for what runs offline (validate, route tests): the gateway's store is configured. */
    public static JunctionIdempotentRepository inMemory(long maxKeys) {
        return new JunctionIdempotentRepository(new MemoryIdempotencyStore(Duration.ofHours(24), maxKeys),
                Duration.ofMinutes(5));
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        String scope = scope(exchange);
        boolean claimed = store.claim(scope, key, lease);
        if (!claimed) {
            Metrics.counter("junction.duplicates", "route", scope).increment();
        }
        return claimed;
    }

    @Override
    public boolean contains(Exchange exchange, String key) {
        String scope = scope(exchange);
        boolean seen = store.seen(scope, key, lease);
        if (seen) {
            Metrics.counter("junction.duplicates", "route", scope).increment();
        }
        return seen;
    }

    @Override
    public boolean remove(Exchange exchange, String key) {
        store.release(scope(exchange), key);
        return true;
    }

    @Override
    public boolean confirm(Exchange exchange, String key) {
        if (exchange.getProperty(DeadLetterHeaders.DEAD_LETTERED, false, Boolean.class)) {
            // Dead-lettered, not delivered: its replay must not be taken for a duplicate.
            store.release(scope(exchange), key);
        } else {
            store.complete(scope(exchange), key);
        }
        return true;
    }

    /** Claims a key in an explicit scope (webhook ingress uses its path). False: a duplicate, or in progress. */
    public boolean claim(String scope, String key) {
        boolean claimed = store.claim(scope, key, lease);
        if (!claimed) {
            Metrics.counter("junction.duplicates", "route", scope).increment();
        }
        return claimed;
    }

    public void complete(String scope, String key) {
        store.complete(scope, key);
    }

    public void release(String scope, String key) {
        store.release(scope, key);
    }

    /** True once the key's event was delivered (not merely claimed). */
    public boolean delivered(String scope, String key) {
        return store.done(scope, key);
    }

    /** The route whose idempotentConsumer asks: the route of the step being run, not a connector's. */
    static String scope(Exchange exchange) {
        UnitOfWork uow = exchange.getUnitOfWork();
        Route route = uow == null ? null : uow.getRoute();
        return route != null ? route.getRouteId() : String.valueOf(exchange.getFromRouteId());
    }

    // Without an exchange there is no route: these are only used by Camel outside idempotentConsumer.
    @Override
    public boolean add(String key) {
        return store.claim("", key, lease);
    }

    @Override
    public boolean contains(String key) {
        return store.seen("", key, lease);
    }

    @Override
    public boolean remove(String key) {
        store.release("", key);
        return true;
    }

    @Override
    public boolean confirm(String key) {
        store.complete("", key);
        return true;
    }

    @Override
    public void clear() {
        // Keys expire with the window; clearing a shared store would re-open every event to processing.
    }

    @Override
    protected void doStop() {
        store.close();
    }
}
