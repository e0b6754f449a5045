package io.junction.deadletter;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.junction.config.JunctionConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.model.RedeliveryPolicyDefinition;
import org.apache.camel.util.TimeUtils;

/**
 * How often and how patiently a route retries retryable failures: exponential backoff from {@code initialDelay},
 * times {@code multiplier} per attempt, capped at {@code maxDelay}, spread by ±{@code jitter} so that many failed
 * messages do not retry in lock-step. A server's Retry-After is honoured up to {@code maxRetryAfter}.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter,
        Duration maxRetryAfter) {

    /** The gateway-wide default, from junction.retry.*. */
    public static RetryPolicy of(JunctionConfig.Retry r) {
        return new RetryPolicy(r.maxAttempts(), r.initialDelay(), r.multiplier(), r.maxDelay(), r.jitter(),
                r.maxRetryAfter());
    }

    /** The same attempts without waiting between them (route tests exercise retries without their delays). */
    public RetryPolicy withoutDelays() {
        return new RetryPolicy(maxAttempts, Duration.ZERO, multiplier, Duration.ZERO, jitter, Duration.ZERO);
    }

    /**
     * A route's own redelivery policy, in standard Camel terms (maximumRedeliveries, redeliveryDelay,
     * backOffMultiplier, maximumRedeliveryDelay, collisionAvoidanceFactor), over this policy's defaults.
     */
    public RetryPolicy overriddenBy(RedeliveryPolicyDefinition d, CamelContext context) {
        if (d == null) {
            return this;
        }
        int attempts = d.getMaximumRedeliveries() == null ? maxAttempts
                : Integer.parseInt(context.resolvePropertyPlaceholders(d.getMaximumRedeliveries())) + 1;
        Duration initial = d.getRedeliveryDelay() == null ? initialDelay
                : duration(context.resolvePropertyPlaceholders(d.getRedeliveryDelay()));
        double mult = d.getBackOffMultiplier() == null ? multiplier
                : Double.parseDouble(context.resolvePropertyPlaceholders(d.getBackOffMultiplier()));
        if ("false".equals(d.getUseExponentialBackOff())) {
            mult = 1.0;
        }
        Duration max = d.getMaximumRedeliveryDelay() == null ? maxDelay
                : duration(context.resolvePropertyPlaceholders(d.getMaximumRedeliveryDelay()));
        double j = d.getCollisionAvoidanceFactor() == null ? jitter
                : Double.parseDouble(context.resolvePropertyPlaceholders(d.getCollisionAvoidanceFactor()));
        return new RetryPolicy(Math.max(1, attempts), initial, mult, max, j, maxRetryAfter);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialDelay, multiplier, maxDelay, jitter, maxRetryAfter);
    }

    /** The wait before attempt {@code failedAttempts + 1}, given the failed attempts so far (1 after the first). */
    public Duration delay(int failedAttempts, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        base = Math.min(base, maxDelay.toMillis());
        double spread = jitter <= 0 ? 1.0 : 1.0 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Duration.ofMillis(Math.round(Math.min(base * spread, maxDelay.toMillis())));
    }

    private static Duration duration(String s) {
        return Duration.ofMillis(TimeUtils.toMilliSeconds(s.trim()));
    }
}
