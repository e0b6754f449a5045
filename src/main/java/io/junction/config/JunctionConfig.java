package io.junction.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every {@code junction.*} setting, typed, with its default: the one place the gateway and the offline commands read
 * their configuration from. docs/configuration.md lists each key with the default given here
 * ({@code ConfigurationDocsTest} compares them). Values come from system properties, environment variables
 * ({@code JUNCTION_RELOAD_DEBOUNCE}), {@code config/application.properties} and profiles, as for any Quarkus key.
 */
@ConfigMapping(prefix = "junction")
public interface JunctionConfig {

    Routes routes();

    Connectors connectors();

    Reload reload();

    Admin admin();

    Kafka kafka();

    Amqp amqp();

    Rabbitmq rabbitmq();

    Mqtt mqtt();

    Health health();

    Headers headers();

    Retry retry();

    DeadLetter deadLetter();

    Instance instance();

    Idempotency idempotency();

    Ingress ingress();

    Cluster cluster();

    Tracing tracing();

    Events events();

    interface Routes {
        /** Route directories or files (`run --routes`). */
        @WithDefault("routes")
        List<String> dirs();
    }

    interface Connectors {
        /** Connector (Kamelet) directories (`run --connectors`). */
        @WithDefault("connectors")
        List<String> dirs();
    }

    interface Reload {
        /** Watch the directories and apply valid changes while running. */
        @WithDefault("true")
        boolean enabled();

        /** Quiet time after the last file event before the files are read. */
        @WithDefault("150ms")
        Duration debounce();

        /** Periodic rescan, for file systems whose events are unreliable. */
        @WithDefault("2s")
        Duration pollInterval();

        /** How long a replaced route may take to finish its in-flight exchanges. */
        @WithDefault("30s")
        Duration drainTimeout();

        /** Invalid files at start-up: {@code fail} (exit) or {@code wait} (start without routes). */
        @WithDefault("fail")
        String startup();
    }

    interface Admin {
        /**
         * Bearer token of the admin API. Without one, outside the dev profile, the gateway makes one at start-up and
         * keeps it in {@code token-file}; in the dev profile loopback clients need none.
         */
        Optional<String> token();

        /** Where a generated token is kept (mode 600), for the dashboard, the CLI and operators to read. */
        @WithDefault(".junction/admin-token")
        String tokenFile();

        /**
         * Host names the management port answers to besides IP addresses and localhost (the Host header); a name
         * not listed is refused, so a DNS-rebinding page cannot reach the port. {@code *} allows any.
         */
        Optional<List<String>> allowedHosts();

        /** Web origins (e.g. https://ops.example.com) whose pages may call the admin API; none by default. */
        Optional<List<String>> corsOrigins();
    }

    interface Kafka {
        /** Kafka bootstrap servers. */
        @WithDefault("127.0.0.1:9092")
        String brokers();
    }

    interface Amqp {
        /** AMQP 1.0 broker URL (Qpid JMS syntax). */
        @WithDefault("amqp://127.0.0.1:5673")
        String url();

        /**
         * The largest message an AMQP consumer receives: the connection fails while a larger one is still arriving,
         * and the broker keeps it. 0: no bound.
         */
        @WithDefault("16M")
        io.quarkus.runtime.configuration.MemorySize maxMessageSize();

        @WithDefault("junction")
        String username();

        @WithDefault("junction")
        String password();
    }

    interface Rabbitmq {
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("5672")
        int port();

        @WithDefault("guest")
        String username();

        @WithDefault("guest")
        String password();

        @WithDefault("/")
        String virtualHost();

        /** TLS to RabbitMQ, verified against the JVM trust store. */
        @WithDefault("false")
        boolean tls();

        /**
         * The largest message body a consumer takes whole. A larger one is read as a stream, never held: its first
         * KiB, size and hash go on to rabbitmq-source, which dead-letters it.
         */
        @WithDefault("16M")
        io.quarkus.runtime.configuration.MemorySize maxMessageSize();

        /**
         * The most bytes of message bodies rabbitmq-source's consumers hold, read and not yet settled; beyond it the
         * gateway reads no more deliveries until some settle. Default: an eighth of the heap. One message is always
         * taken, up to maxMessageSize.
         */
        java.util.Optional<io.quarkus.runtime.configuration.MemorySize> maxBytesInFlight();
    }

