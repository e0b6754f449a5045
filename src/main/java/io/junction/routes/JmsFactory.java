package io.junction.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Whether a jms: endpoint has a connection factory when its route starts: on the endpoint, on the component (set or
 * configured as camel.component.jms.connection-factory), or the one ConnectionFactory bean there is, which Camel
 * takes by itself. Without one the route fails at start ("connectionFactory must be specified"). Junction's own AMQP
 * connection is not one (it is amqp:'s): a published example's jms: route brings its own factory.
 */
final class JmsFactory {

    static final String HINT = "declare one, in a route file (beans: - name: artemis, type:"
            + " org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory, properties: {brokerURL:"
            + " \"tcp://localhost:61616\"}) or in config/application.properties (camel.beans.artemis=#class:...);"
            + " for an AMQP 1.0 broker, amqp: and kamelet:amqp-source/amqp-sink use Junction's configured connection";

    private JmsFactory() {
    }

    static boolean found(CamelContext context, String uri) {
        int q = uri.indexOf('?');
        if (q >= 0 && uri.indexOf("connectionFactory=", q) > 0) {
            return true;
        }
        if (context.hasComponent("jms") instanceof JmsComponent jms
                && jms.getConfiguration().getConnectionFactory() != null) {
            return true;
        }
        // The configuration, not the properties Camel resolves placeholders from: a routes folder's properties
        // fill placeholders only, and a component option there is not applied.
        org.eclipse.microprofile.config.Config config = ConfigProvider.getConfig(
                Thread.currentThread().getContextClassLoader());
        for (String key : new String[] { "camel.component.jms.connection-factory",
                "camel.component.jms.connectionFactory" }) {
            if (config.getOptionalValue(key, String.class).isPresent()) {
                return true; // whether the bean it names exists is the configuration check's (validate)
            }
        }
        return context.getRegistry().findByType(jakarta.jms.ConnectionFactory.class).size() == 1;
    }
}
