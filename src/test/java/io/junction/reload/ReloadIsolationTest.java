package io.junction.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.junction.config.TestConfig;
import io.junction.deadletter.DeadLetterPolicy;
import io.junction.routes.RouteInstaller;
import io.junction.routes.RouteSetLoader;
import io.junction.routes.RouteSources;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload touches only the routes of the files that changed, connector routes included. Random sequences of add,
 * edit, rename and delete run over route files whose routes all share the same connectors with the same parameters
 * (log-sink, json-filter-action and a line sink, expanded into each route, and the project's real file-sink, which
 * runs as a connector route of its own per use), while events flow through every route the step does not touch;
 * not one of those events may fail or go missing.
 */
class ReloadIsolationTest {

    /** A sink Junction expands into each route (file-sink, which catches errors itself, runs as a route per use). */
    static final Path LINE_SINK = Path.of("src/test/resources/test-connectors/line-sink.kamelet.yaml");
    static final String SINK = "kamelet:line-sink?directory=%s&fileName=lines.ndjson";

    @TempDir
    Path tmp;
    Path routes;
    Path connectors;
    Path out;
    DefaultCamelContext camel;
    RouteReloader reloader;
    ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        routes = Files.createDirectories(tmp.resolve("routes"));
        out = Files.createDirectories(tmp.resolve("out"));
        connectors = Files.createDirectories(tmp.resolve("connectors"));
        Files.copy(LINE_SINK, connectors.resolve("line-sink.kamelet.yaml"));
        camel = new DefaultCamelContext();
        // A route whose connector route is gone fails in 2 s instead of Camel's 30.
        KameletComponent kamelet = new KameletComponent();
        kamelet.setTimeout(2000);
        camel.addComponent("kamelet", kamelet);
        camel.start();
        producer = camel.createProducerTemplate();
        reloader = new RouteReloader(camel, new RouteSetLoader(camel),
                new RouteInstaller(camel, DeadLetterPolicy.of(camel, TestConfig.defaults())), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    /** One route: a direct: input, a header whose value an edit changes, and connectors shared with every other. */
    String route(String id, int version) {
        return """
                - route:
                    id: %s
                    from:
                      uri: "direct:%s"
                      steps:
                        - setHeader:
                            name: version
                            constant: "%d"
                        - to: "kamelet:json-filter-action?expression=true"
                        - to: "kamelet:log-sink?loggerName=shared"
                        - to:
                            uri: kamelet:file-sink
                            parameters:
                              directory: "%s"
                              fileName: events.ndjson
                        - to: "%s"
                """.formatted(id, id, version, out, SINK.formatted(out));
    }

    ReloadOutcome reload() {
        return reloader.apply(new RouteSetLoader(camel).load(RouteSources.scan(List.of(routes),
                List.of(Path.of("connectors"), connectors))));
    }

    /** The reported case: two files end in the same sink; an edit of the first keeps the second delivering. */
    @Test
    void editingOneFileKeepsAnotherFileSharingItsSinkDelivering() throws Exception {
        Files.writeString(routes.resolve("a.yaml"), route("a", 1));
        Files.writeString(routes.resolve("b.yaml"), route("b", 1));
        assertThat(reload().result()).isEqualTo(ReloadOutcome.Result.APPLIED);
        send("b", 1);

        Files.writeString(routes.resolve("a.yaml"), route("a", 2));
        ReloadOutcome edit = reload();
        assertThat(edit.plan().changed()).containsExactly("a");
        assertThat(edit.plan().unchanged()).containsExactly("b");

        send("b", 2);
        send("a", 1);
        assertThat(delivered()).containsEntry("b", Set.of(1, 2)).containsEntry("a", Set.of(1));
        // The expandable connectors run inside each route; file-sink as a connector route per route, named after it.
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId())
                .containsExactlyInAnyOrder("a", "b", "a.file-sink.1", "b.file-sink.1");
        assertThat(camel.getRouteController().getRouteStatus("b.file-sink.1")).isEqualTo(ServiceStatus.Started);
    }

    @RepeatedTest(3)
    void randomEditsNeverFailAnEventOfARouteTheyDoNotTouch() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, String> fileOf = new LinkedHashMap<>(); // route id -> file name
        Map<String, Integer> versionOf = new HashMap<>();
        int nextRoute = 0;
        int nextFile = 0;
        for (int i = 0; i < 3; i++) {
            String id = "r" + nextRoute++;
            fileOf.put(id, "f" + nextFile++ + ".yaml");
            versionOf.put(id, 1);
            Files.writeString(routes.resolve(fileOf.get(id)), route(id, 1));
        }
        assertThat(reload().result()).isEqualTo(ReloadOutcome.Result.APPLIED);

