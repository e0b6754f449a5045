package io.junction.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.junction.config.JunctionConfig;
import io.junction.deadletter.DeadLetterHeaders;
import io.junction.deadletter.DeadLetterPolicy;
import io.junction.deadletter.DeadLetterRoute;
import io.junction.deadletter.RetryPolicy;
import io.junction.idempotency.JunctionIdempotentRepository;
import io.junction.routes.BoundedYaml;
import io.junction.routes.Problem;
import io.junction.routes.RouteInstaller;
import io.junction.routes.RouteSet;
import io.junction.routes.RouteSetLoader;
import io.junction.routes.RouteSources;
import io.junction.routes.SourceFile;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.model.DelayDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.language.ConstantExpression;

/**
 * Runs declarative route tests ({@code *.test.yaml}) offline: the routes' real steps and connectors, with every
 * source replaced by a direct input and every transport (Kafka, HTTP, AMQP, RabbitMQ, MQTT, files, logs) replaced by
 * an in-memory stand-in. Retry delays are zero, so retries and backoff are exercised without waiting. No broker and
 * no network are needed.
 */
public final class RouteTestRunner {

    /** Transports replaced by stand-ins. */
    static final List<String> TRANSPORTS = List.of("kafka", "amqp", "jms", "spring-rabbitmq", "paho-mqtt5", "paho",
            "http", "https", "file", "platform-http", "junction-webhook", "junction-archive", "log", "sql", "jdbc");

    /** One test's outcome. */
    public record Result(Path file, String name, boolean passed, List<String> failures, long millis) {
    }

    private final java.util.function.Supplier<CamelContext> contexts;
    private final List<Path> connectorDirs;
    private final JunctionConfig config;

    /**
     * @param contexts makes an unstarted Camel context configured like the gateway (see OfflineCamel)
     * @param config   the gateway's configuration: its retry and dead-letter policy are what the routes run with
     */
    public RouteTestRunner(java.util.function.Supplier<CamelContext> contexts, List<Path> connectorDirs,
            JunctionConfig config) {
        this.contexts = contexts;
        this.connectorDirs = connectorDirs;
        this.config = config;
    }

    /** Runs every test in {@code testFile} against the routes beside it (its directory, recursively). */
    @SuppressWarnings("unchecked")
    public List<Result> run(Path testFile, Consumer<Result> listener) throws Exception {
        Map<String, Object> doc = (Map<String, Object>) BoundedYaml.load(Files.readString(testFile),
                testFile.toString());
        List<Map<String, Object>> tests = doc == null ? List.of()
                : (List<Map<String, Object>>) doc.getOrDefault("tests", List.of());
        List<Result> results = new ArrayList<>();
        Captures captures = new Captures();
        CamelContext context = contexts.get();
        try {
            // The stand-ins take the transports' names; Camel must not autowire the real components' options onto them.
            context.setAutowiredEnabled(false);
            for (String scheme : TRANSPORTS) {
                context.addComponent(scheme, new CaptureComponent(scheme, captures));
            }
            context.getRegistry().bind("junctionIdempotency", JunctionIdempotentRepository.inMemory(100_000));
            context.start();
            List<SourceFile> files = RouteSources.scan(List.of(testFile.toAbsolutePath().getParent()), connectorDirs);
            RouteSet set = new RouteSetLoader(context).load(files);
            if (set.hasErrors()) {
                Result r = new Result(testFile, "(routes)", false,
                        set.errors().stream().map(Problem::format).toList(), 0);
                listener.accept(r);
                return List.of(r);
            }
            context.addRoutes(new DeadLetterRoute(config.instance().id()));
            // The gateway's retry policy, without its delays: retries and backoff run without waiting.
            DeadLetterPolicy policy = new DeadLetterPolicy(context, RetryPolicy.of(config.retry()).withoutDelays(),
                    config.deadLetter());
            new RouteInstaller(context, policy).installAll(set, def -> {
                // The source is replaced: a test hands the route the message its source would have delivered.
                def.getInput().setUri(input(def.getRouteId()));
                for (DelayDefinition d : ProcessorDefinitionHelper.filterTypeInOutputs(def.getOutputs(),
                        DelayDefinition.class)) {
                    d.setExpression(new ConstantExpression("0"));
                }
                return def;
            });
            ProducerTemplate template = context.createProducerTemplate();
            for (Map<String, Object> test : tests) {
                Result r = runOne(context, template, captures, testFile, test, set);
                results.add(r);
                listener.accept(r);
            }
        } finally {
            context.stop();
        }
        return results;
    }

    static String input(String routeId) {
        return "direct:junction-test-" + routeId;
    }

