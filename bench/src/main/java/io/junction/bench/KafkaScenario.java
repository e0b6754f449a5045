package io.junction.bench;

import java.util.List;
import java.util.Map;

/**
 * Kafka → Kafka: a Kafka source connector → kafka-sink against a kafka-clients consume-produce loop. Two variants:
 * "kafka" with kafka-source (one record in flight per partition) and "kafka-batch" with kafka-batch-source.
 */
final class KafkaScenario extends BacklogScenario {

    private final String id;
    private final String source;

    private KafkaScenario(RunContext run, String id, String source) {
        super(run);
        this.id = id;
        this.source = source;
    }

    static KafkaScenario perRecord(RunContext run) {
        return new KafkaScenario(run, "kafka", "kafka-source");
    }

    static KafkaScenario batch(RunContext run) {
        return new KafkaScenario(run, "kafka-batch", "kafka-batch-source");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return "Kafka → Kafka (" + source + ")";
    }

    @Override
    public String junctionLabel() {
        return "Junction (" + source + " → kafka-sink)";
    }

    @Override
    public String baselineLabel() {
        return options.kafkaBaselinePerRecordSync
                ? "baseline, analysis variant (kafka-clients: poll → send and await each record → commitSync)"
                : "baseline (kafka-clients: poll → send all → await acks → commitSync)";
    }

    @Override
    public double target() {
        return 0.9;
    }

    /** MirrorMaker 2 and stock Camel copy Kafka to Kafka record by record: compared with the default connector. */
    @Override
    public List<Peer> peers() {
        List<Peer> peers = new java.util.ArrayList<>();
        if (id.equals("kafka") && options.peers.contains(MirrorMaker2Peer.ID)) {
            peers.add(new Peer(MirrorMaker2Peer.ID, MirrorMaker2Peer.LABEL));
        }
        if (id.equals("kafka") && options.peers.contains(CamelMainPeer.ID)) {
            peers.add(new Peer(CamelMainPeer.ID, CamelMainPeer.KAFKA_LABEL));
        }
        return peers;
    }

    @Override
    String outputFor(String contender, String input, String output) {
        return contender.equals(MirrorMaker2Peer.ID) ? MirrorMaker2Peer.output(input) : output;
    }

    @Override
    Launcher.Running startPeer(String peer, String input, String output, int round) throws Exception {
        return switch (peer) {
            case MirrorMaker2Peer.ID -> MirrorMaker2Peer.start(run, input, run.dir(id(), round, peer));
            case CamelMainPeer.ID -> CamelMainPeer.kafkaToKafka(run, input, output, run.dir(id(), round, peer));
            default -> super.startPeer(peer, input, output, round);
        };
    }

    @Override
    boolean keyedInput() {
        return true;
    }

    @Override
    void prepareInput(String input) throws Exception {
        run.topics.createInput(input, options.partitions);
    }

    @Override
    Sender fillSender(String input) {
        return KafkaSender.forFill(options.kafkaBrokers, input, options.payloadSize);
    }

    @Override
    Sender latencySender(String input) {
        return KafkaSender.forLatency(options.kafkaBrokers, input, options.payloadSize);
    }

    @Override
    Launcher.Running startJunction(String contender, String input, String output, int round) throws Exception {
        return run.launcher.gateway("kafka-to-kafka.yaml", Map.of("SOURCE", source, "IN_TOPIC", input,
                "OUT_TOPIC", output, "GROUP_ID", input + "-group", "CONSUMERS", String.valueOf(options.consumers)),
                run.dir(id(), round, contender), contender);
    }

    @Override
    Launcher.Running startBaseline(String input, String output, int round) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--brokers", options.kafkaBrokers, "--in", input,
                "--out", output, "--group", input + "-group", "--consumers", String.valueOf(options.consumers)));
        if (options.kafkaBaselinePerRecordSync) {
            args.add("--per-record-sync");
        }
        return run.launcher.baseline(KafkaToKafkaBaseline.class, args, run.dir(id(), round, Measurement.BASELINE));
    }
}
