package io.junction.headers;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.CamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

import io.junction.tracing.TraceParent;

/**
 * The message-level half of the header policy, applied when a route takes a message from outside (any consumer
 * but the in-process ones such as direct, seda, kamelet or timer):
 * <ol>
 * <li>protocol metadata becomes the canonical {@code message-id}, {@code correlation-id} and {@code content-type},
 * so that a route and its sinks see the same names whatever the source was;</li>
 * <li>every control header the consuming component did not set itself is removed. Components' own filters should
 * already have dropped them; this holds even for an endpoint configured with a permissive filter of its own.</li>
 * <li>Junction's own headers ({@code junction.*}: a dead letter's envelope, a replay's count and origin) are removed
 * from every source but Kafka, where the gateway's replays write them; from a webhook or a queue they could only be
 * forged. A replay into a route ({@link #REPLAY}) keeps its own.</li>
 * <li>CloudEvents attributes in Kafka's spelling ({@code ce_*}, {@code ce-*}) are removed from the brokers' sources,
 * whose senders set any header: unvalidated, they would become a CloudEvent in Kafka.</li>
 * </ol>
 */
public final class IngressHeaders extends RoutePolicySupport {

    /** Consumers whose messages come from inside the gateway: their headers were set by routes, not senders. */
    private static final Set<String> INTERNAL = Set.of("direct", "seda", "kamelet", "timer", "scheduler", "quartz",
            "cron", "stub", "mock", "vm", "disruptor", "dataset", "controlbus", "ref", "bean", "log");

    /** Header prefixes each consumer sets itself (and which therefore did not come from the sender). */
    private static final List<String> KAFKA = List.of("kafka.topic", "kafka.partition", "kafka.offset",
            "kafka.key", "kafka.timestamp", "kafka.headers", "kafka.last_record_before_commit",
            "kafka.last_poll_record", "camelkafkamanualcommit");
    private static final Map<String, List<String>> OWN = Map.of(
            "kafka", KAFKA,
            // kafka-source's own consumer (io.junction.connectors.kafka)
            "junction-kafka", KAFKA,
            "platform-http", List.of("camelhttp", "camelvertxplatformhttp"),
            "file", List.of("camelfile"),
            "spring-rabbitmq", List.of("camelspringrabbitmqroutingkey", "camelspringrabbitmqexchangename",
                    "camelspringrabbitmqredelivered", "camelspringrabbitmqdeliverytag"),
            "paho-mqtt5", List.of("camelmqtttopic", "camelmqttqos", "camelmqttproperties"),
            "paho", List.of("camelmqtttopic", "camelmqttqos"));

    /** Exchange property set by a replay into a route: its junction.* headers are the gateway's own. */
    public static final String REPLAY = "junction.replaying";
    private static final String OWN_PREFIX = "junction.";
    /** Consumers whose component mapped more headers in than the allowlist lets through (see scrub). */
    private static final Set<String> ALLOWLIST_HERE = Set.of("jms", "amqp", "activemq");
    /**
     * Brokers whose senders set any header they like: a {@code ce_}/{@code ce-} header from them would become a
     * binary-mode CloudEvent in Kafka that nobody validated (the webhook ingress validates its own; Kafka's are the
     * binding's). Their CloudEvents bindings use other names ({@code cloudEvents:} on AMQP), which pass as data.
     */
    private static final Set<String> NO_CLOUDEVENT_HEADERS = Set.of("jms", "amqp", "activemq", "spring-rabbitmq",
            "paho-mqtt5", "paho");
    /** Sources whose junction.* headers a replay of this gateway writes. */
    private static final Set<String> KEEPS_OWN = Set.of("kafka", "junction-kafka");

    private final String scheme;
    private final HeaderPolicy policy;

    private IngressHeaders(String scheme, HeaderPolicy policy) {
        this.scheme = scheme;
        this.policy = policy;
    }

    /** Installs {@link IngressHeaders} on every route the context creates, including connector and raw routes. */
    public static RoutePolicyFactory factory(HeaderPolicy policy) {
        return (CamelContext context, String routeId, NamedNode node) -> {
            if (node instanceof RouteDefinition def && def.getInput() != null) {
                return forScheme(scheme(def.getInput().getEndpointUri()), policy);
            }
            return null;
        };
    }

    /** The policy for a route consuming from {@code scheme}, or null for in-process consumers. */
    static RoutePolicy forScheme(String scheme, HeaderPolicy policy) {
        return scheme == null || INTERNAL.contains(scheme) ? null : new IngressHeaders(scheme, policy);
    }

