package io.junction.connectors.amqp;

import io.junction.config.JunctionConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Named;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The connection to the AMQP 1.0 broker (Qpid JMS, for the amqp component: amqp-source, amqp-sink and raw amqp:
 * routes), built from configuration so that credentials never appear in route files. It connects lazily: a gateway
 * without AMQP routes never opens a connection.
 */
@ApplicationScoped
public class AmqpConnections {
    /**
     * Referenced by camel.component.amqp.connection-factory. Sessions and producers are cached between sends.
     * Typed as Spring's class only: found as a jakarta.jms.ConnectionFactory, it made a route file's own factory bean
     * (a jms: route with its ActiveMQConnectionFactory, as published examples have) one of two, and Camel's jms
     * component, which takes the single one there is, took none ("connectionFactory must be specified").
     */
    @Produces
    @Unremovable
    @Named("junctionAmqp")
    @Typed(org.springframework.jms.connection.CachingConnectionFactory.class)
    @ApplicationScoped
    org.springframework.jms.connection.CachingConnectionFactory amqp(JunctionConfig config) {
        DeliveryBound.largest = config.amqp().maxMessageSize().asLongValue();
        String url = DeliveryBound.scheme(config.amqp().url());
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
}
