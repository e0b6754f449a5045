package io.junction.idempotency;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** Keys in this gateway's memory for {@code window} (Caffeine), up to {@code maxKeys}; not shared, lost on restart. */
public final class MemoryIdempotencyStore implements IdempotencyStore {

    private record Entry(boolean done, Instant at) {
    }

    private final Cache<String, Entry> keys;

    public MemoryIdempotencyStore(Duration window, long maxKeys) {
        this.keys = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxKeys).build();
    }

    @Override
    public boolean claim(String scope, String key, Duration lease) {
        boolean[] won = new boolean[1];
        Instant now = Instant.now();
        keys.asMap().compute(scope + "\u0000" + key, (k, e) -> {
            if (e == null || (!e.done() && e.at().plus(lease).isBefore(now))) {
                won[0] = true;
                return new Entry(false, now);
            }
            return e;
        });
        return won[0];
    }

    @Override
    public void complete(String scope, String key) {
        keys.put(scope + "\u0000" + key, new Entry(true, Instant.now()));
    }

    @Override
    public void release(String scope, String key) {
        keys.asMap().computeIfPresent(scope + "\u0000" + key, (k, e) -> e.done() ? e : null);
    }

    @Override
    public boolean done(String scope, String key) {
        Entry e = keys.getIfPresent(scope + "\u0000" + key);
        return e != null && e.done();
    }

    @Override
    public boolean seen(String scope, String key, Duration lease) {
        Entry e = keys.getIfPresent(scope + "\u0000" + key);
        return e != null && (e.done() || e.at().plus(lease).isAfter(Instant.now()));
    }
}
