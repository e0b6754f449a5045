package io.junction.connectors.rabbitmq;

import io.junction.config.JunctionConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;

/**
 * The connection to RabbitMQ (for spring-rabbitmq: rabbitmq-source, rabbitmq-sink and raw spring-rabbitmq: routes),
 * built from configuration so that credentials never appear in route files. It connects lazily: a gateway without
 * RabbitMQ routes never opens a connection.
 */
@ApplicationScoped
public class RabbitConnections {

    /** Found by the spring-rabbitmq component by type: rabbitmq-sink and raw spring-rabbitmq: routes. */
    @Produces
    @Unremovable
    @ApplicationScoped
    org.springframework.amqp.rabbit.connection.CachingConnectionFactory rabbit(JunctionConfig config)
            throws Exception {
        var f = new org.springframework.amqp.rabbit.connection.CachingConnectionFactory(client(config, null));
        // Publisher confirms let the sink wait for the broker.
        f.setPublisherConfirmType(ConfirmType.CORRELATED);
        return configured(f, config);
    }

    /**
     * rabbitmq-source's own connection, named in its Kamelet: its reader waits while the bodies held are over the
     * budget, which must never hold up a sink's publisher confirms, so no publisher shares it. Typed as its own
     * class so that the component, which takes the single ConnectionFactory there is, still finds the one above.
     */
    @Produces
    @Unremovable
    @Named("junctionRabbitSources")
    @Typed(SourceConnections.class)
    @Singleton
    SourceConnections sources(JunctionConfig config) throws Exception {
        long budget = config.rabbitmq().maxBytesInFlight().map(m -> m.asLongValue())
                .orElse(Runtime.getRuntime().maxMemory() / 8);
        return configured(new SourceConnections(client(config, new BodiesInFlight(budget))), config);
    }

    /** rabbitmq-source's connection factory (a type of its own: see {@link #sources}). */
    public static final class SourceConnections extends org.springframework.amqp.rabbit.connection.CachingConnectionFactory {
        SourceConnections(com.rabbitmq.client.ConnectionFactory rabbit) {
            super(rabbit);
        }
    }

    private static com.rabbitmq.client.ConnectionFactory client(JunctionConfig config, BodiesInFlight inFlight) {
        JunctionConfig.Rabbitmq rabbitmq = config.rabbitmq();
        var rabbit = new OversizeBodies.Factory(rabbitmq.maxMessageSize().asLongValue(), inFlight);
        // As Spring's own factory is: Spring recovers connections itself.
        rabbit.setAutomaticRecoveryEnabled(false);
        rabbit.setHost(rabbitmq.host());
        rabbit.setPort(rabbitmq.port());
        // No body over the limit reaches the client (OversizeBodies cuts it); one under it must not be refused.
        rabbit.setMaxInboundMessageBodySize((int) Math.min(Integer.MAX_VALUE,
                Math.max(CLIENT_DEFAULT_MAX_BODY, rabbitmq.maxMessageSize().asLongValue() + 1)));
        deepStacks(rabbit);
        return rabbit;
    }

    private static <F extends org.springframework.amqp.rabbit.connection.CachingConnectionFactory> F configured(F f,
            JunctionConfig config) throws Exception {
        JunctionConfig.Rabbitmq rabbitmq = config.rabbitmq();
        if (rabbitmq.tls()) {
            // TLS with the JVM's default trust store (javax.net.ssl.trustStore to add a private CA).
            f.getRabbitConnectionFactory().useSslProtocol(javax.net.ssl.SSLContext.getDefault());
            f.getRabbitConnectionFactory().enableHostnameVerification();
        }
        f.setUsername(rabbitmq.username());
        f.setPassword(rabbitmq.password());
        f.setVirtualHost(rabbitmq.virtualHost());
        f.setConnectionTimeout(5000);
        return f;
    }

    /**
     * amqp-client reads a header table by recursion, each level through one more wrapped stream: a table nested
     * ~9,000 deep overflowed the reader's default stack, the connection dropped and the message came back for ever.
     * RabbitMQ refuses frames over its frame_max (128 KiB unless configured), so a header is at most ~26,000 levels
     * (5 bytes a level); the connection's threads (its reader, and the consumers it dispatches to) get a stack that
     * holds that. The stack is reserved, not resident: only a deep message touches it.
     */
    static void deepStacks(com.rabbitmq.client.ConnectionFactory f) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        f.setThreadFactory(r -> new Thread(null, r, "rabbitmq-" + n.incrementAndGet(), STACK_BYTES));
    }

    /** amqp-client's own limit (5.x): a body over it closes the connection. */
    static final long CLIENT_DEFAULT_MAX_BODY = 64L * 1024 * 1024;

    // 48 MiB read the deepest table here; the rest is margin for frames not yet compiled.
    static final long STACK_BYTES = 128L * 1024 * 1024;

    void closeRabbit(@Disposes org.springframework.amqp.rabbit.connection.CachingConnectionFactory f) {
        f.destroy();
    }

    void closeSources(@Disposes @Named("junctionRabbitSources") SourceConnections f) {
        f.destroy();
    }
}
