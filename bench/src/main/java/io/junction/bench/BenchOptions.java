package io.junction.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters of one benchmark run. Defaults are the "full" run; {@code --quick} switches to tiny inputs that
 * only prove the harness works (what the integration test runs).
 */
public final class BenchOptions {

    public static final List<String> ALL_PEERS = List.of(MirrorMaker2Peer.ID, CamelMainPeer.ID, NodeRedPeer.ID);
    public static final List<String> ALL_SCENARIOS = List.of("kafka", "kafka-batch", "amqp", "rabbitmq", "webhook");

    // what to run
    final boolean quick;
    final List<String> scenarios;
    final int records;
    final int amqpRecords;
    private final Integer warmup;
    final int rounds;
    final int payloadSize;
    final int partitions;
    private final Integer latencyRate;
    final double latencySeconds;
    final int amqpBaselineCommitEvery;
    final boolean kafkaBaselinePerRecordSync;
    /** Peers to run where a scenario has them: all of {@link #ALL_PEERS} by default, none with --quick. */
    final List<String> peers;
    final int concurrency;
    /** Kafka consumers per contender in the kafka scenarios (kafka-source's consumersCount, the loop's threads). */
    final int consumers;
    final long timeoutSeconds;
    /** The soak instead of the scenarios when > 0: its length; see {@link Soak}. */
    final int soakSeconds;
    /** Its rate; 0: {@link #soakShare} of the maximum the soak measures first. */
    final int soakRate;
    final double soakShare;
    final int soakIntervalSeconds;
    // where things are
    final Path root;
    final Path app;
    final Path connectors;
    /** bench/compare.sh: the other build (its quarkus-app, root with config/, connectors) and its name; else null. */
    final Path compareApp;
    final Path compareRoot;
    final Path compareConnectors;
    final String compareLabel;
    final Path benchJar;
    final Path routeTemplates;
    final Path workDir;
    final Path resultsDir;
    final Path rawDir;
    final Path stateDir;
    final Path peersDir;
    final String java;
    final List<String> jvmOptions;
    final List<String> gatewayJvmOptions;
    // brokers
    final String kafkaBrokers;
    final String amqpUrl;
    final String amqpUser;
    final String amqpPassword;
    final String rabbitHost;
    final int rabbitPort;
    final String rabbitUser;
    final String rabbitPassword;

