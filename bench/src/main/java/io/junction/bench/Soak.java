package io.junction.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The soak: Kafka → Kafka through the default connector ({@code kafka-source} → {@code kafka-sink}) at a fixed share
 * of the rate the same gateway just reached, for a long time, sampled every interval: the gateway's resident memory
 * and CPU, the consumer group's lag (input end offsets minus committed offsets, what an operator's lag alert sees),
 * the rate delivered, and end-to-end latency (p50, p99) of what reached the output in that interval. At the end
 * every id sent is looked for on the output: the soak also counts what was lost or duplicated.
 * <p>
 * The maximum comes from a backlog phase like the kafka scenario's, with the soak's gateway process, so both describe
 * the same JVM. {@code --soak-rate} skips it.
 */
final class Soak {

    /** One interval: what the CSV and the plots show. */
    record Sample(double seconds, double offeredPerS, double deliveredPerS, long lag, double p50Ms, double p99Ms,
                  double rssMb, double cpuPercent) {

        static final String CSV_HEADER = "seconds,offered_per_s,delivered_per_s,lag,p50_ms,p99_ms,rss_mb,cpu_percent";

        String csv() {
            return String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%d,%.1f,%.1f,%.1f,%.1f", seconds, offeredPerS,
                    deliveredPerS, lag, p50Ms, p99Ms, rssMb, cpuPercent);
        }
    }

    private final RunContext run;
    private final BenchOptions options;

    Soak(RunContext run) {
        this.run = run;
        this.options = run.options;
    }

    /** Runs the soak; writes {@code soak-STAMP.csv} and {@code soak-STAMP.md} into the results directory. */
    Path run(String stamp, String commandLine, Environment env) throws Exception {
        String input = run.name("soak", 1, Measurement.JUNCTION, "in");
        String output = run.name("soak", 1, Measurement.JUNCTION, "out");
        String group = input + "-group";
        run.topics.createInput(input, options.partitions);
        run.topics.createOutput(output, options.partitions);
        try (Launcher.Running gateway = run.launcher.gateway("kafka-to-kafka.yaml", Map.of("SOURCE", "kafka-source",
                "IN_TOPIC", input, "OUT_TOPIC", output, "GROUP_ID", group, "CONSUMERS", "1"), run.dir("soak", 1, Measurement.JUNCTION), Measurement.JUNCTION)) {
            ManagedProcess p = gateway.process();

            long nextId = 1;
            double maximum = Double.NaN;
            int rate = options.soakRate;
            if (rate == 0) {
                int records = options.records;
                try (Sender fill = KafkaSender.forFill(options.kafkaBrokers, input, options.payloadSize)) {
                    Sender.fill(fill, nextId, 2 * records);
                }
                nextId += 2L * records;
                run.awaitCount(output, 2L * records, p);
                maximum = OutputRecords.read(options.kafkaBrokers, Map.of(),
                        run.topics.endOffsets(output, options.partitions)).throughput(records);
                rate = (int) Math.max(1, Math.round(maximum * options.soakShare));
                System.out.printf(Locale.ROOT, "[soak] maximum %.0f msgs/s; soaking at %d msgs/s (%.0f%%) for %d s%n",
                        maximum, rate, options.soakShare * 100, options.soakSeconds);
            }
            Map<TopicPartition, Long> start = run.topics.endOffsets(output, options.partitions);
            long firstSoakId = nextId;
            int count = (int) Math.min(Integer.MAX_VALUE, (long) rate * options.soakSeconds);

            long t0 = System.currentTimeMillis();
            Tail tail = new Tail(output, start, t0, options.soakIntervalSeconds * 1000L, firstSoakId, count);
            tail.start();
            AtomicLong sent = new AtomicLong();
            int soakRate = rate;
            Thread sender = new Thread(() -> {
                try (Sender s = new Counting(KafkaSender.forLatency(options.kafkaBrokers, input, options.payloadSize), sent)) {
                    Sender.paced(s, firstSoakId, count, soakRate);
                } catch (Exception e) {
                    throw new IllegalStateException("the soak's sender failed", e);
                }
            }, "soak-sender");
            sender.start();

            List<double[]> raw = new ArrayList<>();   // seconds, sent, lag, rss, cpu percent per interval
            long intervalMs = options.soakIntervalSeconds * 1000L;
            double cpuBefore = ProcStats.cpuMillis(p.pid());
            long sentBefore = 0;
            for (int i = 1; i * intervalMs <= options.soakSeconds * 1000L; i++) {
                long due = t0 + i * intervalMs;
                while (System.currentTimeMillis() < due) {
                    Thread.sleep(Math.min(250, Math.max(1, due - System.currentTimeMillis())));
                    p.checkAlive();
                }
                Map<TopicPartition, Long> committed = run.topics.committed(group);
                List<Long> lags = new ArrayList<>();
                run.topics.endOffsets(input, options.partitions).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(TopicPartition::partition)))
                        .forEach(e -> lags.add(e.getValue() - committed.getOrDefault(e.getKey(), 0L)));
                long lag = lags.stream().mapToLong(Long::longValue).sum();
                double cpu = ProcStats.cpuMillis(p.pid());
                long sentNow = sent.get();
                double rss = ProcStats.rssMb(p.pid());
                raw.add(new double[] {i * intervalMs / 1000.0, sentNow - sentBefore, lag, rss,
                        (cpu - cpuBefore) * 100 / intervalMs});
                System.out.printf(Locale.ROOT, "[soak] %5d s: sent %7.0f/s  lag %7d %s  RSS %5.0f MB  CPU %3.0f%%%n",
                        i * intervalMs / 1000, (sentNow - sentBefore) * 1000.0 / intervalMs, lag, lags, rss,
                        (cpu - cpuBefore) * 100 / intervalMs);
                cpuBefore = cpu;
                sentBefore = sentNow;
            }
            sender.join();
            long expected = sum(start) + count;
            run.awaitCount(output, expected, p);
            tail.finish(run.topics.endOffsets(output, options.partitions));

            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                double[] r = raw.get(i);
                double[] latencies = tail.latencies(i);
                samples.add(new Sample(r[0], r[1] * 1000 / intervalMs, tail.delivered(i) * 1000.0 / intervalMs,
                        (long) r[2], Stats.percentile(latencies, 50), Stats.percentile(latencies, 99), r[3], r[4]));
            }
            Files.createDirectories(options.resultsDir);
            Path csv = options.resultsDir.resolve("soak-" + stamp + ".csv");
            List<String> lines = new ArrayList<>(List.of(Sample.CSV_HEADER));
            samples.forEach(s -> lines.add(s.csv()));
            Files.write(csv, lines);
            Path md = options.resultsDir.resolve("soak-" + stamp + ".md");
            Files.writeString(md, new SoakReport(options, samples, maximum, rate, count, tail.missing(), tail.duplicates(),
                    commandLine, csv, env.junctionCommit, Environment.loadAverage()).markdown());
            System.out.println("soak csv: " + csv);
            return md;
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Counts what the paced sender sent, for the offered rate per interval. */
    private record Counting(Sender sender, AtomicLong sent) implements Sender {
        @Override
        public void send(long id) throws Exception {
            sender.send(id);
            sent.incrementAndGet();
        }

        @Override
        public void flush() throws Exception {
            sender.flush();
        }

        @Override
        public void close() throws Exception {
            sender.close();
        }
    }

    /**
     * Reads the output as it grows, from the soak's start: per interval (by the broker's append time) the records
     * delivered and their latencies; over the whole soak which ids arrived, and how often.
     */
    private final class Tail extends Thread {
        private final String topic;
        private final Map<TopicPartition, Long> from;
        private final long t0;
        private final long intervalMs;
        private final long firstId;
        private final int count;
        private final Map<Integer, List<Double>> latencies = new HashMap<>();
        private final BitSet seen = new BitSet();
        private long duplicates;
        private volatile Map<TopicPartition, Long> until;
        private volatile Exception failure;

        Tail(String topic, Map<TopicPartition, Long> from, long t0, long intervalMs, long firstId, int count) {
            super("soak-tail");
            this.topic = topic;
            this.from = from;
            this.t0 = t0;
            this.intervalMs = intervalMs;
            this.firstId = firstId;
            this.count = count;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSettings.reader(options.kafkaBrokers))) {
                consumer.assign(from.keySet());
                from.forEach(consumer::seek);
                while (true) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        record(r);
                    }
                    Map<TopicPartition, Long> end = until;
                    if (end != null && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        return;
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        private synchronized void record(ConsumerRecord<byte[], byte[]> r) {
            int interval = (int) Math.max(0, (r.timestamp() - t0) / intervalMs);
            latencies.computeIfAbsent(interval, k -> new ArrayList<>()).add((double) (r.timestamp() - Payload.sentAt(r.value())));
            int index = (int) (Payload.id(r.value()) - firstId);
            if (index >= 0 && index < count) {
                if (seen.get(index)) {
                    duplicates++;
                }
                seen.set(index);
            }
        }

        /** Reads up to these end offsets, then stops; fails if that takes over a minute. */
        void finish(Map<TopicPartition, Long> end) throws Exception {
            until = end;
            join(Duration.ofSeconds(60).toMillis());
            if (failure != null) {
                throw failure;
            }
            if (isAlive()) {
                throw new IllegalStateException("could not read " + topic + " up to " + end + " within a minute");
            }
        }

        synchronized int delivered(int interval) {
            return latencies.getOrDefault(interval, List.of()).size();
        }

        synchronized double[] latencies(int interval) {
            return latencies.getOrDefault(interval, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
        }

        synchronized int missing() {
            return count - seen.cardinality();
        }

        synchronized long duplicates() {
            return duplicates;
        }
    }
}
