package io.junction.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark driver, started by bench/run.sh: for each scenario and round, runs Junction, the baseline and the
 * scenario's peers one after the other on the same brokers with the same inputs, then writes the markdown report
 * and the raw CSV.
 * Prints "results: PATH" last; exits 1 if any measurement failed (the report is written anyway).
 */
public final class Bench {

    public static void main(String[] argv) throws Exception {
        BenchOptions o;
        try {
            o = new BenchOptions(new Args(argv));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new Bench().run(o, System.getProperty("bench.command", "bench/run.sh")));
    }

    int run(BenchOptions o, String commandLine) throws Exception {
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started);
        String runId = stamp.toLowerCase(Locale.ROOT);
        Environment env = new Environment(o);
        List<Measurement> measurements = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        boolean failed = false;

        if (o.soakSeconds > 0) {
            try (KafkaTopics topics = new KafkaTopics(o.kafkaBrokers)) {
                try {
                    Path md = new Soak(new RunContext(o, runId, topics)).run(stamp, commandLine, env);
                    System.out.println("results: " + md);
                    return 0;
                } finally {
                    topics.deleteCreated();
                }
            }
        }
        try (KafkaTopics topics = new KafkaTopics(o.kafkaBrokers)) {
            RunContext run = new RunContext(o, runId, topics);
            for (String id : o.scenarios) {
                scenarios.add(switch (id) {
                    case "kafka" -> KafkaScenario.perRecord(run);
                    case "kafka-batch" -> KafkaScenario.batch(run);
                    case "amqp" -> new AmqpScenario(run);
                    case "rabbitmq" -> new RabbitScenario(run);
                    case "webhook" -> new WebhookScenario(run);
                    default -> throw new IllegalArgumentException(id);
                });
            }
            try {
                for (Scenario s : scenarios) {
                    List<String> contenders = new ArrayList<>(s.contenders());
                    if (o.compareApp != null) {
                        contenders.add(1, Measurement.JUNCTION_BASE);
                    }
                    for (int round = 1; round <= o.rounds; round++) {
                        // Each round starts with the next contender, so no one always runs first (or last).
                        List<String> order = new ArrayList<>(contenders);
                        java.util.Collections.rotate(order, -((round - 1) % order.size()));
                        for (String contender : order) {
                            Measurement m = measure(s, contender, round);
                            failed |= Double.isNaN(m.msgsPerSecond());
                            measurements.add(m);
                        }
                    }
                }
            } finally {
                topics.deleteCreated();
            }
        }

        Files.createDirectories(o.rawDir);
        Path csv = o.rawDir.resolve(stamp + (o.quick ? "-quick" : "") + ".csv");
        List<String> lines = new ArrayList<>();
        lines.add(Measurement.CSV_HEADER);
        measurements.forEach(m -> lines.add(m.csv()));
        Files.write(csv, lines);

        Report report = new Report(o, env, scenarios, measurements, started, Environment.loadAverage(), commandLine, csv);
        String md = report.markdown();
        Files.createDirectories(o.resultsDir);
        Path result = o.resultsDir.resolve(stamp + (o.quick ? "-quick" : "") + ".md");
        Files.writeString(result, md);
        if (!o.quick && o.compareApp == null) {
            Files.copy(result, o.resultsDir.resolve("latest.md"), StandardCopyOption.REPLACE_EXISTING);
        }
        report.comparisons().forEach(line -> System.out.println("compare " + line));
        System.out.println("raw: " + csv);
        System.out.println("results: " + result);
        return failed ? 1 : 0;
    }

    private static Measurement measure(Scenario s, String contender, int round) {
        String who = Measurement.display(contender);
        System.out.printf(Locale.ROOT, "[%s] round %d: %s ...%n", s.id(), round, who);
        try {
            Measurement m = s.measure(contender, round);
            System.out.printf(Locale.ROOT, "[%s] round %d: %-8s %9.0f msgs/s  p50 %6.1f ms  p99 %7.1f ms  RSS %5.0f MB"
                            + "  CPU %5.0f ms/1k (Kafka broker %4.0f)%s%n", s.id(), round, who, m.msgsPerSecond(),
                    m.p50Ms(), m.p99Ms(), m.peakRssMb(), m.cpuMsPer1k(), m.kafkaCpuMsPer1k(),
                    m.notes().isBlank() ? "" : "  [" + m.notes() + "]");
            return m;
        } catch (Exception e) {
            System.out.printf(Locale.ROOT, "[%s] round %d: %s FAILED: %s%n", s.id(), round, who, e);
            e.printStackTrace(System.out);
            return new Measurement(s.id(), s.label(contender), contender, round,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    "FAILED: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") );
        }
    }
}
