package io.junction.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class MemoryIdempotencyStoreTest {

    static final Duration LEASE = Duration.ofMinutes(5);

    @Test
    void aKeyIsRecognisedPerScopeAndReleasedOnlyWhileInProgress() {
        MemoryIdempotencyStore store = new MemoryIdempotencyStore(Duration.ofHours(1), 1_000);
        assertThat(store.claim("/a", "k", LEASE)).isTrue();
        assertThat(store.claim("/a", "k", LEASE)).as("in progress").isFalse();
        assertThat(store.claim("/b", "k", LEASE)).as("another scope").isTrue();
        store.release("/a", "k");
        assertThat(store.claim("/a", "k", LEASE)).as("released after a failure").isTrue();
        store.complete("/a", "k");
        store.release("/a", "k");
        assertThat(store.done("/a", "k")).isTrue();
        assertThat(store.claim("/a", "k", LEASE)).as("delivered: a duplicate").isFalse();
        assertThat(store.seen("/a", "k", LEASE)).isTrue();
        assertThat(store.seen("/a", "k2", LEASE)).isFalse();
    }

    /**
     * The seventh probe (High): 15 KB Idempotency-Keys from one webhook client, kept as given, ran the gateway out
     * of memory in 40 s. What the store keeps does not grow with a key's length: 1,000 keys of 50 KB (50 MB of text)
     * must not hold more than a few megabytes.
     */
    @Test
    void whatAKeyCostsDoesNotGrowWithItsLength() {
        MemoryIdempotencyStore store = new MemoryIdempotencyStore(Duration.ofHours(1), 10_000);
        String prefix = "k".repeat(50_000);
        long before = usedHeap();
        for (int i = 0; i < 1_000; i++) {
            assertThat(store.claim("/webhooks/p", prefix + i, LEASE)).isTrue();
        }
        long grown = usedHeap() - before;
        assertThat(grown).as("bytes kept for 1,000 keys of 50 KB").isLessThan(5L * 1024 * 1024);
        assertThat(store.claim("/webhooks/p", prefix + 7, LEASE)).as("still recognised").isFalse();
    }

    static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void unsetTheStoreHoldsAsManyKeysAsAnEighthOfTheHeap() {
        assertThat(MemoryIdempotencyStore.keysForHeap(256L * 1024 * 1024)).isBetween(150_000L, 170_000L);
        assertThat(MemoryIdempotencyStore.keysForHeap(8L * 1024 * 1024 * 1024)).isGreaterThan(5_000_000L);
        assertThat(MemoryIdempotencyStore.keysForHeap(1)).as("never none").isEqualTo(1_000);
    }
}
