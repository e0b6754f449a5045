package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (Ctrl-C, a Kubernetes rollout) drains in-flight work before the gateway exits: an event whose next hop is
 * slow is finished, answered and committed, not dropped half-way and not delivered again after the restart.
 */
class GracefulShutdownIT {

    @TempDir
    Path routes;

    PartnerServer partner;

    @BeforeEach
    void slowPartner() throws Exception {
        partner = new PartnerServer();
        partner.hold();
    }

    @AfterEach
    void stopPartner() {
        partner.close();
    }

    @Test
    void anInFlightWebhookIsFinishedAndAnsweredBeforeTheGatewayExits() throws Exception {
        Files.writeString(routes.resolve("slow.yaml"), """
                - route:
                    id: slow-webhook
                    from:
                      uri: kamelet:webhook-source
                      parameters: {path: /slow}
                      steps:
                        - to: {uri: kamelet:http-sink, parameters: {url: "%s"}}
                """.formatted(partner.url("/slow")));
        GatewayProcess gateway = GatewayProcess.start("shutdown-webhook", routes).awaitReady();
        try {
            CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(gateway.ingress("/slow")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"in-flight\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(30)).until(() -> partner.requests().size() == 1);

            gateway.signalTerminate();
            // While the partner holds the event, the gateway waits for it instead of exiting.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(gateway::alive);
            partner.release();

            HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(gateway.logTail()).isEqualTo(202);
            assertThat(gateway.awaitExit()).as("a clean exit, not a kill").isNotEqualTo(137);
            assertThat(partner.requests()).hasSize(1);
        } finally {
            gateway.close();
        }
    }

    @Test
    void anInFlightKafkaRecordIsDeliveredAndCommittedSoTheRestartDoesNotRepeatIt() throws Exception {
        String topic = Kafka.uniqueTopic("it-shutdown");
        Kafka.createTopic(topic, 1);
        Files.writeString(routes.resolve("slow.yaml"), """
                - route:
                    id: slow-records
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %s, groupId: g-%s}
                      steps:
                        - to: {uri: kamelet:http-sink, parameters: {url: "%s"}}
                """.formatted(topic, topic, partner.url("/slow")));
        GatewayProcess gateway = GatewayProcess.start("shutdown-kafka", routes).awaitReady();
        try {
            Kafka.send(topic, "k", "{\"id\":\"in-flight\"}".getBytes(StandardCharsets.UTF_8), java.util.Map.of());
            await().atMost(Duration.ofSeconds(60)).until(() -> partner.requests().size() == 1);

            gateway.signalTerminate();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(gateway::alive);
            partner.release();

            assertThat(gateway.awaitExit()).as(gateway.logTail()).isNotEqualTo(137);
            assertThat(Kafka.committed("g-" + topic, topic)).as("committed before exit").isEqualTo(1);

            gateway.restart();
            gateway.awaitReady();
            Kafka.send(topic, "k", "{\"id\":\"after-restart\"}".getBytes(StandardCharsets.UTF_8), java.util.Map.of());
            await().atMost(Duration.ofSeconds(60)).until(() -> partner.requests().size() >= 2);
            assertThat(partner.requests()).extracting(req -> new String(req.body(), StandardCharsets.UTF_8))
                    .as("the drained record is not delivered again").containsExactly(
                            "{\"id\":\"in-flight\"}", "{\"id\":\"after-restart\"}");
        } finally {
            gateway.close();
        }
    }
}
