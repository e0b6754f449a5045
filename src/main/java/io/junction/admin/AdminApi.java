package io.junction.admin;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.junction.connectors.archive.ArchiveEndpoint;
import io.junction.deadletter.DeadLetterQuery;
import io.junction.deadletter.DeadLetters;
import io.junction.metrics.RecentEvents;
import io.junction.reload.GatewayRoutes;
import io.junction.reload.ReloadHistory;
import io.junction.reload.ReloadOutcome;
import io.junction.routes.Problem;
import io.junction.routes.RouteSet;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import io.junction.config.JunctionConfig;
import io.junction.deadletter.DeadLetterService;
import io.junction.headers.HeaderPolicy;
import io.junction.history.ReplayJobs;
import io.junction.history.ReplayRequest;
import io.junction.history.StreamReplay;
import io.junction.secrets.Secrets;
import io.junction.ui.Topology;
import io.quarkus.runtime.LaunchMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API on the management port (never the ingress port): reload status, routes and how they link, recent
 * events, dead letters, replays of a time window; the dashboard (/ui) is a page over these calls. Every call needs
 * {@code Authorization: Bearer <token>} ({@link AdminToken}), except in the dev profile without a configured token,
 * where loopback clients need none. {@link ManagementGuard} keeps other origins' web pages out first.
 */