    @SuppressWarnings("unchecked")
    private Result runOne(CamelContext context, ProducerTemplate template, Captures captures, Path file,
            Map<String, Object> test, RouteSet set) throws IOException {
        String name = String.valueOf(test.getOrDefault("name", "(unnamed)"));
        String route = String.valueOf(test.get("route"));
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        if (!set.routes().containsKey(route)) {
            failures.add("no route with id '" + route + "' beside " + file.getFileName()
                    + " (routes: " + set.routes().keySet() + ")");
            return new Result(file, name, false, failures, 0);
        }
        captures.clear();
        Map<String, Object> given = (Map<String, Object>) test.getOrDefault("given", Map.of());
        ((Map<String, Object>) given.getOrDefault("sinks", Map.of())).forEach((sink, plan) -> captures.failNext(sink,
                ((List<Object>) plan).stream().map(String::valueOf).toList()));
        Map<String, Object> input = (Map<String, Object>) test.getOrDefault("input", Map.of());
        Object body = input.containsKey("bodyFile")
                ? Files.readString(file.toAbsolutePath().getParent().resolve(String.valueOf(input.get("bodyFile"))))
                : input.get("body");
        Map<String, Object> headers = new LinkedHashMap<>((Map<String, Object>) input.getOrDefault("headers", Map.of()));
        if (input.containsKey("key")) {
            headers.put("kafka.KEY", String.valueOf(input.get("key")));
        }
        Exchange result = template.send(input(route), ex -> {
            ex.getIn().setBody(body == null ? null : String.valueOf(body));
            headers.forEach((k, v) -> ex.getIn().setHeader(k, v == null ? null : String.valueOf(v)));
        });

        Map<String, Object> expect = (Map<String, Object>) test.getOrDefault("expect", Map.of());
        Map<String, List<Captures.Message>> received = captures.all();
        List<Captures.Message> deadLetters = new ArrayList<>();
        received.forEach((sink, messages) -> messages.stream()
                .filter(m -> Expectations.headerValue(m, DeadLetterHeaders.ROUTE) != null).forEach(deadLetters::add));
        received.replaceAll((sink, messages) -> messages.stream()
                .filter(m -> Expectations.headerValue(m, DeadLetterHeaders.ROUTE) == null).toList());
        received.values().removeIf(List::isEmpty);

        Exception error = result.getException();
        if (expect.containsKey("error")) {
            String want = String.valueOf(expect.get("error"));
            if (error == null) {
                failures.add("expected the route to fail with '" + want + "', but it completed");
            } else if (!String.valueOf(error.getMessage()).contains(want)) {
                failures.add("expected the route to fail with '" + want + "', it failed with: " + error.getMessage());
            }
        } else if (error != null) {
            failures.add("the route failed: " + error.getClass().getSimpleName() + ": " + error.getMessage());
        }

        if (expect.get("deadLetter") instanceof Map<?, ?> dl) {
            if (deadLetters.size() != 1) {
                failures.add("expected 1 dead letter, got " + deadLetters.size());
            } else {
                Captures.Message m = deadLetters.get(0);
                checkHeader(failures, m, DeadLetterHeaders.EXCEPTION_MESSAGE, dl.get("reason"), true);
                checkHeader(failures, m, DeadLetterHeaders.CLASSIFICATION, dl.get("classification"), false);
                checkHeader(failures, m, DeadLetterHeaders.ATTEMPTS, dl.get("attempts"), false);
            }
        } else if (!deadLetters.isEmpty()) {
            failures.add("dead-lettered, not expected: " + Expectations.headerValue(deadLetters.get(0),
                    DeadLetterHeaders.EXCEPTION_MESSAGE));
        }

        if (Boolean.TRUE.equals(expect.get("filtered"))) {
            received.forEach((sink, messages) -> failures.add("expected the event to be filtered, but " + sink
                    + " received " + Expectations.abbreviate(messages.get(0).body())));
        }

        Map<String, Object> sinks = (Map<String, Object>) expect.getOrDefault("sinks", Map.of());
        for (Map.Entry<String, Object> e : sinks.entrySet()) {
            List<Map<String, Object>> wanted = (List<Map<String, Object>>) e.getValue();
            List<Captures.Message> got = received.getOrDefault(e.getKey(), List.of());
            if (got.size() != wanted.size()) {
                failures.add(e.getKey() + ": expected " + wanted.size() + " message(s), got " + got.size()
                        + (received.isEmpty() ? "" : " (sinks that received something: " + received.keySet() + ")"));
            }
            for (int i = 0; i < Math.min(got.size(), wanted.size()); i++) {
                for (String d : Expectations.compare(context, wanted.get(i), got.get(i))) {
                    failures.add(e.getKey() + " message " + (i + 1) + ": " + d);
                }
            }
        }
        received.keySet().stream().filter(s -> !sinks.containsKey(s) && !Boolean.TRUE.equals(expect.get("filtered")))
                .forEach(s -> failures.add("unexpected message to " + s + ": "
                        + Expectations.abbreviate(received.get(s).get(0).body())));
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(file, name, failures.isEmpty(), failures, millis);
    }

    private static void checkHeader(List<String> failures, Captures.Message m, String header, Object want,
            boolean contains) {
        if (want == null) {
            return;
        }
        String got = String.valueOf(Expectations.headerValue(m, header));
        boolean ok = contains ? got.contains(String.valueOf(want)) : got.equals(String.valueOf(want));
        if (!ok) {
            failures.add("dead letter " + header + ": expected " + (contains ? "to contain " : "") + "'" + want
                    + "', got '" + got + "'");
        }
    }
}
