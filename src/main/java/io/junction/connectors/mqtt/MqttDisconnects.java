package io.junction.connectors.mqtt;

import java.time.Duration;

import io.micrometer.core.instrument.Metrics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An mqtt-source client's lost connections, logged and counted. Camel's consumer logs them at DEBUG: two clients with
 * one client id (two gateway replicas, or a device that copied the gateway's id) took the session from each other
 * every second or so, each reconnecting at once, and nothing said why the route's messages came in fits.
 * A broker may say so (MQTT 5's reason 0x8E); Mosquitto 2.0 closes the connection without a word, so a connection lost
 * within {@link #SOON} of being made is reported as a probable takeover. Logged at WARN when the kind of loss changes,
 * else at most once a {@link #EVERY} per client with how many were not logged; counted as
 * {@code junction_source_failures_total{destination=<topic>}}, as amqp-source's are. (Camel's callback subscribes
 * again after Paho's reconnect: a session another client started clean has lost the subscription.)
 */
final class MqttDisconnects implements MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(MqttDisconnects.class);
    /** MQTT 5's reason code for "another client connected with this client id". */
    static final int SESSION_TAKEN_OVER = 0x8E;
    static final Duration SOON = Duration.ofSeconds(5);
    static final Duration EVERY = Duration.ofMinutes(1);
    private static final String TAKEOVER = " another client with the same client id took the session;"
            + " each gateway replica and each device needs a client id of its own";

    private final MqttCallback camel;
    private final String clientId;
    private final String topic;
    private volatile long connectedAt;
    private long lastLogged;
    private boolean lastWasTakeover;
    private boolean logged;
    private int notLogged;

    MqttDisconnects(MqttCallback camel, String clientId, String topic) {
        this.camel = camel;
        this.clientId = clientId;
        this.topic = topic;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        Metrics.counter("junction.source.failures", "destination", topic).increment();
        long now = System.nanoTime();
        Duration lasted = connectedAt == 0 ? null : Duration.ofNanos(now - connectedAt);
        log(now, takeover(response, lasted), why(response, lasted));
        camel.disconnected(response);
    }

    private synchronized void log(long now, boolean takeover, String why) {
        if (logged && takeover == lastWasTakeover && now - lastLogged < EVERY.toNanos()) {
            notLogged++;
            return;
        }
        LOG.warn("MQTT client '{}' (topic {}) lost its connection: {}; it reconnects{}", clientId, topic, why,
                notLogged == 0 ? "" : " (" + notLogged + " more since the last such line)");
        logged = true;
        lastLogged = now;
        lastWasTakeover = takeover;
        notLogged = 0;
    }

    /** Said by the broker, or a connection that lasted less than {@link #SOON} ({@code lasted} null if unknown). */
    static boolean takeover(MqttDisconnectResponse response, Duration lasted) {
        return response.getReturnCode() == SESSION_TAKEN_OVER || lasted != null && lasted.compareTo(SOON) < 0;
    }

    /** Why, in one sentence. */
    static String why(MqttDisconnectResponse response, Duration lasted) {
        if (response.getReturnCode() == SESSION_TAKEN_OVER) {
            return "the broker says (MQTT reason 0x8E):" + TAKEOVER;
        }
        String what = response.getException() != null ? String.valueOf(response.getException().getMessage())
                : "the broker disconnected it (MQTT reason 0x" + Integer.toHexString(response.getReturnCode())
                        + (response.getReasonString() == null ? "" : ", " + response.getReasonString()) + ")";
        if (takeover(response, lasted)) {
            return what + ", " + lasted.toMillis() + " ms after connecting: probably" + TAKEOVER;
        }
        return what;
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        camel.mqttErrorOccurred(exception);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        camel.messageArrived(topic, message);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        camel.deliveryComplete(token);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        connectedAt = System.nanoTime();
        camel.connectComplete(reconnect, serverUri);
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        camel.authPacketArrived(reasonCode, properties);
    }
}
