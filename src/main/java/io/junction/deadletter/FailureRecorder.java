package io.junction.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Runs each time a route's step fails (Camel's onExceptionOccurred): remembers when the event first and last
 * failed and how often, classifies the failure, and sets the delay before the next attempt (exponential backoff
 * with jitter, or the server's Retry-After). Its {@link #retryWhile()} predicate allows another attempt only for
 * retryable failures with attempts left.
 * <p>
 * The counts live outside the exchange because Camel restores the exchange to its state before the first attempt
 * on every redelivery; the latest state is copied onto the exchange each time, which is what the dead-letter route
 * sees after the last attempt.
 */
public final class FailureRecorder implements Processor {

    static final String FIRST = "junction.failure.first";
    static final String LAST = "junction.failure.last";
    static final String COUNT = "junction.failure.count";
    static final String VERDICT = "junction.failure.verdict";
    static final String ROUTE = "junction.failure.route";
    static final String DESTINATION = "junction.dlq.destination";
    /** False for HTTP sources: a retryable failure goes back to the sender (503), not to the dead letter. */
    static final String DEAD_LETTER_RETRYABLE = "junction.dlq.retryable";

    private record State(Instant first, Instant last, int count, RetryClassifier.Verdict verdict) {
    }

    private final String routeId;
    private final RetryPolicy policy;
    private final String destination;
    private final boolean deadLetterRetryable;
    private final Map<String, State> inFlight = new ConcurrentHashMap<>();

    public FailureRecorder(String routeId, RetryPolicy policy, String destination, boolean deadLetterRetryable) {
        this.routeId = routeId;
        this.policy = policy;
        this.destination = destination;
        this.deadLetterRetryable = deadLetterRetryable;
    }

    @Override
    public void process(Exchange exchange) {
        Instant now = Instant.now();
        Throwable failure = failure(exchange);
        RetryClassifier.Verdict verdict = RetryClassifier.classify(failure);
        String id = exchange.getExchangeId();
        State previous = inFlight.get(id);
        if (previous == null) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    inFlight.remove(id);
                }
            });
        }
        State state = new State(previous == null ? now : previous.first(), now,
                previous == null ? 1 : previous.count() + 1, verdict);
        inFlight.put(id, state);
        exchange.setProperty(FIRST, state.first());
        exchange.setProperty(LAST, state.last());
        exchange.setProperty(COUNT, state.count());
        exchange.setProperty(VERDICT, verdict);
        exchange.setProperty(ROUTE, routeId);
        exchange.setProperty(DESTINATION, destination);
        exchange.setProperty(DEAD_LETTER_RETRYABLE, deadLetterRetryable);
        if (verdict == RetryClassifier.Verdict.RETRYABLE && state.count() < policy.maxAttempts()) {
            Duration delay = policy.delay(state.count(), RetryClassifier.retryAfter(failure, now));
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis());
        }
    }

    /** Another attempt only for a retryable failure while attempts are left. */
    public Predicate retryWhile() {
        return exchange -> {
            State s = inFlight.get(exchange.getExchangeId());
            return s != null && s.verdict() == RetryClassifier.Verdict.RETRYABLE && s.count() < policy.maxAttempts();
        };
    }

    static Throwable failure(Exchange exchange) {
        Throwable t = exchange.getException();
        return t != null ? t : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
