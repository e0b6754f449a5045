package io.junction.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.junction.routes.Problem;
import io.junction.routes.RouteSet;
import io.junction.config.TestConfig;
import io.junction.deadletter.DeadLetterPolicy;
import io.junction.routes.RouteInstaller;
import io.junction.routes.RouteSetLoader;
import io.junction.routes.RouteSources;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reload refuses exactly what {@code junction validate} refuses, with the same messages, and the running route
 * keeps running: the same corpus as the validation tests, applied to a live Camel context.
 */
class ReloadCorpusTest {

    static final Path BROKEN = Path.of("src/test/resources/corpus/broken");
    static DefaultCamelContext camel;
    static RouteReloader reloader;

    @TempDir
    static Path base;

    @BeforeAll
    static void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        Files.writeString(base.resolve("running.yaml"), """
                - route:
                    id: running
                    from:
                      uri: "timer:running?period=60000"
                      steps:
                        - to: "log:running"
                """);
        reloader = new RouteReloader(camel, new RouteSetLoader(camel),
                new RouteInstaller(camel, DeadLetterPolicy.of(camel, TestConfig.defaults())), Duration.ofSeconds(5));
        assertThat(reloader.apply(load(List.of(base))).result()).isEqualTo(ReloadOutcome.Result.APPLIED);
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
    }

    static RouteSet load(List<Path> paths) {
        return new RouteSetLoader(camel).load(RouteSources.scan(paths, List.of(Path.of("connectors"))));
    }

    static Stream<Path> cases() throws Exception {
        return Files.list(BROKEN).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reloadRefusesWhatValidateRefuses(Path brokenCase) {
        List<Path> paths = new ArrayList<>(List.of(base, brokenCase));
        List<Problem> validated = load(paths).errors();
        ReloadOutcome outcome = reloader.apply(load(paths));

        assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.REJECTED);
        assertThat(outcome.problems().stream().filter(Problem::isError).map(Problem::format).toList())
                .isEqualTo(validated.stream().map(Problem::format).toList());
        assertThat(camel.getRouteController().getRouteStatus("running")).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).containsExactly("running");
    }

    /** D1: a routes directory that cannot be walked, or is gone for a moment, must not read as "no routes". */
    @org.junit.jupiter.api.Test
    void aRoutesDirectoryThatCannotBeListedKeepsTheRunningRoutes() throws Exception {
        Path sub = Files.createDirectories(base.resolve("sub"));
        Path loop = Files.createSymbolicLink(sub.resolve("up"), base);
        try {
            ReloadOutcome looped = reloader.apply(load(List.of(base)));
            assertThat(looped.result()).isEqualTo(ReloadOutcome.Result.REJECTED);
            assertThat(looped.problems()).extracting(Problem::format)
                    .anySatisfy(p -> assertThat(p).contains("cannot read the directory").contains("loops back"));
        } finally {
            Files.delete(loop);
        }
        ReloadOutcome gone = reloader.apply(load(List.of(base.resolve("renamed-away"))));
        assertThat(gone.result()).isEqualTo(ReloadOutcome.Result.REJECTED);
        assertThat(gone.problems()).extracting(Problem::format)
                .anySatisfy(p -> assertThat(p).contains("renamed-away").contains("no such directory"));
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).containsExactly("running");

        // Emptying on purpose still works: an existing, readable, empty directory removes every route.
        Path empty = Files.createDirectories(sub.resolve("empty"));
        assertThat(reloader.apply(load(List.of(empty))).result()).isEqualTo(ReloadOutcome.Result.APPLIED);
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).doesNotContain("running");
        assertThat(reloader.apply(load(List.of(base))).result()).isEqualTo(ReloadOutcome.Result.APPLIED);
        assertThat(camel.getRouteController().getRouteStatus("running")).isEqualTo(ServiceStatus.Started);
    }

    /** A leader-elected route needs the cluster service: without one it is refused, with the setting to use. */
    @org.junit.jupiter.api.Test
    void aMasterRouteWithoutAClusterServiceIsRefusedWithTheWayOut() throws Exception {
        Path dir = Files.createDirectories(base.resolve("elected"));
        Files.writeString(dir.resolve("once.yaml"), """
                - route:
                    id: once
                    from:
                      uri: "master:once:timer:once?period=60000"
                      steps:
                        - to: "log:once"
                """);
        ReloadOutcome outcome = reloader.apply(load(List.of(base, dir)));
        assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.REJECTED);
        assertThat(outcome.problems()).extracting(Problem::format).anySatisfy(p -> assertThat(p)
                .contains("once.yaml:1:").contains("No cluster service found").contains("junction.cluster.lock-dir"));
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).containsExactly("running");
    }
}
