package io.junction.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.junction.routes.RouteSet;
import io.junction.routes.RouteSetLoader;
import io.junction.routes.RouteSources;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which routes a reload touches: exactly those whose behaviour can differ. */
class ReloadPlannerTest {

    static DefaultCamelContext camel;

    @TempDir
    Path routes;
    @TempDir
    Path connectors;

    @BeforeAll
    static void start() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
    }

    static String route(String id, String body) {
        return """
                - route:
                    id: %s
                    from:
                      uri: "timer:%s"
                      steps:
                        - setBody:
                            constant: "%s"
                        - to: "log:%s"
                """.formatted(id, id, body, id);
    }

    static String kameletRoute(String id) {
        return """
                - route:
                    id: %s
                    from:
                      uri: "timer:%s"
                      steps:
                        - to: "kamelet:shout"
                """.formatted(id, id);
    }

    static String shoutKamelet(String suffix) {
        return """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: shout
                  labels:
                    camel.apache.org/kamelet.type: action
                spec:
                  definition:
                    title: Shout
                    description: Appends a suffix.
                  template:
                    from:
                      uri: kamelet:source
                      steps:
                        - setBody:
                            simple: "${body}%s"
                """.formatted(suffix);
    }

    RouteSet snapshot() {
        RouteSet set = new RouteSetLoader(camel).load(RouteSources.scan(List.of(routes), List.of(connectors)));
        assertThat(set.errors()).isEmpty();
        return set;
    }

    void write(Path dir, String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void firstLoadAddsEverything() throws IOException {
        write(routes, "a.yaml", route("a", "1") + route("b", "1"));
        ReloadPlan plan = ReloadPlanner.plan(RouteSet.empty(), snapshot());
        assertThat(plan.added()).containsExactly("a", "b");
        assertThat(plan.changed()).isEmpty();
        assertThat(plan.removed()).isEmpty();
    }

    @Test
    void editingOneRouteReplacesOnlyThatRoute() throws IOException {
        write(routes, "a.yaml", route("a", "1") + route("b", "1"));
        write(routes, "c.yaml", route("c", "1"));
        RouteSet before = snapshot();
        write(routes, "a.yaml", route("a", "2") + route("b", "1"));
        ReloadPlan plan = ReloadPlanner.plan(before, snapshot());
        assertThat(plan.changed()).containsExactly("a");
        assertThat(plan.unchanged()).containsExactlyInAnyOrder("b", "c");
        assertThat(plan.added()).isEmpty();
        assertThat(plan.removed()).isEmpty();
    }

    @Test
    void commentsFormattingAndOrderDoNotCountAsChanges() throws IOException {
        write(routes, "a.yaml", route("a", "1") + route("b", "1"));
        RouteSet before = snapshot();
        write(routes, "a.yaml", "# a comment\n\n" + route("b", "1") + "\n# moved\n" + route("a", "1"));
        ReloadPlan plan = ReloadPlanner.plan(before, snapshot());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.unchanged()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void deletingAFileRemovesItsRoutesOnly() throws IOException {
        write(routes, "a.yaml", route("a", "1"));
        write(routes, "c.yaml", route("c", "1"));
        RouteSet before = snapshot();
        Files.delete(routes.resolve("c.yaml"));
        ReloadPlan plan = ReloadPlanner.plan(before, snapshot());
        assertThat(plan.removed()).containsExactly("c");
        assertThat(plan.unchanged()).containsExactly("a");
    }

    @Test
    void movingARouteToAnotherFileKeepsItRunning() throws IOException {
        write(routes, "a.yaml", route("a", "1") + route("b", "1"));
        RouteSet before = snapshot();
        write(routes, "a.yaml", route("a", "1"));
        write(routes, "b.yaml", route("b", "1"));
        ReloadPlan plan = ReloadPlanner.plan(before, snapshot());
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void changingAConnectorReplacesTheRoutesThatUseIt() throws IOException {
        write(connectors, "shout.kamelet.yaml", shoutKamelet("!"));
        write(routes, "k.yaml", kameletRoute("uses-shout"));
        write(routes, "p.yaml", route("plain", "1"));
        RouteSet before = snapshot();
        write(connectors, "shout.kamelet.yaml", shoutKamelet("!!"));
        ReloadPlan plan = ReloadPlanner.plan(before, snapshot());
        assertThat(plan.changed()).containsExactly("uses-shout");
        assertThat(plan.unchanged()).containsExactly("plain");
        assertThat(plan.templatesRemoved()).containsExactly("shout");
        assertThat(plan.templatesAdded()).containsExactly("shout");
    }

    @Test
    void aRouteConfigurationChangeReplacesEveryRoute() throws IOException {
        write(routes, "a.yaml", route("a", "1"));
        write(routes, "cfg.yaml", """
                - routeConfiguration:
                    id: cfg
                    onException:
                      - onException:
                          exception: [java.lang.IllegalStateException]
                          handled:
                            constant: true
                """);
        RouteSet before = snapshot();
        write(routes, "cfg.yaml", """
                - routeConfiguration:
                    id: cfg
                    onException:
                      - onException:
                          exception: [java.lang.IllegalArgumentException]
                          handled:
                            constant: true
                """);
        ReloadPlan plan = ReloadPlanner.plan(before, snapshot());
        assertThat(plan.configurationsChanged()).isTrue();
        assertThat(plan.changed()).containsExactly("a");
    }
}
