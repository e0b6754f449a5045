package io.junction.connectors.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * MQTT 5 user properties as message headers, both ways, the way Kafka record headers, AMQP application properties
 * and RabbitMQ headers already travel: what the header policy admits, nothing else. Camel's paho-mqtt5 component
 * (4.17) maps none, so without this a trace context (traceparent), a message id or a content type stopped at every
 * MQTT hop. The content type also travels in MQTT 5's own content-type field.
 */
final class MqttUserProperties {

    static final String CONTENT_TYPE = "content-type";

    private MqttUserProperties() {
    }

    /** Wire → message, on a consumed message. */
    static void toHeaders(MqttMessage mqtt, Exchange exchange, HeaderFilterStrategy filter) {
        MqttProperties properties = mqtt.getProperties();
        if (properties == null) {
            return;
        }
        Message in = exchange.getIn();
        List<UserProperty> user = properties.getUserProperties();
        if (user != null) {
            for (UserProperty p : user) {
                if (!filter.applyFilterToExternalHeaders(p.getKey(), p.getValue(), exchange)) {
                    in.setHeader(p.getKey(), p.getValue());
                }
            }
        }
        // After the user properties: MQTT 5's own content-type field wins over a user property of that name.
        if (properties.getContentType() != null && !filter.applyFilterToExternalHeaders(CONTENT_TYPE,
                properties.getContentType(), exchange)) {
            in.setHeader(CONTENT_TYPE, properties.getContentType());
        }
    }

    /** Message → wire: the properties to publish with, or null when no header goes out. */
    static MqttProperties fromHeaders(Exchange exchange, HeaderFilterStrategy filter) {
        List<UserProperty> user = new ArrayList<>();
        String contentType = null;
        for (Map.Entry<String, Object> h : exchange.getIn().getHeaders().entrySet()) {
            Object value = h.getValue();
            // Text, numbers and flags only: an object's toString is not a value a subscriber could use.
            if (!(value instanceof CharSequence || value instanceof Number || value instanceof Boolean)
                    || filter.applyFilterToCamelHeaders(h.getKey(), value, exchange)) {
                continue;
            }
            if (CONTENT_TYPE.equalsIgnoreCase(h.getKey())) {
                contentType = value.toString();
            } else {
                user.add(new UserProperty(h.getKey(), value.toString()));
            }
        }
        if (user.isEmpty() && contentType == null) {
            return null;
        }
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(user);
        properties.setContentType(contentType);
        return properties;
    }
}
