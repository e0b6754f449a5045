package io.junction.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Webhook → Kafka: webhook-source → kafka-sink against a bare Vert.x server + KafkaProducer, both answering 202
 * only after Kafka acknowledged the record. Load: {@link HttpLoad} at a fixed concurrency, first the warm-up
 * requests, then the measured ones; throughput is 202 answers per second of the measured phase.
 */
final class WebhookScenario implements Scenario {

    private static final String PATH = "/bench/hook";

    private final RunContext run;
    private final BenchOptions options;

    WebhookScenario(RunContext run) {
        this.run = run;
        this.options = run.options;
    }

    @Override
    public String id() {
        return "webhook";
    }

    @Override
    public String title() {
        return "Webhook → Kafka";
    }

    @Override
    public String junctionLabel() {
        return "Junction (webhook-source → kafka-sink)";
    }

    @Override
    public String baselineLabel() {
        return "baseline (Vert.x HTTP server → KafkaProducer, 202 in the send callback)";
    }

    @Override
    public double target() {
        return 0.9;
    }

    @Override
    public List<Peer> peers() {
        List<Peer> peers = new ArrayList<>();
        if (options.peers.contains(CamelMainPeer.ID)) {
            peers.add(new Peer(CamelMainPeer.ID, CamelMainPeer.WEBHOOK_LABEL));
        }
        if (options.peers.contains(NodeRedPeer.ID)) {
            peers.add(new Peer(NodeRedPeer.ID, NodeRedPeer.WEBHOOK_LABEL));
        }
        return peers;
    }

    @Override
    public String latencyDefinition() {
        return "per request, from the load generator: time from sending the POST until the whole 202 answer was "
                + "read, under the closed-loop load of " + options.concurrency + " connections (each with one "
                + "request in flight); this is response time at saturation, not at a modest rate.";
    }

    @Override
    public Measurement measure(String contender, int round) throws Exception {
        String output = run.name(id(), round, contender, "out");
        run.topics.createOutput(output, options.partitions);
        int port = Launcher.freePort();
        Launcher.Running running = switch (contender) {
            case Measurement.JUNCTION, Measurement.JUNCTION_BASE -> run.launcher.gateway("webhook-to-kafka.yaml",
                    Map.of("PATH", PATH, "OUT_TOPIC", output), run.dir(id(), round, contender), contender);
            case Measurement.BASELINE -> run.launcher.baseline(WebhookBaseline.class, List.of("--brokers",
                    options.kafkaBrokers, "--out", output, "--path", PATH, "--port", String.valueOf(port)), Map.of(),
                    run.dir(id(), round, contender), port);
            case CamelMainPeer.ID -> new Launcher.Running(CamelMainPeer.webhookToKafka(run, PATH, output, port,
                    run.dir(id(), round, contender)).process(), port);
            case NodeRedPeer.ID -> NodeRedPeer.webhookToKafka(run, PATH, output, port, run.dir(id(), round, contender));
            default -> throw new IllegalArgumentException(contender);
        };
        try (running; HttpLoad load = new HttpLoad(URI.create("http://127.0.0.1:" + running.httpPort() + PATH),
                options.concurrency, options.payloadSize)) {
            ManagedProcess p = running.process();
            HttpLoad.Result warm = load.run(options.warmup(id()), options.concurrency, 202, options.timeoutSeconds);
            CpuSample from = run.sample(warm.ok(), p.pid());
            HttpLoad.Result measured = load.run(options.records(id()), options.concurrency, 202, options.timeoutSeconds);
            CpuSample to = run.sample(warm.ok() + measured.ok(), p.pid());
            p.checkAlive();
            double rss = ProcStats.peakRssMb(p.pid());

            List<String> notes = new ArrayList<>();
            long failed = warm.failed() + measured.failed();
            if (failed > 0) {
                notes.add(failed + " requests not answered 202 (first: "
                        + (warm.firstFailure() != null ? warm.firstFailure() : measured.firstFailure()) + ")");
            }
            // A 202 promises the record is stored: it must be on the topic right now, without waiting.
            long acknowledged = warm.ok() + measured.ok();
            long stored = run.topics.count(output, options.partitions);
            if (stored < acknowledged) {
                notes.add("only " + stored + " of " + acknowledged + " acknowledged records on the topic");
            }
            return new Measurement(id(), label(contender), contender, round,
                    measured.okPerSecond(), Stats.percentile(measured.latenciesMs(), 50),
                    Stats.percentile(measured.latenciesMs(), 99), rss, from.processPer1k(to), from.kafkaPer1k(to),
                    Double.NaN, measured.seconds(), String.join("; ", notes));
        }
    }
}