@ApplicationScoped
public class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private final GatewayRoutes routes;
    private final ReloadHistory history;
    private final CamelContext camel;
    private final Optional<String> token;
    private final DeadLetterService deadLetters;
    private final ReplayJobs replays = new ReplayJobs();
    private final String brokers;
    private final String deadLetterUri;
    private final HeaderPolicy policy;
    // A field given twice is refused, not decided by its last copy (the tenth probe: "route" twice acted on the last).
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public AdminApi(GatewayRoutes routes, ReloadHistory history, CamelContext camel, JunctionConfig config,
            HeaderPolicy policy) {
        this.deadLetters = new DeadLetterService(config.kafka().brokers(), policy,
                config.deadLetter().replayTargets().orElse(List.of()));
        this.brokers = config.kafka().brokers();
        this.deadLetterUri = config.deadLetter().uri();
        this.policy = policy;
        this.routes = routes;
        this.history = history;
        this.camel = camel;
        this.token = AdminToken.forGateway(config, LaunchMode.current() == LaunchMode.DEVELOPMENT);
        this.token.ifPresent(Secrets::register);
    }

    void register(@Observes ManagementInterface management) {
        if (token.isEmpty()) {
            LOG.warn("junction.admin.token is not set: in the dev profile the admin API answers loopback clients"
                    + " without one");
        }
        Router router = management.router();
        router.route("/admin/*").handler(this::authorize);
        router.get("/admin/reload").handler(ctx -> send(ctx, 200, reloadStatus()));
        router.post("/admin/reload").blockingHandler(ctx -> {
            ReloadOutcome outcome = routes.reload();
            send(ctx, outcome.rejected() ? 422 : 200, outcome(outcome));
        });
        router.get("/admin/routes").handler(ctx -> send(ctx, 200, Map.of("routes", routeList())));
        router.get("/admin/topology").handler(ctx -> send(ctx, 200, Map.of("routes", topology())));
        router.get("/admin/events").handler(this::recentEvents);
        router.get("/admin/dlq").blockingHandler(this::listDeadLetters);
        router.post("/admin/dlq/replay").handler(BodyHandler.create().setBodyLimit(64 * 1024))
                .blockingHandler(this::replayDeadLetters);
        router.post("/admin/replay").handler(BodyHandler.create().setBodyLimit(64 * 1024)).blockingHandler(this::replay);
        router.get("/admin/replay").handler(ctx -> send(ctx, 200,
                Map.of("replays", replays.list().stream().map(StreamReplay.Progress::asMap).toList())));
        router.get("/admin/replay/:id").handler(ctx -> replays.get(ctx.pathParam("id")).ifPresentOrElse(
                r -> send(ctx, 200, r.progress().asMap()), () -> send(ctx, 404, Map.of("error", "no such replay"))));
        router.delete("/admin/replay/:id").handler(ctx -> replays.get(ctx.pathParam("id")).ifPresentOrElse(r -> {
            r.cancel();
            send(ctx, 202, r.progress().asMap());
        }, () -> send(ctx, 404, Map.of("error", "no such replay"))));
    }

    /**
     * POST /admin/replay {topic|archive, from, to, intoRoute|intoTopic, filter, rate, dryRun}: replays a time window
     * in the background; 202 with the replay's progress (follow it at GET /admin/replay/ID).
     */
    private void replay(RoutingContext ctx) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> req = ctx.body().length() == 0 ? Map.of() : json.readValue(ctx.body().asString(), Map.class);
            ReplayRequest request = ReplayRequest.of(req);
            if (request.archive() != null && !archives().contains(absolute(Path.of(request.archive())))) {
                // Over HTTP, only the archives this gateway writes: any other directory of the host is not the
                // caller's to read, nor to learn about from an error.
                send(ctx, 400, Map.of("error", "archive " + request.archive() + " is not one this gateway's routes"
                        + " write; replay from one of " + archives()));
                return;
            }
            StreamReplay replay = replays.start(() -> request.open(brokers, camel, policy));
            ctx.response().putHeader("Location", "/admin/replay/" + replay.id());
            send(ctx, 202, replay.progress().asMap());
        } catch (ReplayJobs.Busy e) {
            ctx.response().putHeader("Retry-After", "10");
            send(ctx, 429, Map.of("error", e.getMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Jackson's reason without its location and source excerpt (a duplicate field, a wrong type...).
            send(ctx, 400, Map.of("error", "the body must be a JSON object of a replay's fields (docs/history.md): "
                    + e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            send(ctx, 400, Map.of("error", e.getMessage()));
        } catch (Exception e) {
            send(ctx, 503, Map.of("error", "replay failed to start: " + Secrets.mask(e.getMessage())));
        }
    }

    /** The directories the running archive-sink routes write. */
    private List<Path> archives() {
        return camel.getEndpoints().stream().filter(e -> e instanceof ArchiveEndpoint)
                .map(e -> absolute(((ArchiveEndpoint) e).directory())).distinct().toList();
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** GET /admin/dlq?route=&topic=&since=&until=&exception=&id=&samples= : counts and samples. */
    private void listDeadLetters(RoutingContext ctx) {
        try {
            DeadLetterQuery query = scoped(query(ctx.queryParams()::getAll, ctx.request()::getParam));
            int samples = Integer.parseInt(Optional.ofNullable(ctx.request().getParam("samples")).orElse("5"));
            DeadLetterService.Listing listing = query.topicsToRead() == null
                    ? new DeadLetterService.Listing(0, Map.of(), List.of()) : deadLetters.list(query, samples);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("total", listing.total());
            body.put("byRouteAndException", listing.byRouteAndException());
            body.put("samples", listing.samples().stream().map(DeadLetters.Letter::asMap).toList());
            send(ctx, 200, body);
        } catch (java.util.NoSuchElementException e) {
            send(ctx, 404, Map.of("error", e.getMessage()));
        } catch (IllegalArgumentException e) {
            send(ctx, 400, Map.of("error", e.getMessage()));
        } catch (Exception e) {
            send(ctx, 503, Map.of("error", "reading dead letters failed: " + Secrets.mask(e.getMessage())));
        }
    }

    private static final java.util.SortedSet<String> DLQ_REPLAY_FIELDS = new java.util.TreeSet<>(List.of("route",
            "topic", "since", "until", "exception", "id", "to", "dryRun", "rate"));

    /** POST /admin/dlq/replay {route, topic, since, until, exception, id, to, dryRun, rate}: re-drive dead letters. */
    private void replayDeadLetters(RoutingContext ctx) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> req = ctx.body().length() == 0 ? Map.of() : json.readValue(ctx.body().asString(), Map.class);
            if (req == null) {
                throw new IllegalArgumentException("the body must be a JSON object of the fields " + DLQ_REPLAY_FIELDS);
            }
            for (String name : req.keySet()) {
                // A misspelt field ("ids") would otherwise widen the replay to every letter, silently.
                if (!DLQ_REPLAY_FIELDS.contains(name)) {
                    throw new IllegalArgumentException("unknown field '" + name + "' (fields: " + DLQ_REPLAY_FIELDS + ")");
                }
            }
            DeadLetterQuery query = scoped(query(name -> list(req.get(name)), name -> req.get(name) == null ? null
                    : String.valueOf(req.get(name))));
            String to = req.get("to") == null ? null : String.valueOf(req.get("to"));
            boolean dryRun = Boolean.parseBoolean(String.valueOf(req.getOrDefault("dryRun", "false")));
            double rate = io.junction.history.ReplayRequest.rate(req.get("rate"));
            if (query.topicsToRead() == null) {
                send(ctx, 200, Map.of("matched", 0, dryRun ? "wouldReplay" : "replayed", 0, "skipped", 0,
                        "errors", List.of(), "ids", List.of()));
                return;
            }
            var replay = deadLetters.replay(query, to, dryRun, rate, camel.createProducerTemplate(), null);
            var summary = replay.summary();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("matched", summary.matched());
            body.put(dryRun ? "wouldReplay" : "replayed", summary.replayed());
            body.put("skipped", summary.skipped());
            body.put("errors", summary.errors());
            body.put("ids", replay.replayed().stream().map(DeadLetterService.Sent::id).toList());
            send(ctx, summary.skipped() > 0 ? 207 : 200, body);
        } catch (java.util.NoSuchElementException e) {
            send(ctx, 404, Map.of("error", e.getMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            send(ctx, 400, Map.of("error", "the body must be a JSON object of the fields " + DLQ_REPLAY_FIELDS + ": "
                    + e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            send(ctx, 400, Map.of("error", e.getMessage()));
        } catch (Exception e) {
            send(ctx, 503, Map.of("error", "replay failed: " + Secrets.mask(e.getMessage())));
        }
    }

    private static DeadLetterQuery query(java.util.function.Function<String, List<String>> many,
            java.util.function.Function<String, String> one) {
        Instant now = Instant.now();
        return new DeadLetterQuery(many.apply("route"), many.apply("topic"),
                DeadLetterQuery.parseTime(one.apply("since"), now), DeadLetterQuery.parseTime(one.apply("until"), now),
                one.apply("exception"), many.apply("id"));
    }

    /**
     * The query limited to this gateway's dead letters: the dead-letter topics of its own routes, never every
     * {@code *.dlq} of the cluster; a route or topic that is not this gateway's is refused, so no request names a
     * topic that does not exist (reading one would make Kafka create it). For a gateway with no such topic the
     * query names none ({@code topicsToRead() == null}), and callers must read nothing.
     */
    private DeadLetterQuery scoped(DeadLetterQuery q) {
        Map<String, String> topicOf = new java.util.TreeMap<>();
        for (String id : routes.current().routes().keySet()) {
            String topic = DeadLetters.kafkaTopic(deadLetterUri.replace("{route}", id));
            if (topic != null) {
                topicOf.put(id, topic);
            }
        }
        for (String r : q.routes()) {
            if (!topicOf.containsKey(r)) {
                throw new java.util.NoSuchElementException("no route '" + r + "' runs in this gateway");
            }
        }
        for (String t : q.topics()) {
            if (!topicOf.containsValue(t)) {
                throw new java.util.NoSuchElementException("'" + t + "' is not the dead-letter topic of a route of"
                        + " this gateway");
            }
        }
        if (!q.routes().isEmpty() || !q.topics().isEmpty()) {
            return q;
        }
        return new DeadLetterQuery(List.of(), List.copyOf(new java.util.TreeSet<>(topicOf.values())), q.since(),
                q.until(), q.exception(), q.ids());
    }

    private static List<String> list(Object v) {
        if (v == null) {
            return List.of();
        }
        return v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(v));
    }

    private void authorize(RoutingContext ctx) {
        if (token.isPresent()) {
            List<String> headers = ctx.request().headers().getAll("Authorization");
            if (headers.size() > 1) {
                // A proxy may read the last where this read the first: one credential, or none.
                send(ctx, 400, Map.of("error", "more than one Authorization header: send one"));
                return;
            }
            String header = headers.isEmpty() ? "" : headers.get(0);
            // The scheme is case-insensitive (RFC 7235); the token is compared in constant time.
            String credentials = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : "";
            byte[] given = credentials.getBytes(StandardCharsets.UTF_8);
            byte[] expected = token.get().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(given, expected)) {
                send(ctx, 401, Map.of("error", "missing or wrong bearer token"));
                return;
            }
        } else {
            String host = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
            // The dev profile only (elsewhere there is always a token): loopback clients need none.
            if (!(host.equals("127.0.0.1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1"))) {
                send(ctx, 403, Map.of("error", "set junction.admin.token to use the admin API from other hosts"));
                return;
            }
        }
        ctx.next();
    }

    private Map<String, Object> reloadStatus() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", history.failing() ? "failing" : "ok");
        body.put("lastApplied", outcome(history.lastApplied()));
        body.put("lastRejected", outcome(history.lastRejected()));
        body.put("routeDirs", routes.routeDirs().stream().map(Object::toString).toList());
        body.put("connectorDirs", routes.connectorDirs().stream().map(Object::toString).toList());
        return body;
    }

    private static Map<String, Object> outcome(ReloadOutcome o) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", o.result().name().toLowerCase());
        m.put("at", o.at());
        m.put("durationMillis", o.durationMillis());
        m.put("summary", o.summary());
        m.put("routes", o.routes());
        m.put("added", o.plan().added());
        m.put("replaced", o.plan().changed());
        m.put("removed", o.plan().removed());
        m.put("problems", o.problems().stream().map(Problem::asMap).toList());
        return m;
    }

    private List<Map<String, Object>> routeList() {
        RouteSet set = routes.current();
        List<Map<String, Object>> list = new ArrayList<>();
        for (RouteSet.RouteUnit unit : set.routes().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", unit.id());
            m.put("file", unit.file().name());
            m.put("line", unit.line());
            ServiceStatus status = camel.getRouteController().getRouteStatus(unit.id());
            m.put("status", status == null ? "absent" : status.name().toLowerCase());
            Route route = camel.getRoute(unit.id());
            m.put("from", route == null ? null : io.junction.routes.ConnectorExpansion.sourceAsWritten(route));
            m.put("uptimeMillis", route == null ? 0 : route.getUptimeMillis());
            m.put("connectors", set.kameletClosure(unit.kamelets()));
            String missing = io.junction.routes.KameletUses.notRunning(camel, unit.id());
            if (missing != null) {
                m.put("problem", "connector route " + missing + " is not running: events of this route cannot get"
                        + " through it");
            }
            list.add(m);
        }
        return list;
    }

    /** What each route reads and writes, under the names that link routes (see {@link Topology}). */
    private List<Topology.Node> topology() {
        return routes.current().routes().values().stream()
                .filter(unit -> unit.definition() != null)
                .map(unit -> Topology.of(unit.id(), unit.definition())).toList();
    }

    /** GET /admin/events?trace=&source=&route=&limit= : the recent events' hops that match (RecentEvents). */
    private void recentEvents(RoutingContext ctx) {
        String trace = ctx.request().getParam("trace");
        String source = ctx.request().getParam("source");
        String route = ctx.request().getParam("route");
        int limit;
        try {
            limit = Math.min(1000, Integer.parseInt(Optional.ofNullable(ctx.request().getParam("limit")).orElse("100")));
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1) {
            send(ctx, 400, Map.of("error", "limit must be a whole number from 1 to 1000"));
            return;
        }
        send(ctx, 200, Map.of("events", RecentEvents.find(e -> (trace == null || trace.equals(e.traceId()))
                && (source == null || source.equals(e.source())) && (route == null || route.equals(e.route())), limit)));
    }

    private void send(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(json.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
