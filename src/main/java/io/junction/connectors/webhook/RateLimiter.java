package io.junction.connectors.webhook;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Token buckets: {@code perSecond} requests per second on average, bursts up to {@code burst}, one bucket per key
 * (the route, or a client address). Idle buckets are forgotten.
 */
final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final Cache<String, Bucket> buckets;

    RateLimiter(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();
    }

    /** 0 when the request may pass, else the seconds until it would (for Retry-After). */
    long acquire(String key) {
        return buckets.get(key, k -> new Bucket(burst)).take(perSecond, burst, System.nanoTime());
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens) {
            this.tokens = tokens;
            this.last = System.nanoTime();
        }

        synchronized long take(double rate, double burst, long now) {
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / rate);
        }
    }
}
