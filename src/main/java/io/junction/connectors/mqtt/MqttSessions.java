package io.junction.connectors.mqtt;

import java.util.Map;
import java.util.function.Supplier;

import io.junction.config.JunctionConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Producer;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Camel's paho-mqtt5 component, with its consumer's message handler in place before the client connects.
 * <p>
 * A persistent session that resumes (a restarted gateway, a reloaded route) gets its unacknowledged messages again
 * right after CONNACK. Camel's consumer (4.17) sets its handler only after connecting, and Paho drops whatever arrives
 * without a handler, unacknowledged: those messages then stayed with the broker until the session's next reconnect.
 * Here the consumer's client connects on its first subscribe, which comes after the handler is set.
 * <p>
 * Its endpoints also carry headers as MQTT 5 user properties, both ways ({@link MqttUserProperties}), through the
 * header policy like every other protocol's. Everything else, options included, is Camel's: the scheme annotation
 * below makes Camel bind them with its generated configurers.
 */
@org.apache.camel.spi.annotations.Component("paho-mqtt5")
public class MqttSessions extends PahoMqtt5Component {

    /**
     * Added to the context under Camel's name rather than declared as a bean of that name: the catalog that
     * validation asks for the component's options still finds Camel's own class and documentation.
     */
    static class Installer {
        @Produces
        @Unremovable
        @ApplicationScoped
        CamelContextCustomizer installMqttSessions(JunctionConfig config) {
            long largest = config.mqtt().maxMessageSize().asLongValue();
            return (CamelContext context) -> context.addComponent("paho-mqtt5", new MqttSessions(largest));
        }
    }

    private final long maximumPacketSize;

    /**
     * @param maximumPacketSize what the consumers' clients announce as their MQTT 5 Maximum Packet Size: the broker
     *        sends nothing larger (Paho holds a packet twice while it reads it; 100 MB ran a 256 MB heap out)
     */
    MqttSessions(long maximumPacketSize) {
        this.maximumPacketSize = maximumPacketSize;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SessionEndpoint answer = new SessionEndpoint(uri, remaining, this, getConfiguration().copy(),
                maximumPacketSize);
        answer.setClient(getClient());
        setProperties(answer, parameters);
        return answer;
    }

    static final class SessionEndpoint extends PahoMqtt5Endpoint implements HeaderFilterStrategyAware {

        private HeaderFilterStrategy headerFilterStrategy;
        private final long maximumPacketSize;

        SessionEndpoint(String uri, String topic, PahoMqtt5Component component, PahoMqtt5Configuration configuration,
                long maximumPacketSize) {
            super(uri, topic, component, configuration);
            this.maximumPacketSize = maximumPacketSize;
            // Camel's own headers stay inside; the header policy is laid over this when the endpoint is added.
            DefaultHeaderFilterStrategy camelOwn = new DefaultHeaderFilterStrategy();
            camelOwn.setInFilterStartsWith(DefaultHeaderFilterStrategy.CAMEL_FILTER_STARTS_WITH);
            camelOwn.setOutFilterStartsWith(DefaultHeaderFilterStrategy.CAMEL_FILTER_STARTS_WITH);
            headerFilterStrategy = camelOwn;
        }

        @Override
        public HeaderFilterStrategy getHeaderFilterStrategy() {
            return headerFilterStrategy;
        }

        @Override
        public void setHeaderFilterStrategy(HeaderFilterStrategy strategy) {
            this.headerFilterStrategy = strategy;
        }

        @Override
        public Producer createProducer() throws Exception {
            return new PahoMqtt5Producer(this) {
                @Override
                public void process(Exchange exchange) throws Exception {
                    Message in = exchange.getIn();
                    // Built at publish time, after the tracer has put this hop's traceparent among the headers.
                    if (in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES) == null) {
                        MqttProperties properties = MqttUserProperties.fromHeaders(exchange, headerFilterStrategy);
                        if (properties != null) {
                            in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, properties);
                        }
                    }
                    super.process(exchange);
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            if (getClient() != null) {
                return super.createConsumer(processor); // a client the user shares is the user's to connect
            }
            SessionConsumer consumer = new SessionConsumer(this, processor, this::newClient);
            configureConsumer(consumer);
            return consumer;
        }

        private ConnectOnSubscribe newClient() {
            PahoMqtt5Configuration c = getConfiguration();
            try {
                MqttConnectionOptions options = createMqttConnectionOptions();
                options.setMaximumPacketSize(maximumPacketSize);
                ConnectOnSubscribe client = new ConnectOnSubscribe(c.getBrokerUrl(),
                        c.getClientId() != null ? c.getClientId() : generateClientId(),
                        createMqttClientPersistence(c), options, getTopic());
                client.setManualAcks(c.isManualAcksEnabled());
                return client;
            } catch (MqttException e) {
                throw new IllegalStateException("cannot create the MQTT client for " + getEndpointUri(), e);
            }
        }
    }

    /** Camel's consumer on a client of its own that it has not connected yet; closed with the consumer. */
    static final class SessionConsumer extends PahoMqtt5Consumer {
        private final Supplier<ConnectOnSubscribe> clients;
        private volatile ConnectOnSubscribe own;

        SessionConsumer(Endpoint endpoint, Processor processor, Supplier<ConnectOnSubscribe> clients) {
            super(endpoint, processor);
            this.clients = clients;
        }

        @Override
        public Exchange createExchange(MqttMessage mqttMessage, String topic) {
            Exchange exchange = super.createExchange(mqttMessage, topic);
            MqttUserProperties.toHeaders(mqttMessage, exchange,
                    ((SessionEndpoint) getEndpoint()).getHeaderFilterStrategy());
            return exchange;
        }

        @Override
        protected void doStart() throws Exception {
            own = clients.get();
            setClient(own);
            super.doStart(); // sets the handler, then subscribes: the client connects in between
        }

        @Override
        protected void doStop() throws Exception {
            ConnectOnSubscribe client = own;
            own = null;
            try {
                super.doStop(); // leaves a client it did not create connected (and a persistent session subscribed)
            } finally {
                if (client != null) {
                    if (client.isConnected()) {
                        client.disconnect();
                    }
                    client.close();
                }
            }
        }
    }

    /** Connects on its first subscribe; its lost connections are logged and counted ({@link MqttDisconnects}). */
    static final class ConnectOnSubscribe extends MqttClient {
        private final MqttConnectionOptions options;
        private final String topic;

        ConnectOnSubscribe(String brokerUrl, String clientId, MqttClientPersistence persistence,
                MqttConnectionOptions options, String topic) throws MqttException {
            super(brokerUrl, clientId, persistence);
            this.options = options;
            this.topic = topic;
        }

        @Override
        public void setCallback(MqttCallback callback) {
            super.setCallback(callback == null ? null : new MqttDisconnects(callback, getClientId(), topic));
        }

        @Override
        public IMqttToken subscribe(String topicFilter, int qos) throws MqttException {
            if (!isConnected()) {
                connect(options);
            }
            return super.subscribe(topicFilter, qos);
        }
    }
}
