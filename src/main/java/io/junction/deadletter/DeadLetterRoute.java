package io.junction.deadletter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import io.junction.headers.HeaderPolicy;
import io.junction.headers.IngressHeaders;
import io.junction.masking.JsonMask;
import io.junction.routes.ConnectorExpansion;
import io.junction.routes.KameletUses;
import io.micrometer.core.instrument.Metrics;
import io.junction.secrets.Secrets;
import io.junction.tracing.TraceParent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jsonvalidator.JsonValidationException;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Junction's dead-letter route: every route's dead-letter channel ends here. It adds the envelope
 * ({@link DeadLetterHeaders}) to the original message and sends it to the failing route's destination. If that send
 * fails, the failure goes back to the route, so its source is not acknowledged and the event is not lost. One
 * failure is answered here instead: a letter too large for the destination (a message too large for its sink is
 * usually too large for the dead-letter topic too) is sent again bounded, with the payload's first bytes, its size
 * and its hash; otherwise the source would take the message back and deliver it again for ever.
 */
public final class DeadLetterRoute extends RouteBuilder {

    public static final String ROUTE_ID = "junction-dead-letter";
    /** What a bounded letter keeps of its payload: enough to recognise it, far below any broker's limit. */
    public static final int KEPT_BYTES = 1024;
    /** What a bounded letter keeps of the original headers in all, names and values: far below 1 MiB too. */
    static final int KEPT_HEADER_BYTES = 64 * 1024;

    private final String instance;

    /** @param instanceId junction.instance.id; empty means host name and pid */
    public DeadLetterRoute(Optional<String> instanceId) {
        this.instance = instance(instanceId.orElse(""));
    }

    @Override
    public void configure() {
        from(DeadLetterPolicy.ENDPOINT).routeId(ROUTE_ID)
                // A failure here goes back to the failing route's channel, which says so; Camel's default handler
                // logged it again, at ERROR with its message history (65 lines for each webhook a down sink refused).
                .errorHandler(noErrorHandler())
                .process(DeadLetterRoute::refuseRetryableFromHttp)
                // The letter is the original message as its consumer made it: the route's ingress policy again.
                .process(exchange -> IngressHeaders.scrubLetter(exchange, policy(exchange)))
                // The envelope is the gateway's word alone: whatever a sender wrote under its names (a source topic
                // a replay would send to, a payload marked withheld) goes before the gateway writes its own.
                // Spelt as a JMS hop would spell it too (junction_DOT_dlq_DOT_...), and in any case.
                .process(exchange -> exchange.getIn().getHeaders().keySet().removeIf(name -> HeaderPolicy.decode(name)
                        .regionMatches(true, 0, DeadLetterHeaders.PREFIX, 0, DeadLetterHeaders.PREFIX.length())))
                .process(DeadLetterRoute::payloadBytes)
                .process(DeadLetterRoute::cutAtSource)
                .process(DeadLetterRoute::mask)
                .process(exchange -> envelope(exchange, instance))
                .doTry()
                    .toD("${exchangeProperty." + FailureRecorder.DESTINATION + "}")
                // The send's own failure: EXCEPTION_CAUGHT still holds the route's failure here, which is only
                // by chance the same when the route failed on a too-large record itself.
                .doCatch(Exception.class).onWhen(exchange -> RetryClassifier.tooLarge(exchange.getException()))
                    .process(DeadLetterRoute::bound)
                    .toD("${exchangeProperty." + FailureRecorder.DESTINATION + "}")
                .end()
                .setProperty(DeadLetterHeaders.DEAD_LETTERED, constant(true))
                .process(exchange -> Metrics.counter("junction.dead.letters", "route",
                        exchange.getProperty(FailureRecorder.ROUTE, "", String.class), "classification",
                        exchange.getIn().getHeader(DeadLetterHeaders.CLASSIFICATION, "", String.class)).increment());
    }

    private static HeaderPolicy policy(Exchange exchange) {
        HeaderPolicy configured = exchange.getContext().getRegistry().findSingleByType(HeaderPolicy.class);
        return configured != null ? configured : HeaderPolicy.defaults();
    }

    /**
     * Fails the exchange again with its failure when the HTTP sender should be told instead: to retry (retryable
     * failures), or that the event is too large for its destination (413).
     */
    static void refuseRetryableFromHttp(Exchange exchange) throws Exception {
        Throwable failure = FailureRecorder.failure(exchange);
        if (!exchange.getProperty(FailureRecorder.DEAD_LETTER_RETRYABLE, true, Boolean.class)
                && (exchange.getProperty(FailureRecorder.VERDICT) == RetryClassifier.Verdict.RETRYABLE
                        || RetryClassifier.tooLarge(failure))) {
            throw failure instanceof Exception e ? e : new IllegalStateException(failure);
        }
    }

