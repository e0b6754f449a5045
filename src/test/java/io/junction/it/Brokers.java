package io.junction.it;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** Plain clients for the other real brokers: Artemis over AMQP 1.0, RabbitMQ over AMQP 0.9.1, Mosquitto over MQTT. */
public final class Brokers {

    public static final String AMQP_URL = "amqp://127.0.0.1:5673";
    public static final String MQTT_URL = "tcp://127.0.0.1:1883";

    private Brokers() {
    }

    /** A JMS context on Artemis. Property names are not checked, so the test can send what non-JMS senders send. */
    public static JMSContext amqp() {
        return amqp(JMSContext.AUTO_ACKNOWLEDGE);
    }

    public static JMSContext amqp(int sessionMode) {
        JmsConnectionFactory f = new JmsConnectionFactory("junction", "junction",
                AMQP_URL + "?jms.requestTimeout=10000&jms.connectTimeout=5000&jms.validatePropertyNames=false");
        return f.createContext(sessionMode);
    }

    public static void sendAmqp(JMSContext ctx, String queue, byte[] body, String correlationId,
            Map<String, String> properties) {
        BytesMessage m = ctx.createBytesMessage();
        try {
            m.writeBytes(body);
            if (correlationId != null) {
                m.setJMSCorrelationID(correlationId);
            }
            for (var e : properties.entrySet()) {
                m.setStringProperty(e.getKey(), e.getValue());
            }
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
        JMSProducer producer = ctx.createProducer();
        producer.send(ctx.createQueue(queue), m);
    }

    /** Puts {@code n} text messages on an AMQP queue, committed in batches of 500. */
    public static void fillAmqpQueue(String queue, int n, java.util.function.IntFunction<String> payload) {
        try (JMSContext ctx = amqp(JMSContext.SESSION_TRANSACTED)) {
            var q = ctx.createQueue(queue);
            var producer = ctx.createProducer();
            for (int i = 0; i < n; i++) {
                producer.send(q, payload.apply(i));
                if (i % 500 == 499) {
                    ctx.commit();
                }
            }
            ctx.commit();
        }
    }

    /** Declares a durable queue and puts {@code n} persistent messages on it, confirmed by the broker. */
    public static void fillRabbitQueue(String exchange, String queue, int n, java.util.function.IntFunction<String> payload)
            throws Exception {
        try (Connection c = rabbit(); Channel ch = c.createChannel()) {
            declareRabbitQueue(ch, exchange, queue, "k");
            ch.confirmSelect();
            AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
            for (int i = 0; i < n; i++) {
                ch.basicPublish(exchange, "k", persistent, payload.apply(i).getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(60_000);
        }
    }

    public static Connection rabbit() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(5672);
        f.setUsername("guest");
        f.setPassword("guest");
        f.setConnectionTimeout(5000);
        return f.newConnection("junction-it");
    }

    /** Declares a durable queue bound to a direct exchange, as a legacy system would have it. */
    public static void declareRabbitQueue(Channel ch, String exchange, String queue, String key) throws Exception {
        ch.exchangeDeclare(exchange, "direct", true);
        ch.queueDeclare(queue, true, false, false, null);
        ch.queueBind(queue, exchange, key);
    }

    public static void publishRabbit(Channel ch, String exchange, String key, byte[] body, AMQP.BasicProperties props)
            throws Exception {
        ch.basicPublish(exchange, key, props, body);
    }

    public static MqttClient mqtt(String clientId) throws Exception {
        MqttClient client = new MqttClient(MQTT_URL, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout(5);
        client.connect(o);
        return client;
    }

    /**
     * Publishes with QoS 1 and returns once the broker acknowledged. The client refuses a publish while the broker's
     * receive maximum is in flight (a PUBACK it has not yet cleared): that one is offered again until accepted.
     */
    public static void publishMqtt(MqttClient client, String topic, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        await("MQTT publish to " + topic).atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1)).until(() -> {
                    try {
                        client.publish(topic, m);
                        return true;
                    } catch (MqttException e) {
                        if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                            return false;
                        }
                        throw e;
                    }
                });
    }
}
