package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every broken file yields its one expected error, at its file and line; the valid corpus yields nothing. */
class ValidationCorpusTest {

    static DefaultCamelContext camel;

    @BeforeAll
    static void start() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
    }

    static List<Corpus.Case> cases() throws Exception {
        return Corpus.broken();
    }

    @Test
    void theCorpusCoversAtLeast25Mistakes() throws Exception {
        assertThat(Corpus.broken()).hasSizeGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brokenFileYieldsItsError(Corpus.Case c) {
        RouteSet set = new RouteSetLoader(camel).load(RouteSources.scan(List.of(c.path()), List.of(Corpus.CONNECTORS)));
        assertThat(set.errors()).as(set.problems().toString()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith(c.file());
            assertThat(p.line()).isEqualTo(c.line());
            assertThat(p.format()).contains(c.text());
        });
    }

    @Test
    void validCorpusYieldsNothing() {
        RouteSet set = new RouteSetLoader(camel).load(RouteSources.scan(List.of(Corpus.VALID), List.of(Corpus.CONNECTORS)));
        assertThat(set.problems()).isEmpty();
        assertThat(set.routes()).containsOnlyKeys("enrich", "orders", "timer-to-log", "slashed-kamelet-uri");
    }
}
