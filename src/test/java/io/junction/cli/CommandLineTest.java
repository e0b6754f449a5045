package io.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The route-author commands as users run them, in-process and offline. Kafka is pointed at a port nobody listens
 * on: validate and test must not need any broker.
 */
class CommandLineTest {

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void noBrokers() {
        System.setProperty("junction.kafka.brokers", "127.0.0.1:1");
        System.setProperty("junction.amqp.url", "amqp://127.0.0.1:1");
    }

    @AfterAll
    static void restore() {
        System.clearProperty("junction.kafka.brokers");
        System.clearProperty("junction.amqp.url");
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new JunctionCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyExampleRouteTestPasses() {
        Run r = run("test", "routes");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("PASS  routes/examples/kafka-to-http.test.yaml: a partner that answers 503 twice")
                .doesNotContain("FAIL").containsPattern("(?m)^\\d+ passed, 0 failed$");
    }

    @Test
    void aWrongExpectationFailsWithAReadableDiffAndJUnitXml(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path xml = tmp.resolve("junit.xml");
        Run r = run("test", "src/test/resources/route-tests/wrong", "--junit-xml", xml.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("PASS  src/test/resources/route-tests/wrong/greet.test.yaml: greets by name")
                .contains("FAIL  src/test/resources/route-tests/wrong/greet.test.yaml: a deliberately wrong expectation")
                .contains("    - {\"greeting\":\"hi ada\"}")
                .contains("    + {\"greeting\":\"hello ada\"}")
                .contains("$.greeting: expected \"hi ada\", got \"hello ada\"")
                .contains("$.polite: missing (expected true)")
                .endsWith("1 passed, 1 failed" + System.lineSeparator());
        assertThat(java.nio.file.Files.readString(xml)).contains("tests=\"2\" failures=\"1\"").contains("<failure");
    }

    @Test
    void validateExitCodesAndFormats() throws Exception {
        Run clean = run("validate", "routes", "connectors");
        assertThat(clean.exit()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).isEmpty();

        Run broken = run("validate", "src/test/resources/corpus/broken/07-misspelled-option.yaml");
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out().strip()).isEqualTo("src/test/resources/corpus/broken/07-misspelled-option.yaml:5:12: "
                + "error: unknown option 'perid' for component timer (hint: did you mean 'period'?)");
        // One file named, one counted: not the connectors read to resolve kamelet: references.
        assertThat(broken.err()).contains("1 file(s), 1 route(s): 1 error(s), 0 warning(s)");

        Run json = run("validate", "--format", "json", "src/test/resources/corpus/broken/12-missing-kamelet-parameter.yaml");
        assertThat(json.exit()).isEqualTo(1);
        JsonNode body = new ObjectMapper().readTree(json.out());
        assertThat(body.get("errors").asInt()).isEqualTo(1);
        assertThat(body.get("files").asInt()).isEqualTo(1);
        assertThat(body.get("problems").get(0).get("line").asInt()).isEqualTo(7);
        assertThat(body.get("problems").get(0).get("message").asText()).isEqualTo("kamelet kafka-sink requires parameter 'topic'");

        assertThat(run("validate", "no/such/path").exit()).isEqualTo(2);
        assertThat(run("validate").exit()).isEqualTo(2);
    }

    /**
     * A Camel JBang example folder: route files and the application.properties that sets their placeholders. The
     * folder's properties fill them; the configuration wins for a key both set (junction.kafka.brokers here, as a
     * system property); keys that configure Camel itself are named as not applied.
     */
    @Test
    void anExampleFoldersOwnPropertiesFillItsPlaceholders(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("greeter.yaml"), """
                - route:
                    id: greeter
                    from:
                      uri: "timer:tick?period={{greeting.period}}"
                      steps:
                        - log: "{{greeting.text}} via {{junction.kafka.brokers}}"
                """);
        Run without = run("validate", tmp.toString());
        assertThat(without.exit()).isEqualTo(1);
        assertThat(without.out()).contains("placeholder {{greeting.period}} cannot be resolved");

        java.nio.file.Files.writeString(tmp.resolve("application.properties"),
                "greeting.period=5000\ngreeting.text=hello\njunction.kafka.brokers=example:9092\n"
                        + "camel.component.kafka.brokers=example:9092\ncamel.beans.cf=#class:java.lang.Object\n"
                        + "camel.main.name = example\ncamel.kamelet.log-sink.loggerName=example\n"
                        + "camel.route-template[one].template-id=myTemplate\n");
        Run with = run("validate", tmp.toString());
        assertThat(with.exit()).as(with.out()).isZero();
        assertThat(with.out()).contains("'camel.component.kafka.brokers' is not applied: a routes folder's properties"
                + " fill placeholders only").contains("'camel.beans.cf' is not applied");
        // Each at the key's own line, with what to do for that kind of key.
        assertThat(with.out()).contains("application.properties:4:1: warning: 'camel.component.kafka.brokers'")
                .contains("application.properties:5:1: warning: 'camel.beans.cf'")
                .contains("copy the line to config/application.properties")
                .contains("application.properties:6:1: warning: 'camel.main.name'")
                .contains("a setting of Camel JBang's runner, not needed here")
                .contains("application.properties:8:1: warning: 'camel.route-template[one].template-id'")
                .contains("- templatedRoute: {routeTemplateRef: TEMPLATE_ID, routeId: ROUTE_ID")
                .as("a Kamelet's parameter is a placeholder the kamelet component reads: applied")
                .doesNotContain("'camel.kamelet.log-sink.loggerName' is not applied");

        // Following that hint: a bean declared in the configuration is one the gateway binds (Camel Main), so a
        // route naming it validates; one whose class is missing is not bound, and the route's reference is reported.
        java.nio.file.Files.writeString(tmp.resolve("counter.yaml"), """
                - route:
                    id: counter
                    from:
                      uri: "timer:count"
                      steps:
                        - to: "bean:configuredCounter?method=incrementAndGet"
                """);
        assertThat(run("validate", tmp.resolve("counter.yaml").toString()).out())
                .contains("no bean named 'configuredCounter'");
        System.setProperty("camel.beans.configuredCounter", "#class:java.util.concurrent.atomic.AtomicLong");
        System.setProperty("camel.beans.configuredCounter.plain", "7");
        try {
            Run declared = run("validate", tmp.resolve("counter.yaml").toString());
            assertThat(declared.out()).doesNotContain("configuredCounter");
            assertThat(declared.exit()).as(declared.out()).isZero();
            System.setProperty("camel.beans.configuredCounter", "#class:com.example.Missing");
            assertThat(run("validate", tmp.resolve("counter.yaml").toString()).out())
                    .contains("no bean named 'configuredCounter'");
        } finally {
            System.clearProperty("camel.beans.configuredCounter");
            System.clearProperty("camel.beans.configuredCounter.plain");
        }
        java.nio.file.Files.delete(tmp.resolve("counter.yaml"));

        var context = new org.apache.camel.impl.DefaultCamelContext();
        context.getPropertiesComponent().addPropertiesSource(
                new org.apache.camel.component.microprofile.config.CamelMicroProfilePropertiesSource());
        io.junction.routes.FolderProperties.install(context, java.util.List.of(tmp));
        assertThat(context.resolvePropertyPlaceholders("{{greeting.text}}")).isEqualTo("hello");
        assertThat(context.resolvePropertyPlaceholders("{{junction.kafka.brokers}}")).as("the configuration wins")
                .isEqualTo("127.0.0.1:1");
    }

