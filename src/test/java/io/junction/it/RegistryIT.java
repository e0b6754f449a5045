package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.registry.RegistryClient;
import io.junction.schemas.AvroCompatibility;
import io.junction.schemas.Compatibility;
import io.junction.schemas.JsonSchemaCompatibility;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schemas against a real registry (Apicurio Registry 3, through its Confluent-compatible API, started by
 * deploy/local/brokers.sh): {@code junction schemas push} and {@code pull}, the registry refusing what breaks a
 * subject's mode, and Avro events from a Node service using Confluent's schema-registry SDK decoded, filtered and
 * re-encoded by a route, then read back by that SDK.
 */
class RegistryIT {

    static final String REGISTRY = System.getenv().getOrDefault("JUNCTION_REGISTRY_URL",
            "http://127.0.0.1:8085/apis/ccompat/v7");
    static final Path CLIENTS = GatewayProcess.ROOT.resolve("src/test/clients");
    static final Path EXAMPLE = GatewayProcess.ROOT.resolve("routes/examples/schemas/order");
    static final ObjectMapper JSON = new ObjectMapper();

    final String run = UUID.randomUUID().toString().substring(0, 6);
    final RegistryClient registry = new RegistryClient(REGISTRY, null, null);

    @TempDir
    Path tmp;

