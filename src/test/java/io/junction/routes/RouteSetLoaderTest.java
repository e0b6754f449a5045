package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validation every reload runs, on the project's real connectors. */
class RouteSetLoaderTest {

    static DefaultCamelContext camel;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
    }

    RouteSet load(String... nameAndContent) throws IOException {
        for (int i = 0; i < nameAndContent.length; i += 2) {
            Path file = dir.resolve(nameAndContent[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, nameAndContent[i + 1]);
        }
        List<SourceFile> files = RouteSources.scan(List.of(dir), List.of(Path.of("connectors")));
        return new RouteSetLoader(camel).load(files);
    }

    static String webhookRoute(String id, String path) {
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
                              topic: events
                """.formatted(id, path);
    }

    @Test
    void validRoutesAndConnectorsLoadWithoutProblems() throws IOException {
        RouteSet set = load("a.yaml", webhookRoute("a", "/a"), "sub/b.yaml", webhookRoute("b", "/b"));
        assertThat(set.problems()).isEmpty();
        assertThat(set.routes()).containsOnlyKeys("a", "b");
        assertThat(set.routes().get("b").file().name()).endsWith("sub/b.yaml");
        assertThat(set.routes().get("a").kamelets()).containsExactly("kafka-sink", "webhook-source");
        assertThat(set.kamelets()).containsKeys("webhook-source", "kafka-sink");
    }

    /**
     * Issue 26's outside look: a route that only a route template's steps send to was reported as never reached, and
     * a template's own from (consumed only per templatedRoute) must not count as a consumer either.
     */
    @Test
    void aRouteTemplatesStepsCountAsSendersButItsFromIsNotAConsumer() throws IOException {
        RouteSet set = load("templated.yaml", """
                - routeTemplate:
                    id: greeter
                    parameters:
                      - name: period
                    from:
                      uri: "direct:template-input"
                      steps:
                        - to: direct:greetings
                - route:
                    id: greetings
                    from:
                      uri: direct:greetings
                      steps:
                        - log: "${body}"
                - route:
                    id: sender
                    from:
                      uri: timer:t
                      steps:
                        - to: direct:template-input
                """);
        assertThat(set.problems()).extracting(Problem::format).noneMatch(p -> p.contains("never reached"))
                .anyMatch(p -> p.contains("no route consumes from direct:template-input"));
    }

    /**
     * The ninth probe: a link to /dev/zero (or a FIFO) named like a route file was skipped without a word by the
     * gateway, and validate, given it, said "no such directory". It is named as what it is; the set is refused.
     */
    @Test
    void aDeviceNamedLikeARouteFileIsNamedNotSkipped() throws IOException {
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/null"));
        RouteSet set = load("a.yaml", webhookRoute("a", "/a"));
        assertThat(set.problems()).extracting(Problem::format).anyMatch(p -> p.contains("zero.yaml:1:1: error: cannot"
                + " read the file (not a regular file (a device, a FIFO or a socket): remove it from the routes folder)"));
        assertThat(set.hasErrors()).isTrue();
        List<SourceFile> alone = RouteSources.scan(List.of(dir.resolve("zero.yaml")), List.of());
        assertThat(alone).singleElement().satisfies(f -> assertThat(f.sha256()).contains("not a regular file"));
    }

    @Test
    void yamlSyntaxErrorNamesLineAndColumn() throws IOException {
        RouteSet set = load("bad.yaml", """
                - route:
                    id: x
                    from:
                      uri: "timer:t
                """);
        assertThat(set.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("bad.yaml");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).isEqualTo("while scanning a quoted scalar (started at line 4): found unexpected end of stream");
        });
    }

    /** Round 4, M-2: an 8 MB route file held the reload thread for minutes; a file past the bound is not read. */
    @Test
    void aFileLargerThanAnyRouteFileIsRefusedUnread() throws IOException {
        String huge = "- route:\n    id: huge\n    from:\n      uri: timer:x\n      steps:\n        - setBody: {constant: \""
                + "A".repeat(RouteSources.MAX_BYTES) + "\"}\n";
        RouteSet set = load("huge.yaml", huge);
        assertThat(set.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("huge.yaml");
            assertThat(p.message()).contains("larger than 1024 KiB, the most a route or connector file may be");
        });
        assertThat(set.routes()).isEmpty();
    }

    /**
     * The third probe: a 1 MB file of one flat mapping (a map-typed bean of 108,792 properties) held validate for 297 s
     * and a reload for 14 s. Camel binds bean properties in time that grows with the square of their number.
     */
    @Test
    void aBeanWithMorePropertiesThanAnyClassHasIsRefusedAtItsLine() throws IOException {
        StringBuilder yaml = new StringBuilder("- beans:\n    - name: big\n      type: java.util.HashMap\n      properties:\n");
        for (int i = 0; i <= RouteSetLoader.MAX_BEAN_PROPERTIES; i++) {
            yaml.append("        k").append(i).append(": v\n");
        }
        RouteSet set = load("beans.yaml", yaml.toString());
        assertThat(set.errors()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).contains("bean big has 1001 properties, more than 1000");
        });
    }

    @Test
    void aMappingOrListOfMoreEntriesThanAnyRouteNeedsIsRefusedUnbound() throws IOException {
        StringBuilder yaml = new StringBuilder("- route:\n    id: wide\n    from:\n      uri: timer:x\n      parameters:\n");
        for (int i = 0; i <= BoundedYaml.MAX_ENTRIES; i++) {
            yaml.append("        p").append(i).append(": v\n");
        }
        RouteSet set = load("wide.yaml", yaml.toString());
        assertThat(set.errors()).singleElement().satisfies(p -> {
            assertThat(p.line()).as("the first entry past the bound").isEqualTo(6 + BoundedYaml.MAX_ENTRIES);
            assertThat(p.message()).contains("more than 10000 entries in one mapping");
        });

        StringBuilder list = new StringBuilder("- route:\n    from:\n      uri: timer:x\n      steps:\n");
        for (int i = 0; i <= BoundedYaml.MAX_ENTRIES; i++) {
            list.append("        - log: x\n");
        }
        assertThat(load("long.yaml", list.toString()).errors()).filteredOn(p -> p.file().endsWith("long.yaml"))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("more than 10000 entries in one list"));
    }

    /** The third probe: a URL with a query (and a secret in it) passed http-sink's check from configuration. */
    @Test
    void aParameterFromConfigurationFitsItsConnectorAsAWrittenOneMust() throws IOException {
        camel.getPropertiesComponent().addInitialProperty("partner.url",
                "https://partner.example.com/hooks?key=Zx81QmV0Tq");
        io.junction.secrets.Secrets.registerConfig("partner.token", "Zx81QmV0Tq");
        RouteSet set = load("configured-url.yaml", """
                - route:
                    id: configured-url
                    from:
                      uri: timer:tick
                      steps:
                        - to:
                            uri: kamelet:http-sink
                            parameters:
                              url: "{{partner.url}}"
                """);
        assertThat(set.errors()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).contains("as {{partner.url}} resolves, must be an http:// or https:// URL without"
                    + " user info, query string").doesNotContain("Zx81QmV0Tq");
        });
    }

    /** Issue 26: Apache's Kamelet catalog is the fallback behind Junction's connectors. */
    @Test
    void aKameletOfApachesCatalogLoadsBehindJunctionsConnectors() throws IOException {
        RouteSet set = load("catalog.yaml", """
                - route:
                    id: from-the-catalog
                    from:
                      uri: kamelet:timer-source?message=hello&period=1000
                      steps:
                        - to: kamelet:log-action
                - route:
                    id: with-a-junction-counterpart
                    from:
                      uri: kamelet:kafka-not-secured-source
                      parameters:
                        topic: orders
                        bootstrapServers: localhost:9092
                      steps:
                        - to: log:orders
                """);
        assertThat(set.errors()).isEmpty();
        assertThat(set.routes()).containsKeys("from-the-catalog", "with-a-junction-counterpart");
        assertThat(set.kamelets()).containsKeys("timer-source", "log-action", "kafka-not-secured-source");
        assertThat(set.kamelets().get("timer-source").file().name()).isEqualTo("camel-kamelets:timer-source.kamelet.yaml");
        assertThat(set.problems()).anySatisfy(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.message()).contains("kamelet 'kafka-not-secured-source' runs from Apache Camel's Kamelet"
                    + " catalog; Junction's kafka-source does the same job");
            assertThat(p.hint()).contains("bootstrapServers → brokers");
        });
    }

    /**
     * A catalog Kamelet's pattern is not enforced by stock Camel, and some are stricter than their component
     * (Camel's petstore example gives rest-openapi-sink a relative specification): a warning. Its enum is: Camel
     * converts the value to the component's enum at start.
     */
    @Test
    void aCatalogKameletsPatternWarnsAndItsEnumRefuses() throws IOException {
        RouteSet set = load("patterns.yaml", """
                - route:
                    id: pattern-only
                    from:
                      uri: kamelet:http-source?url=ftp://example.com/quote.json
                      steps:
                        - to: kamelet:log-action?level=VERBOSE
                """);
        assertThat(set.problems()).anySatisfy(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.message()).contains("parameter 'url' of kamelet http-source must match ^(http|https)://");
            assertThat(p.hint()).contains("stock Camel runs it as given");
        });
        assertThat(set.errors()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("parameter 'level' of kamelet log-action must be one of"));
    }

    /** The fifth probe: a Pipe naming a catalog Kamelet was refused, though a route naming it ran. */
    @Test
    void aPipeUsesApachesCatalogToo() throws IOException {
        RouteSet set = load("my-bind.yaml", """
                apiVersion: camel.apache.org/v1
                kind: Pipe
                metadata:
                  name: my-bind
                spec:
                  source:
                    ref:
                      kind: Kamelet
                      apiVersion: camel.apache.org/v1
                      name: timer-source
                    properties:
                      message: hello
                  sink:
                    uri: log:info
                """);
        assertThat(set.errors()).isEmpty();
        assertThat(set.routes()).containsKey("my-bind");
        assertThat(set.kamelets()).containsKey("timer-source");
    }

    /** Example folders hold compose files and Citrus tests beside their routes; Camel JBang skips them. */
    @Test
    void otherToolsYamlInARoutesFolderIsNotARouteFile() throws IOException {
        RouteSet set = load("compose.yaml", "services:\n  kafka:\n    image: apache/kafka\n",
                "test/orders.citrus.it.yaml", "name: orders\nactions: []\n",
                "kafka-postgres.compose.yaml", "services: {}\n", "ok.yaml", webhookRoute("ok", "/ok"));
        assertThat(set.errors()).isEmpty();
        assertThat(set.routes()).containsOnlyKeys("ok");
    }

    /** The fifth probe: a RabbitMQ sender's replyTo made the gateway publish to any exchange or queue. */
    @Test
    void rabbitmqSourceNeverReplies() throws IOException {
        Object kamelet = BoundedYaml.load(Files.readString(Path.of("connectors/rabbitmq-source.kamelet.yaml")), "k");
        Object parameters = ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) kamelet).get("spec"))
                .get("template")).get("from")).get("parameters"));
        assertThat(((Map<?, ?>) parameters).get("disableReplyTo")).isEqualTo(true);
    }

    @Test
    void unknownEipIsRejectedAtItsLine() throws IOException {
        RouteSet set = load("eip.yaml", """
                - route:
                    id: eip
                    from:
                      uri: "timer:t"
                      steps:
                        - fliter:
                            simple: "${body} != null"
                """);
        assertThat(set.errors()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).contains("fliter");
        });
    }

    @Test
    void misspelledEndpointOptionGetsAHint() throws IOException {
        RouteSet set = load("opt.yaml", """
                - route:
                    id: opt
                    from:
                      uri: "timer:t?perid=1000"
                      steps:
                        - to: "log:x"
                """);
        assertThat(set.errors()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).isEqualTo("unknown option 'perid' for component timer");
            assertThat(p.hint()).isEqualTo("did you mean 'period'?");
        });
    }

    @Test
    void unknownKameletAndMissingParameter() throws IOException {
        RouteSet set = load("k.yaml", """
                - route:
                    id: k
                    from:
                      uri: kamelet:webhook-sorce?path=/k
                      steps:
                        - to: kamelet:kafka-sink
                """);
        assertThat(set.errors()).extracting(Problem::line, Problem::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(4, "unknown kamelet 'webhook-sorce': no connector of that name is "
                        + "loaded (connectors are the *.kamelet.yaml files in the connectors"
                        + " directories, then Apache Camel's Kamelet catalog)"),
                org.assertj.core.groups.Tuple.tuple(6, "kamelet kafka-sink requires parameter 'topic'"));
        assertThat(set.errors().get(0).hint()).isEqualTo("did you mean 'webhook-source'?");
    }

    @Test
    void duplicateRouteIdAcrossFilesNamesBothPlaces() throws IOException {
        RouteSet set = load("one.yaml", webhookRoute("same", "/one"), "two.yaml", webhookRoute("same", "/two"));
        assertThat(set.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("two.yaml");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("duplicate route id 'same': already defined at ").endsWith("one.yaml:2");
        });
    }

    @Test
    void routeWithoutIdGetsAStableIdAndAWarning() throws IOException {
        RouteSet set = load("noid.yaml", """
                - from:
                    uri: "timer:t"
                    steps:
                      - to: "log:x"
                """);
        assertThat(set.hasErrors()).isFalse();
        assertThat(set.routes()).containsOnlyKeys("noid");
        assertThat(set.problems()).singleElement().satisfies(p -> assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING));
    }

    @Test
    void unresolvablePlaceholderIsNamed() throws IOException {
        RouteSet set = load("ph.yaml", """
                - route:
                    id: ph
                    from:
                      uri: "timer:{{no.such.key}}"
                      steps:
                        - to: "log:x"
                """);
        assertThat(set.errors()).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("placeholder {{no.such.key}} cannot be resolved");
            assertThat(p.line()).isEqualTo(4);
        });
    }

    @Test
    void unreadableStructureIsAnErrorNotAnEmptySet() throws IOException {
        RouteSet set = load("map.yaml", "route:\n  id: x\n");
        assertThat(set.errors()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("a route file is a YAML list"));
    }

    @Test
    void anApacheCatalogNameWhoseParametersMapExactlyRunsAsTheJunctionConnector() throws IOException {
        RouteSet set = load("alerts.yaml", """
                - route:
                    id: alerts
                    from:
                      uri: direct:alerts
                      steps:
                        - to:
                            uri: kamelet:mqtt5-sink
                            parameters:
                              topic: devices/all/alerts
                              brokerUrl: tcp://127.0.0.1:1883
                """);
        assertThat(set.errors()).isEmpty();
        assertThat(set.kamelets().get("mqtt5-sink").template().getRoute().toString())
                .isEqualTo(set.kamelets().get("mqtt-sink").template().getRoute().toString());
    }

    @Test
    void aCachingLoaderReadsAgainOnlyWhatChangedAndAgreesWithAFullRead() throws IOException {
        RouteSetLoader caching = new RouteSetLoader(camel, true);
        List<Path> connectors = List.of(Path.of("connectors"));
        Files.writeString(dir.resolve("a.yaml"), webhookRoute("a", "/a"));
        Files.writeString(dir.resolve("b.yaml"), webhookRoute("b", "/b"));
        RouteSet first = caching.load(RouteSources.scan(List.of(dir), connectors));

        Files.writeString(dir.resolve("b.yaml"), webhookRoute("b", "/b2"));
        RouteSet second = caching.load(RouteSources.scan(List.of(dir), connectors));
        assertThat(second.routes().get("a").definition()).as("unchanged file: not read again")
                .isSameAs(first.routes().get("a").definition());
        assertThat(second.routes().get("b").definition()).isNotSameAs(first.routes().get("b").definition());
        assertThat(second.routes().get("b").definition().getInput().getEndpointUri()).contains("/b2");
        RouteSet full = new RouteSetLoader(camel).load(RouteSources.scan(List.of(dir), connectors));
        assertThat(second.problems()).isEqualTo(full.problems());
        assertThat(second.routes().keySet()).isEqualTo(full.routes().keySet());
        assertThat(second.fingerprint("a")).isEqualTo(full.fingerprint("a"));

        // Something every route depends on changed: every route restarts, so every file is read again.
        Files.writeString(dir.resolve("shared.yaml"), """
                - routeConfiguration:
                    id: shared
                    onException:
                      - onException:
                          exception: [java.io.IOException]
                          handled: {constant: true}
                """);
        RouteSet third = caching.load(RouteSources.scan(List.of(dir), connectors));
        assertThat(third.routes().get("a").definition()).isNotSameAs(second.routes().get("a").definition());

        // Cross-file checks still see every file, cached or not.
        Files.writeString(dir.resolve("c.yaml"), webhookRoute("a", "/c"));
        RouteSet fourth = caching.load(RouteSources.scan(List.of(dir), connectors));
        assertThat(fourth.errors()).singleElement()
                .satisfies(p -> assertThat(p.format()).contains("c.yaml:2:9").contains("duplicate route id 'a'"));
    }

    @Test
    void stepsThatNeedAnImplementationSayWhichAndWhereBeforeAnythingRuns() {
        List<Path> corpus = List.of(DifferentialLoadingTest.CORPUS.resolve("55-dataformat-not-installed.yaml"),
                DifferentialLoadingTest.CORPUS.resolve("56-circuit-breaker-fault-tolerance.yaml"),
                DifferentialLoadingTest.CORPUS.resolve("58-saga.yaml"),
                DifferentialLoadingTest.CORPUS.resolve("66-option-of-the-other-side.yaml"));
        RouteSet set = new RouteSetLoader(camel).load(RouteSources.scan(corpus, List.of()));
        assertThat(set.problems()).extracting(Problem::format)
                .anySatisfy(p -> assertThat(p).contains("55-dataformat-not-installed.yaml:8:13: error: data format 'csv' is not installed"))
                .anySatisfy(p -> assertThat(p).contains("56-circuit-breaker-fault-tolerance.yaml:9:13: warning: faultToleranceConfiguration is ignored"))
                .anySatisfy(p -> assertThat(p).contains("58-saga.yaml:7:11: error: saga needs a saga service"))
                .anySatisfy(p -> assertThat(p).contains("66-option-of-the-other-side.yaml:10:15: warning: option "
                        + "'groupId' of component kafka applies to consuming (from): Camel ignores it when sending"))
                .noneSatisfy(p -> assertThat(p).contains("exchangePattern"));
    }

    /** An outside look: pairs made by a templatedRoute, pollEnrich, enrich, toD or a placeholder were refused or warned about. */
    @Test
    void internalEndpointsJoinedOtherwiseThanFromAndToAreNeitherRefusedNorWarnedAbout() {
        RouteSet set = new RouteSetLoader(camel).load(RouteSources.scan(
                List.of(DifferentialLoadingTest.CORPUS.resolve("68-internal-endpoints-reached-other-ways.yaml")),
                List.of()));
        assertThat(set.problems()).extracting(Problem::format).noneSatisfy(p -> assertThat(p).contains("no route"));
        assertThat(set.routes()).containsKeys("greet-world", "sender", "enriched", "dynamic", "by-placeholder");
    }
}
