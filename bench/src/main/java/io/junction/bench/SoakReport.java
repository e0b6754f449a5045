package io.junction.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The soak's markdown: what ran, what was lost, whether anything kept growing, and the samples by minute. "Grows"
 * compares the median of the last quarter of the samples with the median of the second quarter (the first is
 * warm-up: the heap and JIT settle there); a metric grows when the later median is higher by both a tenth and a
 * floor that noise on this machine does not reach.
 */
final class SoakReport {

    private final BenchOptions options;
    private final List<Soak.Sample> samples;
    private final double maximum;
    private final int rate;
    private final int sent;
    private final int missing;
    private final long duplicates;
    private final String commandLine;
    private final Path csv;
    private final String commit;
    private final String load;

    SoakReport(BenchOptions options, List<Soak.Sample> samples, double maximum, int rate, int sent, int missing,
               long duplicates, String commandLine, Path csv, String commit, String load) {
        this.options = options;
        this.samples = samples;
        this.maximum = maximum;
        this.rate = rate;
        this.sent = sent;
        this.missing = missing;
        this.duplicates = duplicates;
        this.commandLine = commandLine;
        this.csv = csv;
        this.commit = commit;
        this.load = load;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Soak: Kafka → Kafka (kafka-source → kafka-sink)\n\n");
        md.append(String.format(Locale.ROOT, "Command: `%s`. %d s at %d msgs/s%s, %d-byte events, %d partitions, "
                        + "one gateway with config/jvm.options, sampled every %d s. Junction %s. Load average at the end: %s.%n%n",
                commandLine, options.soakSeconds, rate, Double.isNaN(maximum) ? " (given)"
                        : String.format(Locale.ROOT, " (%.0f%% of the %.0f msgs/s the same gateway drained first)",
                        options.soakShare * 100, maximum),
                options.payloadSize, options.partitions, options.soakIntervalSeconds, commit, load));
        md.append(String.format(Locale.ROOT, "**Delivery:** %d sent, %d missing on the output, %d duplicates.%n%n",
                sent, missing, duplicates));

        md.append("| metric | 2nd quarter (median) | last quarter (median) | max | grows? |\n|---|---:|---:|---:|---|\n");
        growth(md, "RSS (MB)", Soak.Sample::rssMb, 16);
        growth(md, "consumer lag (records)", s -> s.lag(), Math.max(1000, rate));
        growth(md, "p99 latency (ms)", Soak.Sample::p99Ms, 20);
        growth(md, "CPU (% of one core)", Soak.Sample::cpuPercent, 10);
        md.append(String.format(Locale.ROOT, "| delivered (msgs/s) | %.0f | %.0f | %.0f | |%n%n",
                quarter(1, Soak.Sample::deliveredPerS), quarter(3, Soak.Sample::deliveredPerS),
                max(Soak.Sample::deliveredPerS)));

        md.append("Per minute (medians of the samples in it; every sample is in `").append(csv.getFileName())
                .append("`):\n\n| minute | delivered msgs/s | lag | p50 ms | p99 ms | RSS MB | CPU % |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|\n");
        int perMinute = Math.max(1, 60 / options.soakIntervalSeconds);
        for (int from = 0; from < samples.size(); from += perMinute) {
            List<Soak.Sample> m = samples.subList(from, Math.min(samples.size(), from + perMinute));
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", from / perMinute + 1,
                    median(m, Soak.Sample::deliveredPerS), median(m, s -> s.lag()), median(m, Soak.Sample::p50Ms),
                    median(m, Soak.Sample::p99Ms), median(m, Soak.Sample::rssMb), median(m, Soak.Sample::cpuPercent)));
        }
        return md.toString();
    }

    private void growth(StringBuilder md, String name, ToDoubleFunction<Soak.Sample> metric, double floor) {
        double early = quarter(1, metric);
        double late = quarter(3, metric);
        boolean grows = late > early * 1.1 && late - early > floor;
        md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %s |%n", name, early, late, max(metric),
                grows ? "**yes**" : "no"));
    }

    /** The median of quarter {@code q} (0 to 3) of the samples. */
    private double quarter(int q, ToDoubleFunction<Soak.Sample> metric) {
        int n = samples.size();
        int from = n * q / 4;
        int to = Math.max(from + 1, n * (q + 1) / 4);
        return median(samples.subList(Math.min(from, n - 1), Math.min(to, n)), metric);
    }

    private double max(ToDoubleFunction<Soak.Sample> metric) {
        return samples.stream().mapToDouble(metric).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    }

    private static double median(List<Soak.Sample> list, ToDoubleFunction<Soak.Sample> metric) {
        List<Double> values = new ArrayList<>();
        for (Soak.Sample s : list) {
            double v = metric.applyAsDouble(s);
            if (!Double.isNaN(v)) {
                values.add(v);
            }
        }
        return values.isEmpty() ? Double.NaN : Stats.median(values);
    }
}
