package io.junction.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

class MqttUserPropertiesTest {

    /** The seventh probe: a user property content-type overrode MQTT 5's own content-type field. */
    @Test
    void theProtocolsContentTypeWinsOverAUserPropertyOfThatName() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            MqttProperties properties = new MqttProperties();
            properties.setContentType("application/json");
            properties.setUserProperties(List.of(new UserProperty("content-type", "text/html"),
                    new UserProperty("traceparent", "00-abc-def-01")));
            MqttMessage message = new MqttMessage("{}".getBytes());
            message.setProperties(properties);
            var exchange = new DefaultExchange(camel);
            MqttUserProperties.toHeaders(message, exchange, new DefaultHeaderFilterStrategy());
            assertThat(exchange.getIn().getHeader("content-type")).isEqualTo("application/json");
            assertThat(exchange.getIn().getHeader("traceparent")).isEqualTo("00-abc-def-01");
        }
    }
}