    interface Mqtt {
        /** MQTT broker: tcp://host:1883 or ssl://host:8883. */
        @WithDefault("tcp://127.0.0.1:1883")
        String url();

        /**
         * The largest packet mqtt-source takes (MQTT 5 Maximum Packet Size): the broker does not send a larger one
         * to the gateway (Mosquitto discards it and logs so).
         */
        @WithDefault("16M")
        io.quarkus.runtime.configuration.MemorySize maxMessageSize();
    }

    interface Health {
        Kafka kafka();

        interface Kafka {
            /** Readiness includes "Kafka answers a metadata request". */
            @WithDefault("true")
            boolean enabled();
        }
    }

    interface Headers {
        /** Header names (globs, case-insensitive) accepted from the wire; control names never are. */
        @WithDefault("content-type,content-encoding,message-id,correlation-id,traceparent,tracestate,baggage,"
                + "x-request-id,x-correlation-id,idempotency-key,user-agent,ce-*,ce_*,webhook-*,x-github-*,"
                + "x-hub-signature*,stripe-signature,junction.replay.*,junction.dlq.*")
        List<String> allow();
    }

    interface Retry {
        /** Attempts in all, the first included. */
        @WithDefault("4")
        int maxAttempts();

        @WithDefault("500ms")
        Duration initialDelay();

        @WithDefault("2.0")
        double multiplier();

        @WithDefault("30s")
        Duration maxDelay();

        /** Each delay is spread by up to this fraction either way. */
        @WithDefault("0.2")
        double jitter();

        /** A server's Retry-After is honoured up to this long. */
        @WithDefault("5m")
        Duration maxRetryAfter();
    }

    interface DeadLetter {
        @WithDefault("true")
        boolean enabled();

        /** Default dead-letter destination; {route} is the route id. */
        @WithDefault("kafka:{route}.dlq")
        String uri();

        /** Endpoint URIs a replay may send to besides Kafka topics, each whole, parameters included. */
        Optional<List<String>> replayTargets();

        /** How often the letters held in each route's Kafka dead-letter topic are counted. */
        @WithDefault("30s")
        Duration heldRefresh();
    }

    interface Instance {
        /** Named in every dead letter's envelope; empty means host name and pid. */
        Optional<String> id();
    }

    interface Cluster {
        /**
         * A directory every gateway mounts (a shared volume): Camel's leader election ({@code master:} routes) keeps
         * its lock there. Empty: no cluster service, and {@code master:} routes are refused.
         */
        Optional<String> lockDir();

        /** How often the leader proves it is alive; a leader silent for three of these is replaced. */
        @WithDefault("2s")
        Duration heartbeat();
    }

    interface Idempotency {
        /** {@code memory} (this gateway) or {@code postgres} (shared by every gateway on the database). */
        @WithDefault("memory")
        String store();

        /** How long a key is remembered after its event was delivered. */
        @WithDefault("24h")
        Duration window();

        /** A key claimed by a gateway that then died can be claimed again after this long. */
        @WithDefault("5m")
        Duration lease();

        /** Keys the in-memory store keeps (about 200 bytes each); unset, as many as an eighth of the heap holds. */
        java.util.OptionalLong maxKeys();
    }

    interface Ingress {
        /** Allow the ingress without TLS (behind a TLS-terminating proxy, or locally). */
        @WithDefault("false")
        boolean plainHttp();

        /**
         * The most bytes of request bodies the ingress holds at once; a request that would go over it is answered 503
         * with Retry-After before its body is read. Default: an eighth of the heap.
         */
        java.util.Optional<io.quarkus.runtime.configuration.MemorySize> maxBytesInFlight();

        /** A request body not fully received this long after its headers closes its connection. */
        @WithDefault("30s")
        java.time.Duration bodyTimeout();
    }

    /** Set from the standard OTEL_* variables by io.junction.tracing.OtelEnvironment (docs/observability.md). */
    interface Tracing {
        /** Where spans go: {@code otlp}, {@code zipkin} or {@code none} (tracing off). */
        @WithDefault("none")
        String exporter();

        /** Zipkin's span endpoint when the exporter is {@code zipkin}. */
        @WithDefault("http://localhost:9411/api/v2/spans")
        String zipkinEndpoint();
    }

    interface Events {
        /** One log line per event (route, outcome, duration, source position, trace id) on the junction.events logger. */
        @WithDefault("false")
        boolean log();
    }
}
