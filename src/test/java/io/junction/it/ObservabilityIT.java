package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.junction.deploy.ObservabilityFiles;

/**
 * The operators' view, from a gateway that has done what operators watch: delivered webhooks and a duplicate, a
 * refused request, a Kafka route whose partner refuses its events (dead letters, lag), a route file broken while
 * running. Its /q/metrics must export every metric the Grafana dashboard and the alerting rules of
 * deploy/observability name, and docs/observability.md must describe every junction_* metric it exports. With JSON
 * logs and the event log on, each event is one JSON line carrying its trace id.
 */
class ObservabilityIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path routes;

    @Test
    void theDashboardAndTheAlertsNameOnlyMetricsTheGatewayExports() throws Exception {
        String topic = Kafka.uniqueTopic("it-obs");
        Kafka.createTopic(topic, 2);
        try (PartnerServer refusing = new PartnerServer()) {
            refusing.failNext(Integer.MAX_VALUE, 400);
            Files.writeString(routes.resolve("observed.yaml"), """
                    - route:
                        id: obs-in
                        from:
                          uri: kamelet:webhook-source
                          parameters: {path: /obs}
                          steps:
                            - to: {uri: kamelet:kafka-sink, parameters: {topic: %1$s}}
                    - route:
                        id: obs-out
                        from:
                          uri: kamelet:kafka-source
                          parameters: {topic: %1$s, groupId: %1$s}
                          steps:
                            - to: {uri: kamelet:http-sink, parameters: {url: "%2$s"}}
                    """.formatted(topic, refusing.url("/refuse")));
            Map<String, String> env = Map.of("JUNCTION_LOG_JSON", "true", "JUNCTION_EVENTS_LOG", "true",
                    "JUNCTION_DEAD_LETTER_HELD_REFRESH", "1s");
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            // A dead-letter topic of no route of this gateway (anyone who can write to Kafka makes one).
            String stranger = "obs-stranger-" + topic;
            Kafka.send(stranger + ".dlq", null, "x".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of());
            try (GatewayProcess gateway = GatewayProcess.start("observability", env, routes).awaitReady()) {
                for (String id : new String[] {"a", "b", "a"}) {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(gateway.ingress("/obs"))
                            .header("Content-Type", "application/json").header("Idempotency-Key", id)
                            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(gateway.logTail()).isBetween(200, 299);
                }
                assertThat(gateway.post("/obs", "text/plain", "no".getBytes()).statusCode()).isEqualTo(415);
                Files.writeString(routes.resolve("broken.yaml"), "- route:\n    from: [\n");
                await("dead letters, held and counted, and a refused reload").atMost(Duration.ofSeconds(90)).until(() -> {
                    String m = gateway.management("/q/metrics").body();
                    return m.contains("junction_dead_letters_total{") && m.contains("junction_reload_failing 1.0")
                            && held(m, "obs-out") >= 2;
                });
                String metrics = gateway.management("/q/metrics").body();
                assertThat(held(metrics, stranger)).as("eleventh probe: only this gateway's routes are counted")
                        .isEqualTo(-1);
                Set<String> exported = ObservabilityFiles.exported(metrics);

                Set<String> named = new TreeSet<>(ObservabilityFiles.metricNames(ObservabilityFiles.dashboardQueries()));
                named.addAll(ObservabilityFiles.metricNames(ObservabilityFiles.ruleExpressions()));
                assertThat(exported).as("metrics the dashboard and rules name, against /q/metrics").containsAll(named);

                assertThat(metrics).contains("junction_events_total{outcome=\"delivered\",route=\"obs-in\"} 2.0")
                        .contains("junction_events_total{outcome=\"dead_lettered\",route=\"obs-out\"} 2.0")
                        .contains("junction_duplicates_total{route=")
                        .contains("junction_kafka_consumer_lag{group=\"" + topic + "\",partition=\"0\",topic=\"" + topic + "\"}");

                // JSON logs, one line per event, with the event's trace id as a field of the log context.
                List<JsonNode> events = new ArrayList<>();
                for (String line : Files.readAllLines(gateway.log())) {
                    if (line.startsWith("{")) {
                        JsonNode json = JSON.readTree(line);
                        if ("junction.events".equals(json.path("loggerName").asText())) {
                            events.add(json);
                        }
                    }
                }
                assertThat(events).as("event log lines in " + gateway.log()).anySatisfy(e -> {
                    assertThat(e.path("message").asText()).startsWith("event route=obs-in outcome=delivered duration_ms=");
                    assertThat(e.path("mdc").path("traceId").asText()).isEqualTo(traceId);
                });
                assertThat(events).anySatisfy(e -> assertThat(e.path("message").asText())
                        .startsWith("event route=obs-out outcome=dead_lettered").contains("source=" + topic + "-"));

                String docs = Files.readString(ObservabilityFiles.ROOT.resolve("docs/observability.md"));
                for (String name : exported) {
                    if (name.startsWith("junction_")) {
                        String family = name.replaceAll("_(bucket|count|sum|max)$", "");
                        assertThat(docs).as("docs/observability.md describes " + family).contains(family);
                    }
                }
            }
        }
    }

    /** The letters held for a route, -1 when not exported; compared as "at least": its topic outlives a run. */
    static double held(String metrics, String route) {
        Matcher m = Pattern.compile("^junction_dead_letters_held\\{route=\"" + route + "\"\\} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