    BenchOptions(Args a) {
        quick = a.flag("quick");
        scenarios = new ArrayList<>(Arrays.stream(a.get("scenarios", String.join(",", ALL_SCENARIOS)).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList());
        for (String s : scenarios) {
            if (!ALL_SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + " (known: " + ALL_SCENARIOS + ")");
            }
        }
        // 100,000 events keep the measured window of the fast contenders (tens of thousands per second) at a few
        // seconds; with 20,000 it was under one and the ratios moved by a tenth between runs.
        records = a.integer("records", quick ? 200 : 100_000);
        // The queue brokers are filled before each contender starts, one persistent batch at a time: 50,000 events
        // (plus as many for warm-up) keep a round of the AMQP and RabbitMQ scenarios under a minute.
        amqpRecords = a.integer("amqp-records", quick ? records : 50_000);
        warmup = a.has("warmup") ? a.integer("warmup", 0) : null;
        rounds = a.integer("rounds", quick ? 1 : 3);
        payloadSize = a.integer("payload", 512);
        partitions = a.integer("partitions", 3);
        latencyRate = a.has("latency-rate") ? a.integer("latency-rate", 0) : null;
        latencySeconds = Double.parseDouble(a.get("latency-seconds", quick ? "0.5" : "5"));
        amqpBaselineCommitEvery = a.integer("amqp-baseline-commit-every", 500);
        kafkaBaselinePerRecordSync = a.flag("kafka-baseline-per-record-sync");
        peers = Arrays.stream(a.get("peers", quick ? "none" : String.join(",", ALL_PEERS)).split(","))
                .map(String::trim).filter(s -> !s.isEmpty() && !s.equals("none")).toList();
        for (String p : peers) {
            if (!ALL_PEERS.contains(p)) {
                throw new IllegalArgumentException("unknown peer " + p + " (known: " + ALL_PEERS + ", or none)");
            }
        }
        concurrency = a.integer("concurrency", 16);
        consumers = a.integer("consumers", 1);
        soakSeconds = a.integer("soak", 0);
        soakRate = a.integer("soak-rate", 0);
        soakShare = Double.parseDouble(a.get("soak-share", "0.7"));
        soakIntervalSeconds = a.integer("soak-interval", 10);
        timeoutSeconds = Long.parseLong(a.get("timeout", String.valueOf(Math.max(180, records * 11 / 10 / 50))));

        root = Path.of(a.get("root", ".")).toAbsolutePath().normalize();
        app = Path.of(a.required("app")).toAbsolutePath();
        connectors = Path.of(a.get("connectors", root.resolve("connectors").toString())).toAbsolutePath();
        String otherApp = a.get("compare-app", "");
        compareApp = otherApp.isEmpty() ? null : Path.of(otherApp).toAbsolutePath();
        compareRoot = compareApp == null ? null : Path.of(a.required("compare-root")).toAbsolutePath();
        compareConnectors = compareRoot == null ? null
                : Path.of(a.get("compare-connectors", compareRoot.resolve("connectors").toString())).toAbsolutePath();
        compareLabel = a.get("compare-label", "base");
        benchJar = Path.of(a.required("bench-jar")).toAbsolutePath();
        routeTemplates = Path.of(a.get("route-templates", root.resolve("bench/routes").toString())).toAbsolutePath();
        workDir = Path.of(a.required("work")).toAbsolutePath();
        resultsDir = Path.of(a.get("results", root.resolve(quick ? "bench/results/raw" : "bench/results").toString()))
                .toAbsolutePath();
        rawDir = Path.of(a.get("raw", root.resolve("bench/results/raw").toString())).toAbsolutePath();
        stateDir = Path.of(a.get("state", root.resolve(".junction").toString())).toAbsolutePath();
        peersDir = Path.of(a.get("peers-dir", root.resolve("bench/target/peers").toString())).toAbsolutePath();
        java = a.get("java", ProcessHandle.current().info().command().orElse("java"));
        jvmOptions = split(a.get("jvm-opts", "-XX:+UseSerialGC -Xmx256m"));
        gatewayJvmOptions = split(a.get("gateway-jvm-opts", ""));

        kafkaBrokers = a.get("kafka", "127.0.0.1:9092");
        amqpUrl = a.get("amqp-url", "amqp://127.0.0.1:5673");
        amqpUser = a.get("amqp-user", "junction");
        amqpPassword = a.get("amqp-password", "junction");
        rabbitHost = a.get("rabbitmq-host", "127.0.0.1");
        rabbitPort = a.integer("rabbitmq-port", 5672);
        rabbitUser = a.get("rabbitmq-user", "guest");
        rabbitPassword = a.get("rabbitmq-password", "guest");

        if (records < 1 || amqpRecords < 1 || rounds < 1 || payloadSize < 64 || concurrency < 1 || partitions < 1
                || (latencyRate != null && latencyRate < 1) || (warmup != null && warmup < 0) || latencySeconds <= 0
                || amqpBaselineCommitEvery < 1 || soakSeconds < 0 || soakRate < 0 || soakShare <= 0 || soakShare > 1
                || soakIntervalSeconds < 1 || consumers < 1) {
            throw new IllegalArgumentException("records, rounds, concurrency, partitions, latency-rate must be >= 1, "
                    + "warmup >= 0, latency-seconds > 0, payload >= 64, soak and soak-rate >= 0, "
                    + "0 < soak-share <= 1, soak-interval and consumers >= 1");
        }
    }

    /** Measured events per round for a scenario. */
    int records(String scenario) {
        return queueScenario(scenario) ? amqpRecords : records;
    }

    /** The scenarios whose input is a queue broker (Artemis, RabbitMQ) rather than Kafka or HTTP. */
    static boolean queueScenario(String scenario) {
        return "amqp".equals(scenario) || "rabbitmq".equals(scenario);
    }

    /**
     * Warm-up events (not counted) before the measured ones: --warmup, else as many as are measured (quick: 20), so
     * both contenders run JIT-compiled code, as a long-running gateway does; a tenth left the gateway's larger code
     * path half interpreted (kafka-batch measured 0.33x with a tenth, 0.45x with a full warm-up).
     */
    int warmup(String scenario) {
        if (warmup != null) {
            return warmup;
        }
        return quick ? 20 : records(scenario);
    }

    /**
     * Events per second of the latency phase: --latency-rate, else 200, well below what every contender sustains
     * here, so the phase measures latency, not queueing.
     */
    int latencyRate(String scenario) {
        return latencyRate != null ? latencyRate : 200;
    }

    int latencyCount(String scenario) {
        return Math.max(1, (int) Math.round(latencyRate(scenario) * latencySeconds));
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
    }

    /** The classpath of a peer (bench/peers/ID/pom.xml), as bench/run.sh resolved it. */
    String peerClasspath(String id) throws IOException {
        Path file = peersDir.resolve(id + ".classpath");
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("no classpath for peer " + id + " at " + file + " (bench/run.sh resolves "
                    + "bench/peers/" + id + "/pom.xml there)");
        }
        return Files.readString(file).strip();
    }

    Path kafkaPidFile() {
        return stateDir.resolve("kafka/kafka.pid");
    }

    Path artemisPidFile() {
        return stateDir.resolve("artemis/artemis.pid");
    }
}