        Map<String, Set<Integer>> sent = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
        for (int step = 0; step < 12; step++) {
            List<String> ids = new ArrayList<>(fileOf.keySet());
            String op = ids.size() <= 1 ? "add" : List.of("add", "edit", "edit", "rename", "delete")
                    .get(random.nextInt(5));
            String target = op.equals("add") ? "r" + nextRoute++ : ids.get(random.nextInt(ids.size()));
            Set<String> untouched = new LinkedHashSet<>(fileOf.keySet());
            untouched.remove(target);

            AtomicBoolean running = new AtomicBoolean(true);
            Thread traffic = new Thread(() -> {
                while (running.get()) {
                    for (String id : untouched) {
                        int n = counter.incrementAndGet();
                        try {
                            send(id, n);
                            sent.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(n);
                        } catch (Exception e) {
                            failures.add(op + " " + target + ": event " + n + " of untouched route " + id + " failed: "
                                    + e);
                        }
                    }
                }
            });
            traffic.start();
            switch (op) {
                case "add" -> {
                    fileOf.put(target, "f" + nextFile++ + ".yaml");
                    versionOf.put(target, 1);
                    Files.writeString(routes.resolve(fileOf.get(target)), route(target, 1));
                }
                case "edit" -> {
                    versionOf.merge(target, 1, Integer::sum);
                    Files.writeString(routes.resolve(fileOf.get(target)), route(target, versionOf.get(target)));
                }
                case "rename" -> {
                    String renamed = "f" + nextFile++ + ".yaml";
                    Files.move(routes.resolve(fileOf.get(target)), routes.resolve(renamed));
                    fileOf.put(target, renamed);
                }
                default -> {
                    Files.delete(routes.resolve(fileOf.remove(target)));
                    versionOf.remove(target);
                }
            }
            ReloadOutcome outcome = reload();
            // Traffic goes on for a while after the reload: a connector route taken away shows up only then.
            int after = counter.get() + 3 * Math.max(1, untouched.size());
            while (counter.get() < after && failures.isEmpty() && !untouched.isEmpty()) {
                Thread.onSpinWait();
            }
            running.set(false);
            traffic.join();
            assertThat(outcome.result()).as("seed %d, step %d: %s %s", seed, step, op, target)
                    .isNotEqualTo(ReloadOutcome.Result.REJECTED);
            assertThat(outcome.plan().changed()).as("seed %d: only the edited route is replaced", seed)
                    .isSubsetOf(target);
            assertThat(failures).as("seed %d", seed).isEmpty();
        }
        // Every event an untouched route accepted is in the file, once.
        Map<String, Set<Integer>> delivered = delivered();
        sent.forEach((id, numbers) -> assertThat(delivered.getOrDefault(id, Set.of())).as("seed %d, route %s", seed, id)
                .containsAll(numbers));
        // And what runs now is exactly the files' routes, each with its own connector routes, all started.
        for (String id : fileOf.keySet()) {
            assertThat(camel.getRouteController().getRouteStatus(id)).isEqualTo(ServiceStatus.Started);
            assertThat(camel.getRouteController().getRouteStatus(id + ".file-sink.1"))
                    .isEqualTo(ServiceStatus.Started);
        }
    }

    void send(String route, int n) {
        producer.sendBody("direct:" + route, "{\"route\":\"" + route + "\",\"n\":" + n + "}");
    }

    /**
     * The events the sinks wrote, by route: each in both files (the file-sink's and the line sink's), once.
     */
    Map<String, Set<Integer>> delivered() throws Exception {
        Map<String, Integer> sunk = lines(out.resolve("events.ndjson"));
        Map<String, Integer> fallen = lines(out.resolve("lines.ndjson"));
        assertThat(fallen.keySet()).as("both sinks received the same events").isEqualTo(sunk.keySet());
        Map<String, Set<Integer>> byRoute = new HashMap<>();
        sunk.forEach((line, count) -> {
            var m = java.util.regex.Pattern.compile("\\{\"route\":\"(.+)\",\"n\":(\\d+)}").matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            assertThat(count).as("%s is written once by file-sink", line).isEqualTo(1);
            assertThat(fallen.get(line)).as("%s is written once by the line sink", line).isEqualTo(1);
            byRoute.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(Integer.parseInt(m.group(2)));
        });
        return byRoute;
    }

    static Map<String, Integer> lines(Path file) throws Exception {
        Map<String, Integer> lines = new HashMap<>();
        try (Stream<String> s = Files.lines(file)) {
            s.forEach(line -> lines.merge(line, 1, Integer::sum));
        }
        return lines;
    }
}
