package io.junction.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.config.JunctionConfig;
import io.junction.deadletter.DeadLetterHeaders;
import io.junction.deadletter.DeadLetterQuery;
import io.junction.deadletter.DeadLetterService;
import io.junction.deadletter.DeadLetters;
import io.junction.headers.HeaderPolicy;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dlq", description = "Dead letters: list them, replay them into their route's input.",
        subcommands = { DlqCommand.ListLetters.class, DlqCommand.Replay.class })
public final class DlqCommand {

    /** The filters both subcommands take. */
    static final class Filters {
        @Option(names = "--route", description = "Route id (reads <route>.dlq; repeatable).")
        List<String> routes;
        @Option(names = "--topic", description = "Dead-letter topic to read (repeatable). Default: the routes' topics, or every *.dlq topic.")
        List<String> topics;
        @Option(names = "--since", description = "Failed at or after: ISO-8601 instant or a duration ago (15m, 2h, 3d).")
        String since;
        @Option(names = "--until", description = "Failed before: ISO-8601 instant or a duration ago.")
        String until;
        @Option(names = "--exception", description = "Exception class, full or simple name.")
        String exception;
        @Option(names = "--id", description = "Dead-letter id (repeatable).")
        List<String> ids;
        @Option(names = "--brokers", description = "Kafka bootstrap servers. Default: junction.kafka.brokers.")
        String brokers;

        DeadLetterQuery query() {
            Instant now = Instant.now();
            return new DeadLetterQuery(routes, topics, DeadLetterQuery.parseTime(since, now),
                    DeadLetterQuery.parseTime(until, now), exception, ids);
        }

        DeadLetterService service() {
            JunctionConfig config = OfflineCamel.config();
            return new DeadLetterService(brokers != null ? brokers : config.kafka().brokers(),
                    new HeaderPolicy(config.headers().allow()), config.deadLetter().replayTargets().orElse(List.of()));
        }
    }

    @Command(name = "list", description = "Count matching dead letters by route and exception, and show samples.")
    static final class ListLetters implements Callable<Integer> {
        @ArgGroup(exclusive = false, heading = "Filters%n")
        Filters filters = new Filters();
        @Option(names = "--samples", defaultValue = "5", description = "How many letters to show in full.")
        int samples;
        @Option(names = "--format", defaultValue = "text", description = "text or json.")
        String format;
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DeadLetterService.Listing listing = filters.service().list(filters.query(), samples);
            PrintWriter out = spec.commandLine().getOut();
            List<DeadLetters.Letter> shown = listing.samples();
            if ("json".equals(format)) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("total", listing.total());
                body.put("byRouteAndException", listing.byRouteAndException());
                body.put("samples", shown.stream().map(DeadLetters.Letter::asMap).toList());
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
            } else {
                out.printf("%d dead letter(s)%n", listing.total());
                listing.byRouteAndException().forEach((k, n) -> out.printf("  %6d  %s%n", n, k));
                for (DeadLetters.Letter l : shown) {
                    Map<String, String> h = l.headers();
                    out.printf("%n%s  %s/%d@%d%n  route %s, %s after %s attempt(s), last at %s%n  %s: %s%n  payload: %s%n",
                            l.id(), l.topic(), l.partition(), l.offset(), h.get(DeadLetterHeaders.ROUTE),
                            h.get(DeadLetterHeaders.CLASSIFICATION), h.get(DeadLetterHeaders.ATTEMPTS),
                            h.get(DeadLetterHeaders.LAST_FAILURE), h.get(DeadLetterHeaders.EXCEPTION_CLASS),
                            h.get(DeadLetterHeaders.EXCEPTION_MESSAGE), DeadLetters.preview(l.value()));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "replay", description = {
            "Re-drive matching dead letters into their route's original input (the source topic in the envelope),",
            "or to --to. Each carries junction.replay.count; a route with an idempotency key drops what it already delivered." })
    static final class Replay implements Callable<Integer> {
        @ArgGroup(exclusive = false, heading = "Filters%n")
        Filters filters = new Filters();
        @Option(names = "--to", description = "Target instead of the original input: kafka:TOPIC (other targets, each listed whole in junction.dead-letter.replay-targets, through the running gateway: POST /admin/dlq/replay).")
        String to;
        @Option(names = "--dry-run", description = "Show what would be replayed, send nothing.")
        boolean dryRun;
        @Option(names = "--rate", defaultValue = "0", description = "At most this many per second (0: no limit).")
        double rate;
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            DeadLetterService.Replay replay;
            try {
                replay = filters.service().replay(filters.query(), to, dryRun, rate, null, (n, total) -> {
                    int width = 30;
                    int done = total == 0 ? width : (int) ((long) n * width / total);
                    err.printf("\r[%s%s] %d/%d", "#".repeat(done), ".".repeat(width - done), n, total);
                    err.flush();
                });
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            var summary = replay.summary();
            if (summary.replayed() > 0 && !dryRun) {
                err.println();
            }
            if (dryRun) {
                replay.replayed().forEach(l -> out.printf("would replay %s -> %s%n", l.id(), l.to()));
            }
            summary.errors().forEach(e -> err.println("error: " + e));
            out.printf("%d matched, %d %s, %d skipped%n", summary.matched(), summary.replayed(),
                    dryRun ? "would be replayed" : "replayed", summary.skipped());
            out.flush();
            return summary.skipped() > 0 ? 1 : 0;
        }
    }
}
