package io.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26's second outside look: validate passed what Camel refuses when it builds the route at start, which the
 * gateway then reported at the route's first line with Camel's raw text. validate builds each route of a valid set
 * as the gateway will (starting nothing) and reports the step at its own line.
 */
class ValidatePredictsStartTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void noBrokers() {
        CommandLineTest.noBrokers();
    }

    @AfterAll
    static void restore() {
        CommandLineTest.restore();
    }

    static String route(String step) {
        return """
                - route:
                    id: built
                    from:
                      uri: timer:built
                      steps:
                        - setBody:
                            constant: "{}"
                %s
                """.formatted(step.indent(8).stripTrailing());
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> refused() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("- log: \"price ${stock()}\"", 8, "stock()"),
                org.junit.jupiter.params.provider.Arguments.of("""
                        - convertBodyTo:
                            type: com.example.Nope""", 8, "com.example.Nope"),
                org.junit.jupiter.params.provider.Arguments.of("""
                        - doTry:
                            steps:
                              - log: tried
                            doCatch:
                              - exception:
                                  - com.example.NopeException
                                steps:
                                  - log: caught""", 8, "com.example.NopeException"),
                // Issue 26's outside look: a failing step inside a branch was reported at the branching step's line.
                org.junit.jupiter.params.provider.Arguments.of("""
                        - choice:
                            when:
                              - simple: "${body} == 'a'"
                                steps:
                                  - log: "a ${stock()}"
                        """, 12, "simple has no function stock(): an example that uses"
                        + " one registers it from Java code"),
                org.junit.jupiter.params.provider.Arguments.of("""
                        - doTry:
                            steps:
                              - log: tried
                            doCatch:
                              - exception: [java.lang.Exception]
                                steps:
                                  - log: "caught ${stock()}"
                        """, 14, "stock()"),
                org.junit.jupiter.params.provider.Arguments.of("""
                        - circuitBreaker:
                            steps:
                              - log: cb
                            onFallback:
                              steps:
                                - log: "fallback ${stock()}"
                        """, 13, "stock()"),
                // An outside look: reported at the log step's line, in Camel's words ("Enum class class ...").
                org.junit.jupiter.params.provider.Arguments.of("""
                        - log:
                            message: hi
                            loggingLevel: LOUD""", 10, "loggingLevel 'LOUD' is not one of the allowed values (TRACE,"
                        + " DEBUG, INFO, WARN, ERROR, OFF)"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("refused")
    void aStepCamelRefusesToBuildIsReportedAtItsLine(String step, int line, String named) throws Exception {
        Files.writeString(tmp.resolve("built.yaml"), route(step));
        CommandLineTest.Run r = CommandLineTest.run("validate", tmp.toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("built.yaml:" + line + ":").contains("Camel refuses").contains(named);
    }

    @Test
    void aValidSetWithConnectorsBuildsWithoutAWord() throws Exception {
        Files.writeString(tmp.resolve("ok.yaml"), """
                - route:
                    id: ok
                    from:
                      uri: timer:ok
                      steps:
                        - setBody:
                            simple: "${random(100)}"
                        - choice:
                            when:
                              - simple: "${body} > 50"
                                steps:
                                  - to: "kamelet:kafka-sink?topic=big"
                            otherwise:
                              steps:
                                - to: "kamelet:log-sink"
                - route:
                    id: hook
                    from:
                      uri: kamelet:webhook-source
                      parameters:
                        path: /hooks/ok
                      steps:
                        - to: "kamelet:kafka-sink?topic=hooks"
                """);
        CommandLineTest.Run r = CommandLineTest.run("validate", tmp.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).doesNotContain("Camel refuses to build");
    }
}
