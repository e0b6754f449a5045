package io.junction.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * A scenario whose source is a broker (Kafka, AMQP), measured in two phases with one contender process:
 * <ol>
 * <li><b>Throughput</b>: the input is pre-filled with warm-up + N events before the contender starts; the rate is
 * N divided by the time between the broker appending the last warm-up record and the last record to the output
 * topic (Kafka's LogAppendTime), so start-up and group join are not counted and neither is JIT warm-up.</li>
 * <li><b>Latency</b>: then, with the contender warm and idle, events are sent at a fixed modest rate; latency is
 * the output append time minus the send time stamped in the event.</li>
 * </ol>
 */
abstract class BacklogScenario implements Scenario {

    final RunContext run;
    final BenchOptions options;

    BacklogScenario(RunContext run) {
        this.run = run;
        this.options = run.options;
    }

    /** Creates the input (if it needs creating) for a round. */
    abstract void prepareInput(String input) throws Exception;

    /** Removes the input after the round, where the broker does not (a RabbitMQ queue). */
    void dropInput(String input) throws Exception {
    }

    abstract Sender fillSender(String input) throws Exception;

    /** Whether the input events carry a key that the output should keep. */
    boolean keyedInput() {
        return false;
    }

    /** Whether the source broker is Artemis (its CPU is then reported). */
    boolean usesArtemis() {
        return false;
    }

    abstract Sender latencySender(String input) throws Exception;

    /** {@code contender}: {@link Measurement#JUNCTION} or, in a comparison, {@link Measurement#JUNCTION_BASE}. */
    abstract Launcher.Running startJunction(String contender, String input, String output, int round) throws Exception;

    abstract Launcher.Running startBaseline(String input, String output, int round) throws Exception;

    /** Starts one of {@link #peers()}. */
    Launcher.Running startPeer(String peer, String input, String output, int round) throws Exception {
        throw new IllegalArgumentException(id() + " has no peer " + peer);
    }

    /** The output topic of a contender that names its output after its input (MirrorMaker 2); else {@code output}. */
    String outputFor(String contender, String input, String output) {
        return output;
    }

    private Launcher.Running start(String contender, String input, String output, int round) throws Exception {
        return switch (contender) {
            case Measurement.JUNCTION, Measurement.JUNCTION_BASE -> startJunction(contender, input, output, round);
            case Measurement.BASELINE -> startBaseline(input, output, round);
            default -> startPeer(contender, input, output, round);
        };
    }

    @Override
    public String latencyDefinition() {
        return "end-to-end, measured after the throughput phase with the contender warm: "
                + options.latencyCount(id()) + " events sent one by one at " + options.latencyRate(id())
                + " msg/s; latency = the output record's "
                + "Kafka append time (LogAppendTime) minus the send time stamped in the event, whole milliseconds.";
    }

    @Override
    public Measurement measure(String contender, int round) throws Exception {
        String input = run.name(id(), round, contender, "in");
        try {
            return measure(contender, round, input);
        } finally {
            dropInput(input);
        }
    }

    private Measurement measure(String contender, int round, String input) throws Exception {
        String output = outputFor(contender, input, run.name(id(), round, contender, "out"));
        run.topics.createOutput(output, options.partitions);
        prepareInput(input);
        int warmup = options.warmup(id());
        int backlog = warmup + options.records(id());
        try (Sender fill = fillSender(input)) {
            Sender.fill(fill, 1, backlog);
        }

        try (Launcher.Running running = start(contender, input, output, round)) {
            ManagedProcess p = running.process();
            CpuSample from = warmup > 0 ? run.awaitCount(output, warmup, p) : run.sample(0, p.pid());
            CpuSample to = run.awaitCount(output, backlog, p);
            Map<TopicPartition, Long> afterBacklog = run.topics.endOffsets(output, options.partitions);
            OutputRecords backlogOut = OutputRecords.read(options.kafkaBrokers, Map.of(), afterBacklog);
            double throughput = backlogOut.throughput(warmup);

            try (Sender paced = latencySender(input)) {
                Sender.paced(paced, backlog + 1, options.latencyCount(id()), options.latencyRate(id()));
            }
            long expected = sum(afterBacklog) + options.latencyCount(id());
            run.awaitCount(output, expected, p);
            OutputRecords latencyOut = OutputRecords.read(options.kafkaBrokers, afterBacklog,
                    run.topics.endOffsets(output, options.partitions));
            double[] latencies = latencyOut.latenciesMs();
            double rss = ProcStats.peakRssMb(p.pid());

            List<String> notes = new ArrayList<>();
            int duplicates = backlogOut.duplicates() + latencyOut.duplicates();
            if (duplicates > 0) {
                notes.add(duplicates + " duplicates");
            }
            if (backlogOut.size() < backlog) {
                notes.add("only " + backlogOut.size() + " of " + backlog + " records on the output");
            }
            if (keyedInput() && backlogOut.withKey() < backlogOut.size()) {
                // Input records are keyed; an output record without a key lost its partitioning.
                notes.add((backlogOut.size() - backlogOut.withKey()) + " of " + backlogOut.size()
                        + " output records lost their key");
            }
            return new Measurement(id(), label(contender), contender, round, throughput,
                    Stats.percentile(latencies, 50), Stats.percentile(latencies, 99), rss, from.processPer1k(to),
                    from.kafkaPer1k(to), usesArtemis() ? from.artemisPer1k(to) : Double.NaN, from.seconds(to), String.join("; ", notes));
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