    @BeforeAll
    static void clients() throws Exception {
        if (!Files.isDirectory(CLIENTS.resolve("node_modules"))) {
            Processes.Result npm = Processes.run(CLIENTS, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(npm.exit()).as("npm ci in src/test/clients:\n" + npm.out()).isZero();
        }
    }

    static Processes.Result cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                GatewayProcess.APP.toString(), "schemas"));
        cmd.addAll(List.of(args));
        return Processes.run(GatewayProcess.ROOT, cmd.toArray(String[]::new));
    }

    Path subject(Path routes, String name, Map<String, String> files) throws Exception {
        Path dir = Files.createDirectories(routes.resolve("schemas").resolve(name));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        return dir;
    }

    @Test
    void subjectsArePushedOnceJudgedByTheRegistryAndPulledBackUnchanged() throws Exception {
        Path routes = tmp.resolve("routes");
        String order = "order-" + run;
        subject(routes, order, Map.of("1.json", Files.readString(EXAMPLE.resolve("1.json")),
                "2.json", Files.readString(EXAMPLE.resolve("2.json")), "subject.yaml", "compatibility: BACKWARD\n"));
        String payment = "payment-" + run;
        String avro1 = """
                {"type": "record", "name": "Payment", "namespace": "shop", "fields": [
                  {"name": "id", "type": "string"}, {"name": "amount", "type": "double"}]}""";
        String avro2 = avro1.replace("]}", ", {\"name\": \"currency\", \"type\": \"string\", \"default\": \"EUR\"}]}");
        subject(routes, payment, Map.of("1.avsc", avro1, "2.avsc", avro2, "subject.yaml", "compatibility: FULL\n"));

        Processes.Result first = cli("push", routes.toString(), "--registry", REGISTRY);
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out()).contains(order + ": compatibility set to BACKWARD")
                .contains(order + "/1.json: registered as version 1").contains(order + "/2.json: registered as version 2")
                .contains(payment + ": compatibility set to FULL").contains(payment + "/2.avsc: registered as version 2");
        assertThat(registry.versions(order)).containsExactly(1, 2);
        assertThat(registry.compatibility(payment)).contains(Compatibility.FULL);
        assertThat(registry.version(payment, "latest").type()).isEqualTo("AVRO");

        Processes.Result again = cli("push", routes.toString(), "--registry", REGISTRY, "--subject", order);
        assertThat(again.exit()).as(again.out()).isZero();
        assertThat(again.out()).contains(order + "/1.json: already registered as version 1")
                .contains(order + "/2.json: already registered as version 2").doesNotContain(payment);
        assertThat(registry.versions(order)).containsExactly(1, 2);

        // Another team registered the subject first; our version 1 adds a required field, which their BACKWARD
        // subject refuses. Junction's own check passes (it is our first version), the registry's does not.
        String shared = "shared-" + run;
        registry.compatibility(shared, Compatibility.BACKWARD);
        registry.register(shared, "JSON", Files.readString(EXAMPLE.resolve("1.json")));
        Path ours = subject(routes, shared, Map.of("1.json", Files.readString(EXAMPLE.resolve("1.json"))
                .replace("\"required\": [\"id\", \"amount\", \"customer\"]", "\"required\": [\"id\", \"amount\", \"customer\", \"currency\"]")
                .replace("\"customer\": {", "\"currency\": { \"type\": \"string\" },\n    \"customer\": {")));
        Processes.Result refused = cli("push", routes.toString(), "--registry", REGISTRY, "--subject", shared);
        assertThat(refused.exit()).as(refused.out()).isEqualTo(1);
        assertThat(refused.out()).contains(ours.resolve("1.json").toString() + ":1:1: error: not registered in "
                + REGISTRY).contains("409").contains("ncompatible");
        assertThat(registry.versions(shared)).containsExactly(1);

        Path pulled = tmp.resolve("pulled/schemas");
        Processes.Result pull = cli("pull", "--registry", REGISTRY, "--into", pulled.toString(), order, payment);
        assertThat(pull.exit()).as(pull.out()).isZero();
        assertThat(pull.out()).contains(order + "/2.json: written (registry version 2")
                .contains(payment + "/2.avsc: written").contains(payment + "/subject.yaml: written (FULL)");
        for (String f : List.of(order + "/1.json", order + "/2.json", payment + "/1.avsc", payment + "/2.avsc")) {
            assertThat(JSON.readTree(Files.readString(pulled.resolve(f))))
                    .as(f).isEqualTo(JSON.readTree(Files.readString(routes.resolve("schemas").resolve(f))));
        }
        // A subject name is the registry's text: one that would climb out of the directory is refused.
        String escape = "../escape-" + run;
        registry.register(escape, "AVRO", "{\"type\": \"string\"}");
        Processes.Result climbing = cli("pull", "--registry", REGISTRY, "--into", pulled.toString(), escape);
        assertThat(climbing.exit()).as(climbing.out()).isEqualTo(1);
        assertThat(climbing.out()).contains("subject '" + escape + "' cannot be kept as a directory");
        assertThat(pulled.resolveSibling("escape-" + run)).doesNotExist();

        Files.writeString(pulled.resolve(order + "/2.json"), "{\"type\": \"object\"}");
        Processes.Result clash = cli("pull", "--registry", REGISTRY, "--into", pulled.toString(), order);
        assertThat(clash.exit()).as(clash.out()).isEqualTo(1);
        assertThat(clash.out()).contains(order + "/1.json: unchanged").contains("2.json:1:1: error: differs from version 2"
                + " in the registry: left as it is");
        assertThat(Files.readString(pulled.resolve(order + "/2.json"))).isEqualTo("{\"type\": \"object\"}");
    }

    /**
     * The differential corpora (src/test/resources/schema-compat): each case judged by Junction's checker and by the
     * registry's, with the registry's verdict recorded where the two differ, so a change on either side shows.
     */
    @Test
    void junctionAndTheRegistryJudgeTheCorporaAlike() throws Exception {
        int cases = differential("json-schema-draft-07.yaml", "JSON") + differential("avro.yaml", "AVRO");
        assertThat(cases).isGreaterThan(30);
    }

    int differential(String corpus, String type) throws Exception {
        List<Map<String, Object>> cases = new org.yaml.snakeyaml.Yaml().load(Files.readString(
                GatewayProcess.ROOT.resolve("src/test/resources/schema-compat").resolve(corpus)));
        int i = 0;
        for (Map<String, Object> c : cases) {
            String name = corpus + ": " + c.get("name");
            Compatibility mode = Compatibility.parse((String) c.get("mode"));
            JsonNode v1 = JSON.readTree((String) c.get("v1"));
            JsonNode v2 = JSON.readTree((String) c.get("v2"));
            if (type.equals("JSON")) {
                v1 = draft07(v1);
                v2 = draft07(v2);
            }
            boolean expected = (Boolean) c.get("compatible");
            java.util.NavigableMap<Integer, JsonNode> earlier = new java.util.TreeMap<>(Map.of(1, v1));
            boolean ours = (type.equals("JSON") ? JsonSchemaCompatibility.check(mode, earlier, v2)
                    : AvroCompatibility.check(mode, earlier, v2)).isEmpty();
            assertThat(ours).as("%s: Junction", name).isEqualTo(expected);

            String subject = "diff-" + run + "-" + type + "-" + (i++);
            registry.compatibility(subject, Compatibility.NONE);
            registry.register(subject, type, v1.toString());
            registry.compatibility(subject, mode);
            boolean theirs = registry.compatible(subject, type, v2.toString());
            Object recorded = c.get("apicurio");
            assertThat(theirs).as("%s: Apicurio", name).isEqualTo(recorded == null ? expected : (Boolean) recorded);
        }
        return i;
    }

    static JsonNode draft07(JsonNode schema) {
        return ((com.fasterxml.jackson.databind.node.ObjectNode) schema).put("$schema", "http://json-schema.org/draft-07/schema#");
    }

    @Test
    void avroFromAThirdPartyProducerIsDecodedFilteredReencodedAndReadBackByIt() throws Exception {
        String subject = "payments-" + run + "-value";
        registry.compatibility(subject, Compatibility.BACKWARD);
        int id = registry.register(subject, "AVRO", """
                {"type": "record", "name": "Payment", "namespace": "shop", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "amount", "type": "double"},
                  {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
                  {"name": "note", "type": ["null", "string"], "default": null},
                  {"name": "currency", "type": "string", "default": "EUR"}]}""");
        String in = "it-avro-in-" + run;
        String out = "it-avro-out-" + run;
        String route = "avro-" + run;
        Kafka.createTopic(in, 1);
        Kafka.createTopic(out, 1);
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("avro.yaml"), """
                - route:
                    id: %1$s
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %2$s, groupId: g-%1$s}
                      steps:
                        - to: {uri: kamelet:avro-decode-action, parameters: {registryUrl: "%4$s"}}
                        - to: {uri: kamelet:json-filter-action, parameters: {expression: ".status == \\"PAID\\""}}
                        - to: {uri: kamelet:jq-transform-action, parameters: {expression: "{id, amount, status}"}}
                        - to: {uri: kamelet:avro-encode-action, parameters: {registryUrl: "%4$s", subject: %5$s}}
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %3$s}}
                """.formatted(route, in, out, REGISTRY, subject));

        int n = 200;
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < n; i++) {
            events.append("{\"id\":\"p-%d\",\"amount\":%d.25,\"status\":\"%s\",\"note\":%s,\"currency\":\"USD\"}\n"
                    .formatted(i, i, i % 4 == 0 ? "NEW" : "PAID", i % 3 == 0 ? "null" : "\"n" + i + "\""));
        }
        Path file = tmp.resolve("events.jsonl");
        Files.writeString(file, events);

        try (GatewayProcess gateway = GatewayProcess.start("registry", routes).awaitReady()) {
            Processes.Result produced = Processes.run(CLIENTS, "node", "avro-kafka.mjs", "produce", Kafka.BROKERS,
                    REGISTRY, in, subject, file.toString());
            assertThat(produced.exit()).as(produced.out()).isZero();
            assertThat(produced.out()).contains("produced " + n);
            // A payload that is not framed Avro, and one cut short, go to the dead letter at once with why, and do not
            // hold up the rest.
            Kafka.send(in, "poison", "{\"id\":\"not avro\"}".getBytes(StandardCharsets.UTF_8), Map.of());
            byte[] truncated = java.nio.ByteBuffer.allocate(6).put((byte) 0).putInt(id).put((byte) 0x08).array();
            Kafka.send(in, "truncated", truncated, Map.of());

            int paid = n - n / 4;
            Processes.Result consumed = Processes.run(CLIENTS, "node", "avro-kafka.mjs", "consume", Kafka.BROKERS,
                    REGISTRY, out, String.valueOf(paid));
            assertThat(consumed.exit()).as(consumed.out()).isZero();
            List<JsonNode> decoded = new ArrayList<>();
            for (String line : consumed.out().split("\n")) {
                if (line.startsWith("{")) {
                    decoded.add(JSON.readTree(line));
                }
            }
            assertThat(decoded).hasSize(paid);
            for (JsonNode e : decoded) {
                int i = Integer.parseInt(e.get("id").asText().substring(2));
                assertThat(i % 4).as("only PAID passes the filter").isNotZero();
                assertThat(e.get("amount").asDouble()).isEqualTo(i + 0.25);
                // The transform dropped note and currency: the encoder gave them the schema's defaults.
                assertThat(e.get("note").isNull()).isTrue();
                assertThat(e.get("currency").asText()).isEqualTo("EUR");
            }
            assertThat(decoded).extracting(e -> e.get("id").asText()).doesNotHaveDuplicates();

            List<ConsumerRecord<byte[], byte[]>> dead = Kafka.read(route + ".dlq", 2, Duration.ofSeconds(60));
            assertThat(dead).hasSize(2);
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"not avro\"}");
            assertThat(Kafka.header(dead.get(0), "junction.dlq.exception.message"))
                    .startsWith("avro-decode-action: the payload is not registry-framed Avro");
            assertThat(dead.get(1).value()).isEqualTo(truncated);
            assertThat(Kafka.header(dead.get(1), "junction.dlq.exception.message"))
                    .startsWith("avro-decode-action: the payload does not decode with schema id " + id);
            assertThat(dead).allSatisfy(d -> {
                assertThat(Kafka.header(d, "junction.dlq.classification")).isEqualTo("fatal");
                assertThat(Kafka.header(d, "junction.dlq.attempts")).isEqualTo("1");
            });
            assertThat(Kafka.endOffset(out, 1)).isEqualTo(paid);
        }
    }
}
