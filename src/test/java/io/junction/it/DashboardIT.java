package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /ui dashboard in a real browser: headless Chromium (Debian's chromium) driven by Playwright
 * (src/test/ui/dashboard.mjs) against a gateway with an admin token. The page must ask for the token, show a route
 * that appears after a file is dropped into routes/, show the link between two routes through their topic, show
 * rates that move while events flow, show a broken file's line, find an event's hops by its trace id, and replay a
 * dead letter by a click after a confirmation. Screenshots go to target/ui-screenshots (docs/images has copies).
 */
class DashboardIT {

    static final Path ROOT = Path.of(System.getProperty("junction.root", ".")).toAbsolutePath();
    static final Path UI_TEST = ROOT.resolve("src/test/ui");

    @TempDir
    Path routes;

    @Test
    void anOperatorSeesRoutesRatesProblemsAndReplaysADeadLetter() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium
                + " (Debian: apt-get install chromium)");
        Assumptions.assumeTrue(Processes.run(ROOT, "node", "--version").exit() == 0, "node is not installed");
        if (!Files.isDirectory(UI_TEST.resolve("node_modules"))) {
            Processes.Result npm = Processes.run(UI_TEST, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(npm.exit()).as("npm ci in src/test/ui:\n" + npm.out()).isZero();
        }
        String topic = Kafka.uniqueTopic("it-ui");
        String suffix = topic.substring(topic.lastIndexOf('-') + 1);
        Kafka.createTopic(topic, 1);
        try (PartnerServer refusing = new PartnerServer()) {
            refusing.failNext(Integer.MAX_VALUE, 400);
            Files.writeString(routes.resolve("watched.yaml"), """
                    - route:
                        id: hook-%3$s
                        from:
                          uri: kamelet:webhook-source
                          parameters: {path: /hook}
                          steps:
                            - to: {uri: kamelet:kafka-sink, parameters: {topic: %1$s}}
                    - route:
                        id: refused-%3$s
                        from:
                          uri: kamelet:kafka-source
                          parameters: {topic: %1$s, groupId: %1$s}
                          steps:
                            - to: {uri: kamelet:http-sink, parameters: {url: "%2$s"}}
                    """.formatted(topic, refusing.url("/refuse"), suffix));
            String token = "ui-" + Long.toHexString(System.nanoTime());
            try (GatewayProcess gateway = GatewayProcess.start("dashboard", Map.of("JUNCTION_ADMIN_TOKEN", token), routes)
                    .awaitReady()) {
                Path shots = ROOT.resolve("target/ui-screenshots");
                String management = gateway.managementUri();
                Processes.Result run = Processes.run(UI_TEST, "node", "dashboard.mjs", management,
                        gateway.ingress("").toString(), token, routes.toString(), topic, suffix, shots.toString());
                assertThat(run.exit()).as(run.out() + "\n--- gateway log ---\n" + gateway.logTail()).isZero();
                assertThat(run.out()).contains("dashboard: all steps passed");
                for (String shot : new String[] {"ui-routes.png", "ui-reload-refused.png", "ui-event-search.png",
                    "ui-dead-letters.png"}) {
                    assertThat(shots.resolve(shot)).isNotEmptyFile();
                }
            }
        }
    }
}