    /**
     * Issue 26's outside look: a component option naming a bean that nothing declares passed validate, and the gateway
     * then stopped at start with Camel's NoSuchBeanException. The folder's own line says to bring the bean along.
     */
    @Test
    void aComponentOptionNamingAnUndeclaredBeanIsReported(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("jms.yaml"), """
                - route:
                    id: jms-reader
                    from:
                      uri: "jms:queue:orders"
                      steps:
                        - log: "${body}"
                """);
        java.nio.file.Files.writeString(tmp.resolve("application.properties"),
                "camel.component.jms.connection-factory=#bean:artemisCf\n");
        Run folder = run("validate", tmp.toString());
        assertThat(folder.out()).contains("application.properties:1:1: warning: 'camel.component.jms.connection-factory'"
                + " is not applied").contains("with the bean it names: its camel.beans.artemisCf lines");

        System.setProperty("camel.component.jms.connection-factory", "#bean:artemisCf");
        try {
            Run missing = run("validate", tmp.resolve("jms.yaml").toString());
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.out()).contains("(system property):1:1: error: camel.component.jms.connection-factory"
                    + " names bean 'artemisCf', which nothing declares: the gateway refuses to start");
            // The second outside look: a bean the configuration declares but cannot make (its library missing)
            // stops the gateway too; it is named, with the step that adds the library, not called undeclared.
            System.setProperty("camel.beans.artemisCf", "#class:org.messaginghub.pooled.jms.JmsPoolConnectionFactory");
            Run unmade = run("validate", tmp.resolve("jms.yaml").toString());
            assertThat(unmade.exit()).isEqualTo(1);
            assertThat(unmade.out()).contains("(system property):1:1: error: bean artemisCf (camel.beans.artemisCf)"
                    + " cannot be created: class org.messaginghub.pooled.jms.JmsPoolConnectionFactory not found")
                    .contains("./junction build --with org.messaginghub:pooled-jms").doesNotContain("nothing declares");
            System.setProperty("camel.beans.artemisCf",
                    "#class:org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory");
            Run declared = run("validate", tmp.resolve("jms.yaml").toString());
            assertThat(declared.exit()).as(declared.out()).isZero();
        } finally {
            System.clearProperty("camel.component.jms.connection-factory");
            System.clearProperty("camel.beans.artemisCf");
        }
        // Without any factory, the jms: endpoint itself is refused at its line, as the gateway would refuse the route.
        Run none = run("validate", tmp.resolve("jms.yaml").toString());
        assertThat(none.out()).contains("jms.yaml:4:12: error: jms has no connection factory");
    }

    @Test
    void validateRefusesASchemaVersionThatBreaksItsSubjectsCompatibility(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path order = java.nio.file.Files.createDirectories(tmp.resolve("schemas/order"));
        for (String f : new String[] { "subject.yaml", "1.json", "2.json" }) {
            java.nio.file.Files.copy(java.nio.file.Path.of("routes/examples/schemas/order", f), order.resolve(f));
        }
        assertThat(run("validate", tmp.toString()).exit()).isZero();
        // Version 3 makes the optional currency required: orders written with version 2 may lack it.
        java.nio.file.Files.writeString(order.resolve("3.json"), java.nio.file.Files.readString(order.resolve("2.json"))
                .replace("\"required\": [\"id\", \"amount\", \"customer\"]", "\"required\": [\"id\", \"amount\", \"customer\", \"currency\"]"));
        Run broken = run("validate", tmp.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out().strip()).isEqualTo(order.resolve("3.json") + ":6:44: error: breaks BACKWARD compatibility "
                + "with version 2 at field currency (REQUIRED_ADDED): The new version requires field currency but version 2 "
                + "does not: data written with version 2 may lack it. Leave it out of \"required\" in the new version, or "
                + "make the change in a new subject.");
    }

    @Test
    void schemasPushSendsNothingWhileASchemaIsBrokenAndNamesAnUnreachableRegistry(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path payment = java.nio.file.Files.createDirectories(tmp.resolve("schemas/payment"));
        java.nio.file.Files.writeString(payment.resolve("1.avsc"), "{\"type\": \"record\", \"name\": \"P\", \"fields\": ["
                + "{\"name\": \"id\", \"type\": \"string\"}]}");
        java.nio.file.Files.writeString(payment.resolve("2.avsc"), "{\"type\": \"record\", \"name\": \"P\", \"fields\": ["
                + "{\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"amount\", \"type\": \"double\"}]}");
        // Port 9 (discard) on loopback: nothing listens, so a request would fail; none must be made.
        Run broken = run("schemas", "push", tmp.toString(), "--registry", "http://127.0.0.1:9/apis/ccompat/v7");
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).isEmpty();
        assertThat(broken.err()).contains(payment.resolve("2.avsc") + ":1:78: error: breaks BACKWARD compatibility with"
                + " version 1 at field amount (AVRO_READER_FIELD_MISSING_DEFAULT_VALUE)").contains("nothing pushed: fix the schemas first");

        java.nio.file.Files.delete(payment.resolve("2.avsc"));
        Run unreachable = run("schemas", "push", tmp.toString(), "--registry", "http://127.0.0.1:9/apis/ccompat/v7");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains(tmp.resolve("schemas/payment/subject.yaml") + ":1:1: error: not registered in"
                + " http://127.0.0.1:9/apis/ccompat/v7: ").contains("not reachable");
        assertThat(run("schemas", "pull", "--registry", "http://127.0.0.1:9").exit()).isEqualTo(2); // --into is required
    }
}
