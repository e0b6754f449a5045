package io.junction.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Keys in this gateway's memory for {@code window} (Caffeine), up to {@code maxKeys}; not shared, lost on restart.
 * A key is kept as the SHA-256 of its scope and value, so an entry costs the same whatever a sender puts in its
 * Idempotency-Key: kept as given, 15 KB keys from one client ran the gateway out of memory in 40 s.
 */
public final class MemoryIdempotencyStore implements IdempotencyStore {

    /** What one key costs on the heap (digest, entry, Caffeine's node): 174 bytes measured with 1,000,000 keys. */
    public static final int BYTES_PER_KEY = 200;

    /**
     * As many keys as an eighth of the heap holds: 1,000,000 (the default until the seventh probe) took 174 MB of
     * a 256 MB heap however short the keys.
     */
    public static long keysForHeap(long maxHeapBytes) {
        return Math.max(1_000, maxHeapBytes / 8 / BYTES_PER_KEY);
    }

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
        keys.asMap().compute(digest(scope, key), (k, e) -> {
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
        keys.put(digest(scope, key), new Entry(true, Instant.now()));
    }

    @Override
    public void release(String scope, String key) {
        keys.asMap().computeIfPresent(digest(scope, key), (k, e) -> e.done() ? e : null);
    }

    @Override
    public boolean done(String scope, String key) {
        Entry e = keys.getIfPresent(digest(scope, key));
        return e != null && e.done();
    }

    @Override
    public boolean seen(String scope, String key, Duration lease) {
        Entry e = keys.getIfPresent(digest(scope, key));
        return e != null && (e.done() || e.at().plus(lease).isAfter(Instant.now()));
    }

    /** getInstance is a provider lookup; a digest is not thread-safe, so each thread keeps one. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** 32 bytes as a Latin-1 string: one byte a character on the heap, and a String's equals and hash. */
    private static String digest(String scope, String key) {
        MessageDigest sha256 = SHA256.get();
        sha256.update(scope.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        return new String(sha256.digest(key.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
    }
}
