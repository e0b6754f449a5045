package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import io.junction.config.TestConfig;
import io.junction.deadletter.DeadLetterPolicy;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ToDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connector uses are spliced into their route: one route runs, each use with its own parameters and beans, the
 * templates themselves untouched; what cannot be spliced without changing what it does runs as before.
 */
class ConnectorExpansionTest {

    @TempDir
    Path tmp;
    Path routes;
    Path connectors;
    Path out;
    DefaultCamelContext camel;
    RouteSet set;

    @BeforeEach
    void start() throws Exception {
        routes = Files.createDirectories(tmp.resolve("routes"));
        connectors = Files.createDirectories(tmp.resolve("connectors"));
        out = Files.createDirectories(tmp.resolve("out"));
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    static String sourceKamelet(String name, String steps) {
        return """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: %s
                  labels:
                    camel.apache.org/kamelet.type: "source"
                spec:
                  definition:
                    title: "Test Source"
                    required: [input]
                    type: object
                    properties:
                      input: {title: Input, type: string}
                      tag: {title: Tag, type: string, default: "from-template"}
                  template:
                    from:
                      uri: "direct:{{input}}"
                      steps:
                %s
                """.formatted(name, steps.indent(8).stripTrailing());
    }

    /** A sink that appends each event as a line, with nothing that keeps it from being expanded. */
    static final Path LINE_SINK = Path.of("src/test/resources/test-connectors/line-sink.kamelet.yaml");

    void install(String routeFile) throws Exception {
        Files.copy(LINE_SINK, connectors.resolve("line-sink.kamelet.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(routes.resolve("r.yaml"), routeFile);
        set = new RouteSetLoader(camel).load(RouteSources.scan(List.of(routes),
                List.of(Path.of("connectors"), connectors)));
        assertThat(set.errors()).isEmpty();
        new RouteInstaller(camel, DeadLetterPolicy.of(camel, TestConfig.defaults())).installAll(set, d -> d);
    }

    List<String> lines(String file) throws Exception {
        return Files.readAllLines(out.resolve(file));
    }

    @Test
    void twoUsesOfOneConnectorKeepTheirOwnParametersAndTheTemplateIsUntouched() throws Exception {
        install("""
                - route:
                    id: r
                    from:
                      uri: direct:in
                      steps:
                        - to: "kamelet:line-sink?directory=%s&fileName=one.txt"
                        - to:
                            uri: kamelet:line-sink
                            parameters: {directory: "%s", fileName: two.txt}
                        - to: "kamelet:log-sink?loggerName=expansion"
                """.formatted(out, out));
        for (int i = 0; i < 3; i++) {
            camel.createProducerTemplate().sendBody("direct:in", "event-" + i);
        }
        assertThat(lines("one.txt")).containsExactly("event-0", "event-1", "event-2");
        assertThat(lines("two.txt")).containsExactly("event-0", "event-1", "event-2");
        assertThat(camel.getRoutes()).extracting(Route::getRouteId).containsExactly("r");

        String templateUris = set.kamelets().get("line-sink").template().getRoute().getOutputs().toString();
        assertThat(templateUris).contains("{{directory}}").doesNotContain("junction.use");
        install("""
                - route:
                    id: r2
                    from:
                      uri: direct:in2
                      steps:
                        - to: "kamelet:line-sink?directory=%s&fileName=three.txt"
                """.formatted(out));
        camel.createProducerTemplate().sendBody("direct:in2", "again");
        assertThat(lines("three.txt")).containsExactly("again");
    }

    @Test
    void aSourceConnectorIsSplicedIntoItsRouteWhereItHandsOver() throws Exception {
        Files.writeString(connectors.resolve("test-source.kamelet.yaml"), sourceKamelet("test-source", """
                - setHeader:
                    name: tag
                    constant: "{{tag}}"
                - to: "kamelet:sink"
                """));
        install("""
                - route:
                    id: spliced
                    from:
                      uri: kamelet:test-source?input=spliced-in
                      steps:
                        - setBody:
                            simple: "${header.tag}:${body}"
                        - to: "kamelet:line-sink?directory=%s&fileName=spliced.txt"
                """.formatted(out));
        camel.createProducerTemplate().sendBody("direct:spliced-in", "x");
        assertThat(lines("spliced.txt")).containsExactly("from-template:x");
        assertThat(camel.getRoutes()).singleElement().satisfies(r -> {
            assertThat(r.getRouteId()).isEqualTo("spliced");
            assertThat(r.getEndpoint().getEndpointUri()).isEqualTo("direct://spliced-in");
        });
    }

    /** Spliced into a doTry, the route's own steps would lose the route's retries and dead letter. */
    @Test
    void aSourceThatHandsOverInsideATryBlockRunsAsAConnectorRoute() throws Exception {
        Files.writeString(connectors.resolve("guarded-source.kamelet.yaml"), sourceKamelet("guarded-source", """
                - doTry:
                    steps:
                      - to: "kamelet:sink"
                    doCatch:
                      - exception: [java.lang.Exception]
                        steps:
                          - log: "failed"
                """));
        install("""
                - route:
                    id: guarded
                    from:
                      uri: kamelet:guarded-source?input=guarded-in
                      steps:
                        - to: "kamelet:line-sink?directory=%s&fileName=guarded.txt"
                """.formatted(out));
        camel.createProducerTemplate().sendBody("direct:guarded-in", "y");
        assertThat(lines("guarded.txt")).containsExactly("y");
        assertThat(camel.getRoutes()).extracting(Route::getRouteId)
                .containsExactlyInAnyOrder("guarded", "guarded.guarded-source.1");
    }

    /** file-sink cuts a torn append back in its own doTry: spliced in, the route would retry inside it. */
    @Test
    void aConnectorThatHandlesErrorsItselfRunsAsAConnectorRoute() throws Exception {
        install("""
                - route:
                    id: files
                    from:
                      uri: direct:files
                      steps:
                        - to: "kamelet:file-sink?directory=%s&fileName=files.txt"
                """.formatted(out));
        camel.createProducerTemplate().sendBody("direct:files", "w");
        assertThat(lines("files.txt")).containsExactly("w");
        assertThat(camel.getRoutes()).extracting(Route::getRouteId)
                .containsExactlyInAnyOrder("files", "files.file-sink.1");
    }

    @Test
    void anOptionalParameterLeftOutLeavesItsOptionOut() throws Exception {
        Files.writeString(connectors.resolve("optional-sink.kamelet.yaml"), """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: optional-sink
                  labels:
                    camel.apache.org/kamelet.type: "sink"
                spec:
                  definition:
                    title: "Optional Sink"
                    type: object
                    properties:
                      level: {title: Level, type: string}
                  template:
                    from:
                      uri: "kamelet:source"
                      steps:
                        - to:
                            uri: "log:optional"
                            parameters:
                              level: "{{?level}}"
                """);
        install("""
                - route:
                    id: opt
                    from:
                      uri: direct:opt
                      steps:
                        - to: "kamelet:optional-sink"
                """);
        camel.createProducerTemplate().sendBody("direct:opt", "z");
        assertThat(camel.getEndpoints()).extracting(e -> e.getEndpointUri()).contains("log://optional");
        assertThat(camel.getRouteDefinition("opt").getOutputs()).hasAtLeastOneElementOfType(ToDefinition.class);
    }
}