    /**
     * A dead letter's headers as its route's ingress let them in. A letter holds the original message, as the
     * consumer made it, before this policy ran: without this, what a component's own mapping let through (an AMQP
     * sender's kafka.OVERRIDE_TOPIC, JMS fields, junction.replay.*) would be written with the letter, and steer its
     * send. The canonical message-id is set here too, for the envelope.
     */
    public static void scrubLetter(Exchange exchange, HeaderPolicy policy) {
        String scheme = exchange.getFromEndpoint() == null ? null : scheme(exchange.getFromEndpoint().getEndpointUri());
        if (scheme != null && !INTERNAL.contains(scheme)) {
            scrub(scheme, exchange.getIn(), !KEEPS_OWN.contains(scheme) && exchange.getProperty(REPLAY) == null,
                    policy);
        }
    }

    static String scheme(String uri) {
        int i = uri == null ? -1 : uri.indexOf(':');
        String scheme = i > 0 ? uri.substring(0, i).toLowerCase(Locale.ROOT) : null;
        // master:NAME:URI (leader election) consumes what URI consumes: its consumer's own headers are URI's.
        if ("master".equals(scheme)) {
            int j = uri.indexOf(':', i + 1);
            return j > 0 ? scheme(uri.substring(j + 1)) : null;
        }
        return scheme;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        scrub(scheme, exchange.getIn(), !KEEPS_OWN.contains(scheme) && exchange.getProperty(REPLAY) == null,
                policy);
    }

    /** Normalizes metadata and removes control headers the consumer of {@code scheme} did not set. */
    public static void scrub(String scheme, Message in) {
        scrub(scheme, in, !KEEPS_OWN.contains(scheme), null);
    }

    /**
     * Also removes, with a policy, for the JMS family, every name off its allowlist that the consumer did not set: the
     * JMS binding once kept a filter from before the policy was installed (HeaderPolicyInstaller now remakes it), so
     * the allowlist is enforced at the message too. (Elsewhere the wire filter holds, and what a consumer sets itself,
     * a REST path parameter such as {@code id}, is the route's to read.)
     */
    private static void scrub(String scheme, Message in, boolean dropOwn, HeaderPolicy policy) {
        switch (scheme) {
            case "jms", "amqp", "activemq" -> {
                canonical(in, HeaderPolicy.MESSAGE_ID, in.getHeader("JMSMessageID"));
                canonical(in, HeaderPolicy.CORRELATION_ID, in.getHeader("JMSCorrelationID"));
            }
            case "spring-rabbitmq" -> {
                canonical(in, HeaderPolicy.MESSAGE_ID, in.getHeader("CamelSpringRabbitmqMessageId"));
                canonical(in, HeaderPolicy.CORRELATION_ID, in.getHeader("CamelSpringRabbitmqCorrelationId"));
                canonical(in, HeaderPolicy.CONTENT_TYPE, in.getHeader("CamelSpringRabbitmqContentType"));
                canonical(in, HeaderPolicy.CONTENT_ENCODING, in.getHeader("CamelSpringRabbitmqContentEncoding"));
            }
            default -> {
            }
        }
        List<String> own = OWN.getOrDefault(scheme, List.of());
        // One pass over the headers of every event.
        boolean allowlist = policy != null && ALLOWLIST_HERE.contains(scheme);
        boolean dropCloudEvents = NO_CLOUDEVENT_HEADERS.contains(scheme);
        in.getHeaders().keySet().removeIf(name -> {
            if ((HeaderPolicy.isControl(name) || (allowlist && !policy.allowsInbound(name))) && !owned(own, name)) {
                return true;
            }
            if (!dropOwn && !dropCloudEvents) {
                return false;
            }
            String decoded = HeaderPolicy.decode(name); // once per header, for both tests
            return (dropOwn && decoded.regionMatches(true, 0, OWN_PREFIX, 0, OWN_PREFIX.length()))
                    || (dropCloudEvents && cloudEventAttribute(decoded));
        });
        dropMalformedTraceContext(in);
    }

    /**
     * W3C trace context: a traceparent that is not one is ignored, with its tracestate. With tracing off it would
     * otherwise travel on as given, and whatever reads it next would take a forged or broken value for a trace.
     */
    private static void dropMalformedTraceContext(Message in) {
        if (in.getHeader(TraceParent.HEADER) != null && !TraceParent.valid(in.getHeader(TraceParent.HEADER, String.class))) {
            in.removeHeader(TraceParent.HEADER);
            in.removeHeader(TraceParent.STATE_HEADER);
        }
    }

    private static boolean cloudEventAttribute(String name) {
        return name.regionMatches(true, 0, "ce_", 0, 3) || name.regionMatches(true, 0, "ce-", 0, 3);
    }

    private static boolean owned(List<String> own, String name) {
        for (String prefix : own) {
            // Per header of every event: compared in place, no lower-cased copy.
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The protocol's own metadata under the canonical name. It wins over a sender's header of that name, which
     * could otherwise pass for another message's id; without the metadata, such a header is dropped.
     */
    private static void canonical(Message in, String name, Object value) {
        if (value != null) {
            in.setHeader(name, value.toString());
        } else {
            in.removeHeader(name);
        }
    }
}
