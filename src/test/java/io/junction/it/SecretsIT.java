package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** D4: a value from the environment never shows in logs, dead-letter envelopes or the admin API. */
class SecretsIT {

    @TempDir
    Path tmp;

    @Test
    void anEnvironmentSecretIsMaskedInLogsEnvelopesAndProblems() throws Exception {
        String secret = "tok-" + UUID.randomUUID();
        String route = "secret-" + UUID.randomUUID().toString().substring(0, 6);
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("secret.yaml"), """
                - route:
                    id: %s
                    from:
                      uri: platform-http:/secret
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalArgumentException
                            message: "partner refused token {{env:JUNCTION_IT_SECRET}}"
                """.formatted(route));
        try (GatewayProcess gateway = GatewayProcess.start("secrets", GatewayProcess.env("JUNCTION_IT_SECRET", secret),
                routes).awaitReady()) {
            gateway.post("/secret", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            String dlq = route + ".dlq";
            await().atMost(Duration.ofSeconds(60)).until(() -> Kafka.topicExists(dlq) && Kafka.endOffset(dlq, 3) > 0);
            List<ConsumerRecord<byte[], byte[]>> letters = Kafka.read(dlq, 1, Duration.ofSeconds(30));
            String reason = Kafka.header(letters.get(0), "junction.dlq.exception.message");
            assertThat(reason).isEqualTo("partner refused token ******");

            // A value that breaks a route file is reported without the value.
            Files.writeString(routes.resolve("broken.yaml"), """
                    - route:
                        id: broken-secret
                        from:
                          uri: "timer:t?repeatCount={{env:JUNCTION_IT_SECRET}}"
                          steps:
                            - to: log:x
                    """);
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.admin("/admin/reload").has("lastRejected")
                    && !gateway.admin("/admin/reload").get("lastRejected").isNull());
            JsonNode rejected = gateway.admin("/admin/reload").get("lastRejected");
            assertThat(rejected.toString()).contains("repeatCount").contains("******").doesNotContain(secret);
            assertThat(Files.readString(gateway.log())).contains("******").doesNotContain(secret);
        }
    }
}
