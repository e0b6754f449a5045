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
        var f = new org.springframework.amqp.rabbit.connection.CachingConnectionFactory(rabbitmq.host(),
                rabbitmq.port());
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
        return f;
    }

    void closeRabbit(@Disposes org.springframework.amqp.rabbit.connection.CachingConnectionFactory f) {
        f.destroy();
    }
}
