package io.junction.deadletter;

import static io.junction.deadletter.RetryClassifier.Verdict.FATAL;
import static io.junction.deadletter.RetryClassifier.Verdict.RETRYABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class RetryClassifierTest {

    static HttpOperationFailedException http(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://partner", status, "status", null, headers, "");
    }

    @Test
    void httpStatusesAreClassifiedAsTheRetryPolicySays() {
        for (int s : new int[] { 408, 429, 500, 502, 503, 504 }) {
            assertThat(RetryClassifier.classify(http(s, Map.of()))).as("HTTP %d", s).isEqualTo(RETRYABLE);
        }
        for (int s : new int[] { 301, 400, 401, 403, 404, 409, 422 }) {
            assertThat(RetryClassifier.classify(http(s, Map.of()))).as("HTTP %d", s).isEqualTo(FATAL);
        }
    }

    @Test
    void networkFailuresAreRetryableAndPayloadProblemsAreFatal() {
        assertThat(RetryClassifier.classify(new ConnectException("refused"))).isEqualTo(RETRYABLE);
        assertThat(RetryClassifier.classify(new SocketTimeoutException("slow"))).isEqualTo(RETRYABLE);
        assertThat(RetryClassifier.classify(new org.apache.kafka.common.errors.TimeoutException("metadata")))
                .isEqualTo(RETRYABLE);
        assertThat(RetryClassifier.classify(new IOException("reset"))).isEqualTo(RETRYABLE);
        assertThat(RetryClassifier.classify(new JsonParseException(null, "not json"))).isEqualTo(FATAL);
        assertThat(RetryClassifier.classify(new IllegalStateException("bug"))).isEqualTo(FATAL);
        // Wrapped failures are classified by their cause.
        assertThat(RetryClassifier.classify(new CamelExecutionException("wrapped", null, new ConnectException("x"))))
                .isEqualTo(RETRYABLE);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsADate() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        assertThat(RetryClassifier.retryAfter(http(503, Map.of("Retry-After", "7")), now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryClassifier.retryAfter(http(429, Map.of("retry-after", "Thu, 26 Nov 2026 10:01:00 GMT")), now))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryClassifier.retryAfter(http(503, Map.of()), now)).isNull();
    }

    @Test
    void backoffGrowsIsCappedAndHonoursRetryAfterUpToItsLimit() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), 2.0, Duration.ofMillis(500), 0.0, Duration.ofSeconds(10));
        assertThat(p.delay(1, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.delay(2, null)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.delay(3, null)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.delay(4, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.delay(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.delay(1, Duration.ofMinutes(3))).isEqualTo(Duration.ofSeconds(10));
        RetryPolicy jittered = new RetryPolicy(5, Duration.ofMillis(1000), 2.0, Duration.ofSeconds(60), 0.2, Duration.ofSeconds(10));
        for (int i = 0; i < 100; i++) {
            assertThat(jittered.delay(2, null).toMillis()).isBetween(1600L, 2400L);
        }
    }
}
