package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first end-to-end flow: a webhook POST is answered 2xx only once the record is stored on the real Kafka. */
class WebhookToKafkaIT {

    @TempDir
    Path routes;

    static String route(String id, String path, String topic, String brokers) {
        return """
                - route:
                    id: %s
                    from:
                      uri: kamelet:webhook-source
                      parameters:
                        path: %s
                      steps:
                        - to:
                            uri: kamelet:kafka-sink
                            parameters:
                              topic: %s
                              brokers: "%s"
                """.formatted(id, path, topic, brokers);
    }

    @Test
    void postedBodyArrivesByteForByteAndTheAnswerWaitsForTheBroker() throws Exception {
        String topic = Kafka.uniqueTopic("it-webhook");
        Kafka.createTopic(topic, 1);
        Files.writeString(routes.resolve("hook.yaml"), route("hook", "/hook", topic, Kafka.BROKERS));
        byte[] body = "{\"id\":42,\"text\":\"Grüße \\u00e9 €\",\"bytes\":\"\u0001\u00ff\"}".getBytes(StandardCharsets.UTF_8);

        try (GatewayProcess gateway = GatewayProcess.start("webhook", routes).awaitReady()) {
            for (int i = 1; i <= 3; i++) {
                HttpResponse<String> r = gateway.post("/hook", "application/json", body);
                assertThat(r.statusCode()).as(gateway.logTail()).isEqualTo(202);
                // Read right after the answer, without waiting: an answer given before the broker's ack could
                // arrive before the record is in the log.
                assertThat(Kafka.endOffset(topic, 1)).isEqualTo(i);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> records = Kafka.read(topic, 3, Duration.ofSeconds(30));
        assertThat(records).hasSize(3);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(record.value()).isEqualTo(body);
        }
    }

    @Test
    void noTwoHundredWhenTheBrokerCannotStoreTheEvent() throws Exception {
        // Nothing listens on port 1: the producer cannot get an acknowledgement, so the sender must see a failure.
        Files.writeString(routes.resolve("down.yaml"), route("down", "/down", "never", "127.0.0.1:1"));
        try (GatewayProcess gateway = GatewayProcess.start("webhook-down", routes).awaitReady()) {
            HttpResponse<String> r = gateway.post("/down", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
        }
    }
}
