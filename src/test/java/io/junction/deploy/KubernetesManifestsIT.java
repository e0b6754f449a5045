package io.junction.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.junction.it.Processes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests as a cluster would receive them: every overlay rendered by {@code kubectl kustomize}, each
 * object checked against its API schema (deploy/kubernetes/check: kubernetes-models and the KEDA and Prometheus
 * Operator CRDs), and the gateway's own contract checked on the Deployment: probes on the management port, a grace
 * period that covers both drains, the pod name as instance id, a read-only root, routes from a ConfigMap whose name
 * does not change (so that an edit reloads instead of restarting).
 */
class KubernetesManifestsIT {

    static final Path ROOT = Path.of(System.getProperty("junction.root", ".")).toAbsolutePath();
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void tools() throws Exception {
        Assumptions.assumeTrue(Processes.run(ROOT, "kubectl", "version", "--client").exit() == 0, "kubectl is not installed");
        Assumptions.assumeTrue(Processes.run(ROOT, "node", "--version").exit() == 0, "node is not installed");
        if (!Files.isDirectory(KUBERNETES.resolve("check/node_modules"))) {
            Processes.Result npm = Processes.run(KUBERNETES.resolve("check"), "npm", "ci", "--no-audit", "--no-fund");
            assertThat(npm.exit()).as("npm ci in deploy/kubernetes/check:\n" + npm.out()).isZero();
        }
    }

    static List<JsonNode> render(String overlay) throws Exception {
        Processes.Result rendered = Processes.run(KUBERNETES, "kubectl", "kustomize", overlay);
        assertThat(rendered.exit()).as("kubectl kustomize " + overlay + ":\n" + rendered.out()).isZero();
        Path file = ROOT.resolve("target/kubernetes/" + overlay.replace('/', '-') + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, rendered.out());
        Processes.Result checked = Processes.run(KUBERNETES.resolve("check"), "node", "validate.mjs", file.toString());
        assertThat(checked.exit()).as("schema check of " + overlay + ":\n" + checked.out()).isZero();
        List<JsonNode> objects = new ArrayList<>();
        ObjectReader reader = YAML.readerFor(JsonNode.class);
        try (var it = reader.readValues(rendered.out())) {
            while (it.hasNext()) {
                objects.add((JsonNode) it.next());
            }
        }
        assertThat(checked.out().lines().filter(l -> l.startsWith("ok "))).hasSize(objects.size());
        return objects;
    }

    static JsonNode kind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    static long seconds(String duration) {
        return Long.parseLong(duration.replaceAll("s$", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/development", "overlays/production"})
    void everyOverlayRendersValidObjectsThatKeepTheGatewaysContract(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        JsonNode pod = kind(objects, "Deployment").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("config/application.properties"))) {
            shipped.load(in);
        }
        long drain = seconds(shipped.getProperty("quarkus.shutdown.timeout"))
                + Long.parseLong(shipped.getProperty("camel.main.shutdown-timeout"))
                + container.path("lifecycle").path("preStop").path("sleep").path("seconds").asLong();
        assertThat(pod.path("terminationGracePeriodSeconds").asLong()).as("grace period covers every drain")
                .isGreaterThan(drain);

        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("management");
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.path("env").findValuesAsText("fieldPath")).contains("metadata.name");
        assertThat(container.path("args").toString()).contains("/routes");

        JsonNode routesVolume = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals("routes")) {
                routesVolume = v;
            }
        }
        assertThat(routesVolume).as("a routes volume").isNotNull();
        String routesMap = routesVolume.path("configMap").path("name").asText();
        assertThat(objects).as("the routes ConfigMap keeps its name, so an edit reloads in place")
                .anyMatch(o -> o.path("kind").asText().equals("ConfigMap")
                        && o.path("metadata").path("name").asText().equals(routesMap)
                        && routesMap.equals("junction-routes"));

        if (overlay.endsWith("production")) {
            assertThat(kind(objects, "ScaledObject").path("spec").path("scaleTargetRef").path("name").asText())
                    .isEqualTo("junction");
            assertThat(kind(objects, "ServiceMonitor").path("spec").path("endpoints").get(0).path("path").asText())
                    .isEqualTo("/q/metrics");
        }
    }
}
