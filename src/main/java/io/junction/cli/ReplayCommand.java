package io.junction.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.admin.AdminToken;
import io.junction.config.JunctionConfig;
import io.junction.headers.HeaderPolicy;
import io.junction.history.ReplayRequest;
import io.junction.history.StreamReplay;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", description = {
        "Re-drive the events of a time window, read from a Kafka topic (offsets-for-times) or from an archive written",
        "by the archive-sink connector, into a running route or into a Kafka topic. Each replayed event keeps its key,",
        "headers and time and carries junction.replay.* headers. --into-route goes through the running gateway's",
        "admin API; the rest runs here." })
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--topic", description = "Kafka topic to read the window from.")
    String topic;
    @Option(names = "--archive", description = "Archive directory (archive-sink) to read the window from.")
    String archive;
    @Option(names = "--from", required = true, description = "Start of the window (inclusive): ISO-8601 time or a duration ago (6h, 30m, 3d).")
    String from;
    @Option(names = "--to", description = "End of the window (exclusive), the same forms. Default: now.")
    String to;
    @Option(names = "--into-route", description = "Route id to send the events into, as if its source had read them.")
    String intoRoute;
    @Option(names = "--into-topic", description = "Kafka topic to publish the events to.")
    String intoTopic;
    @Option(names = "--filter", description = "jq expression over the JSON payload; only events it holds true for are replayed.")
    String filter;
    @Option(names = "--decrypt", paramLabel = "PATHS", description = "JSON paths mask-action encrypted, decrypted before the filter and the send (key: $JUNCTION_MASK_KEY).")
    String decrypt;
    @Option(names = "--rate", defaultValue = "0", description = "At most this many events per second (0: no limit).")
    double rate;
    @Option(names = "--dry-run", description = "Count the window and show its extent; send nothing.")
    boolean dryRun;
    @Option(names = "--brokers", description = "Kafka bootstrap servers. Default: junction.kafka.brokers.")
    String brokers;
    @Option(names = "--gateway", description = "Management URL of the running gateway (for --into-route). Default: http://127.0.0.1:<quarkus.management.port>.")
    String gateway;
    @Spec
    CommandLine.Model.CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        JunctionConfig config = OfflineCamel.config();
        ReplayRequest request = new ReplayRequest(topic, archive, from, to, intoRoute, intoTopic, filter, decrypt, rate,
                dryRun);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (intoRoute != null && !dryRun) {
            return throughGateway(request, config, out, err);
        }
        StreamReplay replay;
        try {
            replay = request.open(brokers != null ? brokers : config.kafka().brokers(), null,
                    new HeaderPolicy(config.headers().allow()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (dryRun) {
            replay.describe().forEach(out::println);
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replay-progress");
            t.setDaemon(true);
            return t;
        });
        if (!dryRun) {
            ticker.scheduleAtFixedRate(() -> bar(err, replay.progress().asMap()), 250, 250, TimeUnit.MILLISECONDS);
        }
        StreamReplay.Progress done = replay.run();
        ticker.shutdownNow();
        ticker.awaitTermination(1, TimeUnit.SECONDS);
        if (!dryRun) {
            bar(err, done.asMap());
            err.println();
        }
        return summary(done.asMap(), out, err);
    }

    /** --into-route: the running gateway replays (it has the route); this follows its progress until it ends. */
    private int throughGateway(ReplayRequest request, JunctionConfig config, PrintWriter out, PrintWriter err)
            throws Exception {
        String base = gateway != null ? gateway : "http://127.0.0.1:" + ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.port", Integer.class).orElse(9000);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/admin/replay"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request.asMap())));
        AdminToken.forClients(config).ifPresent(t -> post.header("Authorization", "Bearer " + t));
        HttpResponse<String> started;
        try {
            started = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            err.println("error: no gateway answers at " + base + " (" + e.getMessage()
                    + "); --into-route needs the running gateway: start it, or give --gateway");
            return 1;
        }
        Map<?, ?> body = json.readValue(started.body(), Map.class);
        if (started.statusCode() != 202) {
            err.println("error: the gateway refused the replay (" + started.statusCode() + "): " + body.get("error"));
            return started.statusCode() == 400 ? 2 : 1;
        }
        String id = String.valueOf(body.get("id"));
        while (true) {
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base + "/admin/replay/" + id))
                    .timeout(Duration.ofSeconds(30));
            AdminToken.forClients(config).ifPresent(t -> get.header("Authorization", "Bearer " + t));
            body = json.readValue(http.send(get.build(), HttpResponse.BodyHandlers.ofString()).body(), Map.class);
            bar(err, body);
            if (!"running".equals(body.get("state"))) {
                err.println();
                return summary(body, out, err);
            }
            Thread.sleep(250); // polling interval of a progress display, not synchronisation
        }
    }

    private static void bar(PrintWriter err, Map<?, ?> p) {
        long total = ((Number) p.get("total")).longValue();
        long scanned = ((Number) p.get("scanned")).longValue();
        int width = 30;
        int done = total == 0 ? width : (int) Math.min(width, scanned * width / total);
        Object eta = p.get("etaSeconds");
        err.printf("\r[%s%s] %d/%d read, %d sent  %s/s  ETA %s ", "#".repeat(done), ".".repeat(width - done), scanned,
                total, ((Number) p.get("replayed")).longValue() + ((Number) p.get("deadLettered")).longValue(),
                p.get("perSecond"), eta == null ? "?" : eta + "s");
        err.flush();
    }

    private static int summary(Map<?, ?> p, PrintWriter out, PrintWriter err) {
        ((java.util.List<?>) p.get("errors")).forEach(e -> err.println("error: " + e));
        if (Boolean.TRUE.equals(p.get("dryRun"))) {
            out.printf("%s events in the window, %s would be replayed%n", p.get("read"), p.get("matched"));
        } else {
            out.printf("%s replayed, %s dead-lettered by the route, %s failed, of %s matched (%s read) from %s into %s%n",
                    p.get("replayed"), p.get("deadLettered"), p.get("failed"), p.get("matched"), p.get("read"),
                    p.get("from"), p.get("into"));
        }
        if (p.get("stoppedAt") != null) {
            out.printf("stopped at %s: resume with --from set to that event time%n", p.get("stoppedAt"));
        }
        out.flush();
        return "done".equals(p.get("state")) ? 0 : 1;
    }
}
