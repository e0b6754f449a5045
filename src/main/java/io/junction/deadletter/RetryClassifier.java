package io.junction.deadletter;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConversionException;
import org.apache.camel.ValidationException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.HttpResponseAware;

/**
 * The one retry classifier: is a failure worth another attempt? Retryable: the next hop was unreachable or slow
 * (connection refused or reset, timeouts, broker unavailable, HTTP 408, 429 and 5xx). Everything else is fatal and
 * goes to the dead letter at once: other HTTP 4xx, invalid or unparseable payloads, and errors nobody classified
 * (a bug in a route does not heal by waiting).
 */
public final class RetryClassifier {

    public enum Verdict {
        RETRYABLE, FATAL;

        public String label() {
            return name().toLowerCase();
        }
    }

    private RetryClassifier() {
    }

    /**
     * True when the event is bigger than its destination accepts (Kafka's max.request.size or the broker's
     * message.max.bytes, an HTTP 413): fatal, and for an HTTP sender a 413, never a dead letter that would be refused the same way.
     */
    public static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.RecordTooLargeException
                    || t instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException
                    || (t instanceof HttpResponseAware http && http.getHttpResponseCode() == 413)) {
                return true;
            }
        }
        return false;
    }

    public static Verdict classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Verdict v = classifyOne(t);
            if (v != null) {
                return v;
            }
        }
        return Verdict.FATAL;
    }

    private static Verdict classifyOne(Throwable t) {
        if (t instanceof HttpResponseAware http && http.getHttpResponseCode() > 0) {
            int s = http.getHttpResponseCode();
            return s == 408 || s == 429 || s >= 500 ? Verdict.RETRYABLE : Verdict.FATAL;
        }
        // Payload problems first: Jackson's parse errors are IOExceptions too.
        if (t instanceof ValidationException || t instanceof JsonProcessingException
                || t instanceof InvalidPayloadException || t instanceof NoTypeConversionAvailableException
                || t instanceof TypeConversionException) {
            return Verdict.FATAL;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                || t instanceof SocketTimeoutException || t instanceof SocketException || t instanceof TimeoutException
                || t instanceof ExchangeTimedOutException) {
            return Verdict.RETRYABLE;
        }
        String name = t.getClass().getName();
        // Kafka marks the errors a retry can fix; JMS and AMQP connection failures mean the broker is away.
        if (isA(t, "org.apache.kafka.common.errors.RetriableException")
                || name.equals("org.apache.kafka.common.errors.TimeoutException")
                || name.equals("org.apache.kafka.common.errors.DisconnectException")
                || isA(t, "org.springframework.amqp.AmqpConnectException")
                || isA(t, "org.springframework.amqp.AmqpTimeoutException")
                || isA(t, "jakarta.jms.JMSException") || isA(t, "org.springframework.jms.UncategorizedJmsException")
                || isA(t, "org.eclipse.paho.mqttv5.common.MqttException")) {
            return Verdict.RETRYABLE;
        }
        if (t instanceof IOException && !(t.getCause() != null && classifyOne(t.getCause()) == Verdict.FATAL)) {
            return Verdict.RETRYABLE;
        }
        return null;
    }

    private static boolean isA(Throwable t, String className) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** The delay a server asked for with Retry-After (seconds or an HTTP date), if it asked. */
    public static Duration retryAfter(Throwable failure, Instant now) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpOperationFailedException http && http.getResponseHeaders() != null) {
                for (Map.Entry<String, String> h : http.getResponseHeaders().entrySet()) {
                    if ("Retry-After".equalsIgnoreCase(h.getKey()) && h.getValue() != null) {
                        return parseRetryAfter(h.getValue().trim(), now);
                    }
                }
            }
        }
        return null;
    }

    static Duration parseRetryAfter(String value, Instant now) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