    /**
     * A letter holds the original event; in a route that masks its events (mask-action), the original masked as the
     * route masks it, so what the route protects is never kept in clear. An original that cannot be masked the same
     * way (not JSON, or changed by the route before its mask) is withheld: no payload, and a header that says why.
     */
    static void mask(Exchange exchange) {
        if (exchange.getProperty(JsonMask.APPLIED) == null) {
            return; // the route masks nothing: the body stays as it is, not read as text
        }
        Message m = exchange.getIn();
        try {
            String masked = JsonMask.protectDeadLetter(exchange, m.getBody(String.class));
            if (masked != null) {
                m.setBody(masked.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            // protectDeadLetter's reasons quote nothing of the event
            m.setBody(new byte[0]);
            m.setHeader(DeadLetterHeaders.PAYLOAD_WITHHELD, "the route masks its events and " + e.getMessage());
        }
    }

    /**
     * A letter's payload is bytes whatever the original body was: a map or list (an AMQP sender's AmqpValue) as JSON,
     * anything else as Camel converts it, else its text. Otherwise the letter failed to serialize exactly as the
     * route's sink had, and the broker kept the message without an envelope.
     */
    static void payloadBytes(Exchange exchange) {
        Message m = exchange.getIn();
        Object body = m.getBody();
        if (body == null || body instanceof byte[] || body instanceof String) {
            return;
        }
        byte[] bytes = null;
        if (body instanceof java.util.Map<?, ?> || body instanceof java.util.Collection<?>) {
            try {
                bytes = PAYLOAD_JSON.writeValueAsBytes(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // as text below
            }
        }
        if (bytes == null) {
            bytes = exchange.getContext().getTypeConverter().tryConvertTo(byte[].class, exchange, body);
        }
        m.setBody(bytes != null ? bytes : String.valueOf(body).getBytes(StandardCharsets.UTF_8));
    }

    /** A message its source cut, too large to hold: the letter keeps what the source kept, marked as {@link #bound}. */
    static void cutAtSource(Exchange exchange) {
        for (Throwable t = FailureRecorder.failure(exchange); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OversizeMessage cut) {
                Message m = exchange.getIn();
                m.setHeader(DeadLetterHeaders.PAYLOAD_TRUNCATED, "true");
                m.setHeader(DeadLetterHeaders.PAYLOAD_SIZE, Long.toString(cut.size()));
                m.setHeader(DeadLetterHeaders.PAYLOAD_SHA256, cut.sha256());
                return;
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper PAYLOAD_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    static void envelope(Exchange exchange, String instance) {
        Message m = exchange.getIn();
        String route = exchange.getProperty(FailureRecorder.ROUTE, String.class);
        Throwable failure = FailureRecorder.failure(exchange);
        m.setHeader(DeadLetterHeaders.ROUTE, route);
        String source = sourceAsWritten(exchange);
        if (source != null) {
            m.setHeader(DeadLetterHeaders.SOURCE, source);
        }
        String position = null;
        Object topic = m.getHeader(KafkaConstants.TOPIC);
        if (topic != null) {
            m.setHeader(DeadLetterHeaders.SOURCE_TOPIC, topic.toString());
            m.setHeader(DeadLetterHeaders.SOURCE_PARTITION, String.valueOf(m.getHeader(KafkaConstants.PARTITION)));
            m.setHeader(DeadLetterHeaders.SOURCE_OFFSET, String.valueOf(m.getHeader(KafkaConstants.OFFSET)));
            position = topic + "/" + m.getHeader(KafkaConstants.PARTITION) + "/" + m.getHeader(KafkaConstants.OFFSET);
        }
        String messageId = m.getHeader(HeaderPolicy.MESSAGE_ID, String.class);
        if (messageId != null) {
            m.setHeader(DeadLetterHeaders.SOURCE_MESSAGE_ID, messageId);
            // A sender's label, not a position: with the payload's digest, so that a redelivery of the same event
            // keeps its id but another event under the same label (an MQTT user property) does not take it.
            position = position != null ? position : "message-id/" + messageId + "/" + payloadDigest(m);
        }
        String file = m.getHeader(Exchange.FILE_NAME, String.class);
        if (file != null) {
            m.setHeader(DeadLetterHeaders.SOURCE_FILE, file);
        }
        if (failure != null) {
            m.setHeader(DeadLetterHeaders.EXCEPTION_CLASS, failure.getClass().getName());
            // The envelope is read by people and tools that must not learn a secret from a failing URI.
            m.setHeader(DeadLetterHeaders.EXCEPTION_MESSAGE, Secrets.mask(message(failure)));
        }
        Object verdict = exchange.getProperty(FailureRecorder.VERDICT);
        m.setHeader(DeadLetterHeaders.CLASSIFICATION,
                verdict == RetryClassifier.Verdict.RETRYABLE ? "retries-exhausted" : "fatal");
        m.setHeader(DeadLetterHeaders.ATTEMPTS, String.valueOf(exchange.getProperty(FailureRecorder.COUNT, 1, Integer.class)));
        m.setHeader(DeadLetterHeaders.FIRST_FAILURE, String.valueOf(exchange.getProperty(FailureRecorder.FIRST, Instant.class)));
        m.setHeader(DeadLetterHeaders.LAST_FAILURE, String.valueOf(exchange.getProperty(FailureRecorder.LAST, Instant.class)));
        m.setHeader(DeadLetterHeaders.INSTANCE, instance);
        String traceId = TraceParent.traceId(m.getHeader(TraceParent.HEADER, String.class));
        if (traceId != null) {
            m.setHeader(DeadLetterHeaders.TRACE_ID, traceId);
        }
        // 24 hex digits either way: from the source position (the same event fails to the same id), else random.
        m.setHeader(DeadLetterHeaders.ID, "dl-" + hash(route + "|" + (position == null ? UUID.randomUUID() : position)));
        m.removeHeader(Exchange.REDELIVERY_DELAY);
    }

    /** The failing route's source as its file names it: {@code kamelet:NAME} for a connector, else the endpoint. */
    static String sourceAsWritten(Exchange exchange) {
        org.apache.camel.Route route = exchange.getFromRouteId() == null ? null
                : exchange.getContext().getRoute(exchange.getFromRouteId());
        if (route != null) {
            return ConnectorExpansion.sourceAsWritten(route);
        }
        return exchange.getFromEndpoint() == null ? null
                : KameletUses.asWritten(exchange.getFromEndpoint().getEndpointBaseUri());
    }

    /**
     * Cuts the payload, the key and every header to their first {@link #KEPT_BYTES} bytes, and says what it cut. What
     * is left of the original headers is kept up to {@link #KEPT_HEADER_BYTES} in all: cutting values cannot shrink a
     * thousand headers each just under the cut, nor a header whose name alone is long, so those are dropped whole,
     * counted in {@link DeadLetterHeaders#DROPPED_HEADERS}. The envelope and Camel's own headers are kept.
     */
    static void bound(Exchange exchange) {
        Message m = exchange.getIn();
        byte[] payload = m.getBody(byte[].class);
        byte[] whole = payload == null ? new byte[0] : payload;
        m.setHeader(DeadLetterHeaders.PAYLOAD_TRUNCATED, "true");
        m.setHeader(DeadLetterHeaders.PAYLOAD_SIZE, Integer.toString(whole.length));
        try {
            m.setHeader(DeadLetterHeaders.PAYLOAD_SHA256,
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        m.setBody(java.util.Arrays.copyOf(whole, Math.min(whole.length, KEPT_BYTES)));
        // The payload alone does not make a letter too large: a key or a header (ce-*) of a megabyte does too.
        List<String> cut = new ArrayList<>();
        int kept = 0;
        int dropped = 0;
        for (var it = m.getHeaders().entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Object> h = it.next();
            String name = h.getKey();
            boolean own = name.startsWith(DeadLetterHeaders.PREFIX) || name.startsWith("Camel")
                    || name.startsWith("kafka.");
            if (!own && utf8Length(name) > KEPT_BYTES) {
                it.remove();
                dropped++;
                continue;
            }
            Object v = h.getValue();
            if (name.startsWith(DeadLetterHeaders.PREFIX)) {
                continue;
            } else if (v instanceof byte[] b && b.length > KEPT_BYTES) {
                h.setValue(java.util.Arrays.copyOf(b, KEPT_BYTES));
                cut.add(name);
            } else if (v instanceof CharSequence c && c.length() > KEPT_BYTES) {
                h.setValue(c.subSequence(0, KEPT_BYTES).toString());
                cut.add(name);
            }
            if (!own) {
                Object now = h.getValue();
                kept += utf8Length(name) + (now instanceof byte[] b ? b.length
                        : now == null ? 0 : utf8Length(now.toString()));
                if (kept > KEPT_HEADER_BYTES) {
                    it.remove();
                    cut.remove(name);
                    dropped++;
                }
            }
        }
        if (!cut.isEmpty()) {
            m.setHeader(DeadLetterHeaders.TRUNCATED_HEADERS, String.join(",", cut));
        }
        if (dropped > 0) {
            m.setHeader(DeadLetterHeaders.DROPPED_HEADERS, Integer.toString(dropped));
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The exception's message; for schema validation, every validation message, one per line. */
    static String message(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonValidationException v && v.getErrors() != null && !v.getErrors().isEmpty()) {
                StringBuilder sb = new StringBuilder("JSON schema validation failed:");
                v.getErrors().forEach(e -> sb.append("\n").append(e.getMessage()));
                return sb.toString();
            }
        }
        return String.valueOf(failure.getMessage());
    }

    private static String payloadDigest(Message m) {
        byte[] body = m.getBody(byte[].class);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String instance(String configured) {
        if (!configured.isBlank()) {
            return configured;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
