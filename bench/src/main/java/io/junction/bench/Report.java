package io.junction.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** The markdown results file: machine, versions, parameters, one table per scenario, where the time goes. */
final class Report {

    private final BenchOptions o;
    private final Environment env;
    private final List<Scenario> scenarios;
    private final List<Measurement> measurements;
    private final Instant started;
    private final String loadAtEnd;
    private final String commandLine;
    private final Path rawCsv;

    Report(BenchOptions o, Environment env, List<Scenario> scenarios, List<Measurement> measurements, Instant started,
           String loadAtEnd, String commandLine, Path rawCsv) {
        this.o = o;
        this.env = env;
        this.scenarios = scenarios;
        this.measurements = measurements;
        this.started = started;
        this.loadAtEnd = loadAtEnd;
        this.commandLine = commandLine;
        this.rawCsv = rawCsv;
    }

    String markdown() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Junction benchmark, ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC).format(started))
                .append(" UTC\n\n");
        md.append("Command: `").append(commandLine).append("`");
        if (o.quick) {
            md.append(" — a **quick** run: tiny inputs that prove the harness works; its numbers mean nothing.");
        }
        md.append("\n\n");
        md.append("> Absolute numbers depend on the machine and on whatever else ran (see the load average). Within\n")
                .append("> each round the contenders run one after the other on the same brokers, each round starting\n")
                .append("> with the next one; the tables show medians over the rounds, the per-round values are listed\n")
                .append("> under each table.\n\n");

        md.append("## Machine\n\n| | |\n|---|---|\n");
        row(md, "CPU", env.cpu + ", " + env.cores + " cores (nproc)");
        row(md, "RAM", env.memory);
        row(md, "Java", env.javaVersion);
        row(md, "load average 1/5/15 min", "start " + env.loadAtStart + ", end " + loadAtEnd);
        md.append("\n## Versions\n\n| | |\n|---|---|\n");
        row(md, "Junction", "commit " + env.junctionCommit + ", gateway jar built " + env.gatewayBuilt);
        row(md, "Quarkus / Camel", env.quarkus + " / " + env.camel);
        row(md, "clients", "kafka-clients " + env.gatewayKafkaClients + ", Qpid JMS " + env.qpidJms + ", Vert.x "
                + env.vertx + " (gateway); the baselines are built with the same versions (bench/pom.xml)");
        row(md, "brokers", "Kafka " + env.kafkaBroker + " (KRaft, one node, 127.0.0.1:9092), ActiveMQ Artemis "
                + env.artemis + " (AMQP 127.0.0.1:5673), both local (deploy/local/brokers.sh)");
        md.append("\n## Parameters\n\n| | |\n|---|---|\n");
        row(md, "scenarios", String.join(", ", o.scenarios));
        List<String> sizes = new ArrayList<>();
        for (Scenario s : scenarios) {
            sizes.add(s.id() + " " + o.records(s.id()) + " after " + o.warmup(s.id()) + " warm-up");
        }
        row(md, "measured events per round and contender", String.join("; ", sizes) + " (warm-up events are not counted)");
        row(md, "rounds", String.valueOf(o.rounds));
        row(md, "payload", o.payloadSize + "-byte JSON (`{\"id\":..,\"ts\":..,\"pad\":\"xx..\"}`)");
        row(md, "Kafka topics", o.partitions + " partitions, replication 1, created per round; output topics use LogAppendTime");
        List<String> phases = new ArrayList<>();
        for (Scenario s : scenarios) {
            if (!s.id().equals("webhook")) {
                phases.add(s.id() + " " + o.latencyCount(s.id()) + " events at " + o.latencyRate(s.id()) + " msg/s");
            }
        }
        if (!phases.isEmpty()) {
            row(md, "latency phase", String.join("; ", phases));
        }
        if (o.amqpBaselineCommitEvery != 500 || o.kafkaBaselinePerRecordSync) {
            row(md, "baseline variants (analysis)", "amqp-baseline-commit-every " + o.amqpBaselineCommitEvery
                    + ", kafka-baseline-per-record-sync " + o.kafkaBaselinePerRecordSync);
        }
        row(md, "HTTP load (webhook)", o.concurrency + " connections, closed loop, one request in flight each");
        row(md, "JVM options (gateway and baselines)", o.jvmOptions.isEmpty() ? "(none)" : "`" + String.join(" ", o.jvmOptions) + "`"
                + (o.gatewayJvmOptions.isEmpty() ? "" : "; gateway also `" + String.join(" ", o.gatewayJvmOptions) + "`"));
        row(md, "Kafka producer (both)", "acks=all, idempotence, lz4, linger.ms 0, batch.size 16384, 5 in flight");
        row(md, "raw per-round data", "`" + o.root.relativize(rawCsv) + "` (not committed)");

        md.append("\n## Results\n\n")
                .append("msgs/s: throughput of the measured events (how it is measured: bench/README.md). ")
                .append("RSS: peak resident set size (VmHWM from /proc/PID/status) of the gateway JVM for Junction, ")
                .append("of the baseline's own JVM for the baseline. Ratio: Junction's msgs/s over the baseline's.\n");
        for (Scenario s : scenarios) {
            scenarioTable(md, s);
        }

        md.append("\n## Where the time goes\n\n### Measured\n\n")
                .append("CPU time (user + system, from /proc) per 1000 events during the measured phase, medians over ")
                .append("rounds, for the contender's own process and for the brokers (the broker figures include ")
                .append("whatever else used the brokers at the time). \"ms per event\" is 1000 / msgs/s: for a ")
                .append("contender that handles one event at a time, the time each event holds the pipeline.\n\n")
                .append("| scenario | system | msgs/s | ms per event | CPU ms / 1000 events: process | Kafka broker | Artemis |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Scenario s : scenarios) {
            for (String contender : contenders(s)) {
                List<Measurement> ms = of(s, contender);
                if (ms.isEmpty()) {
                    continue;
                }
                double tput = median(ms, Measurement::msgsPerSecond);
                md.append("| ").append(s.title()).append(" | ").append(Measurement.display(contender))
                        .append(" | ").append(num(tput, 0)).append(" | ").append(num(1000.0 / tput, 2))
                        .append(" | ").append(num(median(ms, Measurement::cpuMsPer1k), 0))
                        .append(" | ").append(num(median(ms, Measurement::kafkaCpuMsPer1k), 0))
                        .append(" | ").append(num(median(ms, Measurement::artemisCpuMsPer1k), 0)).append(" |\n");
            }
        }
        md.append("\n### Explanation\n\n");
        Path analysis = o.root.resolve("bench/where-the-time-goes.md");
        if (Files.exists(analysis)) {
            md.append(Files.readString(analysis).strip()).append("\n");
        } else {
            md.append("(bench/where-the-time-goes.md is missing)\n");
        }
        return md.toString();
    }

    private void scenarioTable(StringBuilder md, Scenario s) {
        List<Measurement> j = of(s, Measurement.JUNCTION);
        List<Measurement> b = of(s, Measurement.BASELINE);
        md.append("\n### ").append(s.title()).append("\n\n<!-- scenario: ").append(s.id()).append(" -->\n")
                .append("| system | msgs/s | p50 latency ms | p99 latency ms | gateway RSS MB | ratio to baseline (msgs/s) |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        double base = median(b, Measurement::msgsPerSecond);
        double ratio = median(j, Measurement::msgsPerSecond) / base;
        String verdict = Double.isNaN(ratio) ? "n/a"
                : String.format(Locale.ROOT, "**%.2f×** (target ≥ %.1f×: %s)", ratio, s.target(),
                        ratio >= s.target() ? "met" : "not met");
        tableRow(md, s.junctionLabel(), j, verdict);
        List<Measurement> jb = of(s, Measurement.JUNCTION_BASE);
        if (!jb.isEmpty()) {
            double baseRatio = median(jb, Measurement::msgsPerSecond) / base;
            tableRow(md, s.junctionLabel() + " at " + o.compareLabel, jb, Double.isNaN(baseRatio) ? "n/a"
                    : String.format(Locale.ROOT, "%.2f×", baseRatio));
        }
        tableRow(md, s.baselineLabel(), b, Double.isNaN(base) ? "n/a" : "1.00×");
        double junction = median(j, Measurement::msgsPerSecond);
        List<String> againstPeers = new ArrayList<>();
        for (Scenario.Peer peer : s.peers()) {
            List<Measurement> p = of(s, peer.id());
            double rate = median(p, Measurement::msgsPerSecond);
            tableRow(md, "peer: " + peer.label(), p, Double.isNaN(rate / base) ? "n/a"
                    : String.format(Locale.ROOT, "%.2f×", rate / base));
            againstPeers.add(String.format(Locale.ROOT, "Junction moved **%s×** the msgs/s of %s",
                    num(junction / rate, 2), peer.id()));
        }
        md.append("\nLatency: ").append(s.latencyDefinition()).append("\n\n");
        if (!jb.isEmpty()) {
            md.append(comparison(j, jb)).append("\n\n");
        }
        if (!againstPeers.isEmpty()) {
            md.append(String.join("; ", againstPeers)).append(".\n\n");
        }
        List<String> perRound = new ArrayList<>();
        for (String contender : contenders(s)) {
            perRound.add(Measurement.display(contender) + " " + perRound(of(s, contender)));
        }
        md.append("Per round, msgs/s: ").append(String.join("; ", perRound)).append(".\n");
        Set<String> notes = new LinkedHashSet<>();
        for (Measurement m : measurements) {
            if (m.scenario().equals(s.id()) && !m.notes().isBlank()) {
                notes.add(Measurement.display(m.contender()) + " round " + m.round() + ": " + m.notes());
            }
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n");
            notes.forEach(n -> md.append("- ").append(n).append("\n"));
        }
    }

    /** One line per scenario of a comparison run, for the console. */
    List<String> comparisons() {
        List<String> lines = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<Measurement> jb = of(s, Measurement.JUNCTION_BASE);
            if (!jb.isEmpty()) {
                lines.add(s.id() + ": " + comparison(of(s, Measurement.JUNCTION), jb).replace("**", ""));
            }
        }
        return lines;
    }

    /** The scenario's contenders, with the build compared against second when there is one. */
    private List<String> contenders(Scenario s) {
        List<String> all = new ArrayList<>(s.contenders());
        if (o.compareApp != null) {
            all.add(1, Measurement.JUNCTION_BASE);
        }
        return all;
    }

    /**
     * This build against the one compared with, in the same run: throughput, CPU per event and p99, each as this
     * build's median over the other's. A change costing more than 5% on any of them is flagged.
     */
    private String comparison(List<Measurement> now, List<Measurement> before) {
        double tput = median(now, Measurement::msgsPerSecond) / median(before, Measurement::msgsPerSecond);
        double cpu = median(now, Measurement::cpuMsPer1k) / median(before, Measurement::cpuMsPer1k);
        double p99 = median(now, Measurement::p99Ms) / median(before, Measurement::p99Ms);
        boolean worse = tput < 0.95 || cpu > 1.05 || p99 > 1.05;
        return String.format(Locale.ROOT, "**This build against %s: msgs/s %.2f×, CPU per event %.2f×, p99 %.2f×**%s",
                o.compareLabel, tput, cpu, p99, worse ? " — costs more than 5% on at least one: say why in the commit"
                        : " (none costs more than 5%)");
    }

    private static void tableRow(StringBuilder md, String label, List<Measurement> ms, String ratio) {
        md.append("| ").append(label).append(" | ").append(num(median(ms, Measurement::msgsPerSecond), 0))
                .append(" | ").append(num(median(ms, Measurement::p50Ms), 1))
                .append(" | ").append(num(median(ms, Measurement::p99Ms), 1))
                .append(" | ").append(num(median(ms, Measurement::peakRssMb), 0))
                .append(" | ").append(ratio).append(" |\n");
    }

    private List<Measurement> of(Scenario s, String contender) {
        List<Measurement> out = new ArrayList<>();
        for (Measurement m : measurements) {
            if (m.scenario().equals(s.id()) && m.contender().equals(contender)) {
                out.add(m);
            }
        }
        return out;
    }

    private static String perRound(List<Measurement> ms) {
        List<String> parts = new ArrayList<>();
        for (Measurement m : ms) {
            parts.add(num(m.msgsPerSecond(), 0));
        }
        return parts.isEmpty() ? "none" : String.join(" / ", parts);
    }

    private static double median(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        return Stats.median(ms.stream().map(f::applyAsDouble).toList());
    }

    private static String num(double d, int decimals) {
        return Double.isNaN(d) || Double.isInfinite(d) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", d);
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }
}
