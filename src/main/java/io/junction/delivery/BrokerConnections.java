package io.junction.delivery;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.apache.qpid.jms.JmsConnectionFactory;
import io.junction.config.JunctionConfig;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;

/**
 * Connections to the AMQP 1.0 broker (Qpid JMS, for the amqp component) and to RabbitMQ (for spring-rabbitmq),
 * built from configuration so that credentials never appear in route files. Both connect lazily: a gateway
 * without AMQP or RabbitMQ routes never opens a connection.
 */
@ApplicationScoped
public class BrokerConnections {

    /** Referenced by camel.component.amqp.connection-factory. Sessions and producers are cached between sends. */
    @Produces
    @Unremovable
    @Named("junctionAmqp")
    @ApplicationScoped
    org.springframework.jms.connection.CachingConnectionFactory amqp(JunctionConfig config) {
        String url = config.amqp().url();
        String username = config.amqp().username();
        String password = config.amqp().password();
        // Qpid JMS waits forever on an unreachable broker unless told otherwise. AMQP property names need not be
        // Java identifiers (content-type, correlation-id): the header policy decides which names pass, not JMS.
        String withTimeouts = url + (url.contains("?") ? "&" : "?")
                + "jms.requestTimeout=10000&jms.connectTimeout=5000&jms.validatePropertyNames=false"
                // An ObjectMessage is never deserialized (CVE-2026-40860): every class is denied.
                + "&jms.deserializationPolicy.denyList=*";
        JmsConnectionFactory qpid = new JmsConnectionFactory(username, password, withTimeouts);
        var cached = new org.springframework.jms.connection.CachingConnectionFactory(qpid);
        cached.setSessionCacheSize(10);
        cached.setReconnectOnException(true);
        return cached;
    }

    void closeAmqp(@Disposes @Named("junctionAmqp") org.springframework.jms.connection.CachingConnectionFactory f) {
        f.destroy();
    }

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
