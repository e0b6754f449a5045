package io.junction.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

class MqttDisconnectsTest {

    @Test
    void aTakenOverSessionSaysWhyAndWhatToDo() {
        MqttDisconnectResponse takenOver = new MqttDisconnectResponse(0x8E, "Session taken over", null, null);
        assertThat(MqttDisconnects.why(takenOver, Duration.ofMinutes(5))).startsWith("the broker says (MQTT reason 0x8E):")
                .contains("same client id").contains("client id of its own");
        assertThat(MqttDisconnects.takeover(takenOver, null)).isTrue();
        assertThat(MqttDisconnects.why(new MqttDisconnectResponse(0x8B, "Server shutting down", null, null), null))
                .isEqualTo("the broker disconnected it (MQTT reason 0x8b, Server shutting down)");
    }

    /** Mosquitto 2.0 closes the connection without a reason: a connection lost right after it was made is the sign. */
    @Test
    void aConnectionLostRightAfterConnectingIsAProbableTakeover() {
        MqttDisconnectResponse lost = new MqttDisconnectResponse(new MqttException(32109));
        String message = new MqttException(32109).getMessage();
        assertThat(MqttDisconnects.why(lost, Duration.ofMillis(800))).startsWith(message
                + ", 800 ms after connecting: probably another client with the same client id took the session");
        assertThat(MqttDisconnects.takeover(lost, Duration.ofMillis(800))).isTrue();
        assertThat(MqttDisconnects.why(lost, Duration.ofMinutes(2))).isEqualTo(message);
        assertThat(MqttDisconnects.takeover(lost, Duration.ofMinutes(2))).isFalse();
        assertThat(MqttDisconnects.takeover(lost, null)).isFalse();
    }

    @Test
    void eachLostConnectionIsCountedAndPassedOnToCamel() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            List<MqttDisconnectResponse> seen = new ArrayList<>();
            MqttDisconnects watch = new MqttDisconnects(new Recording(seen), "gw-1", "plant/#");
            for (int i = 0; i < 3; i++) {
                watch.disconnected(new MqttDisconnectResponse(0x8E, null, null, null));
            }
            assertThat(seen).hasSize(3);
            assertThat(registry.counter("junction.source.failures", "destination", "plant/#").count()).isEqualTo(3);
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    /** Camel's callback, as far as these tests need it. */
    record Recording(List<MqttDisconnectResponse> seen) implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            seen.add(response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
