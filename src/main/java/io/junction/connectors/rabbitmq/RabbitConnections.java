package io.junction.connectors.rabbitmq;

import io.junction.config.JunctionConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;

/**
 * The connection to RabbitMQ (for spring-rabbitmq: rabbitmq-source, rabbitmq-sink and raw spring-rabbitmq: routes),
 * built from configuration so that credentials never appear in route files. It connects lazily: a gateway without
 * RabbitMQ routes never opens a connection.
 */
@ApplicationScoped
public class RabbitConnections {

    /** Found by the spring-rabbitmq component by type. Publisher confirms let the sink wait for the broker. */
    @Produces
    @Unremovable
    @ApplicationScoped
    org.springframework.amqp.rabbit.connection.CachingConnectionFactory rabbit(JunctionConfig config)
            throws Exception {
        JunctionConfig.Rabbitmq rabbitmq = config.rabbitmq();
        var rabbit = new OversizeBodies.Factory(rabbitmq.maxMessageSize().asLongValue());
        // As Spring's own factory is: Spring recovers connections itself.
        rabbit.setAutomaticRecoveryEnabled(false);
        rabbit.setHost(rabbitmq.host());
        rabbit.setPort(rabbitmq.port());
        // No body over the limit reaches the client (OversizeBodies cuts it); one under it must not be refused.
        rabbit.setMaxInboundMessageBodySize((int) Math.min(Integer.MAX_VALUE,
                Math.max(CLIENT_DEFAULT_MAX_BODY, rabbitmq.maxMessageSize().asLongValue() + 1)));
        var f = new org.springframework.amqp.rabbit.connection.CachingConnectionFactory(rabbit);
        if (rabbitmq.tls()) {
            // TLS with the JVM's default trust store (javax.net.ssl.trustStore to add a private CA).
            f.getRabbitConnectionFactory().useSslProtocol(javax.net.ssl.SSLContext.getDefault());
            f.getRabbitConnectionFactory().enableHostnameVerification();
        }
        f.setUsername(rabbitmq.username());
        f.setPassword(rabbitmq.password());
        f.setVirtualHost(rabbitmq.virtualHost());
        f.setPublisherConfirmType(ConfirmType.CORRELATED);
        f.setConnectionTimeout(5000);
        deepStacks(f.getRabbitConnectionFactory());
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
}
