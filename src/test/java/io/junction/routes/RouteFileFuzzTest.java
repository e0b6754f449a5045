package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any bytes as a route file give problems with file and line, never a loader defect (the loader turns an unexpected
 * exception into a "could not be loaded" problem, which this test treats as a failure). Regression mode in a normal
 * build; {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=RouteFileFuzzTest} fuzzes.
 */
class RouteFileFuzzTest {

    static DefaultCamelContext camel;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        dir = Files.createTempDirectory("fuzz-routes");
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
    }

    @FuzzTest(maxDuration = "15s")
    void anyRouteFileGivesProblemsNeverALoaderDefect(byte[] content) throws Exception {
        Files.write(dir.resolve("fuzzed.yaml"), content);
        RouteSet set = new RouteSetLoader(camel).load(RouteSources.scan(List.of(dir), List.of()));
        assertThat(set.problems()).noneMatch(p -> p.message().startsWith("the route files could not be loaded"));
    }
}
