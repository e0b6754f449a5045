package io.junction.bench;

import java.util.List;
import java.util.Map;

/**
 * AMQP (Artemis) → Kafka: amqp-source → kafka-sink against Qpid JMS (a transacted session committed every 500
 * messages) + KafkaProducer.
 */
final class AmqpScenario extends BacklogScenario {

    AmqpScenario(RunContext run) {
        super(run);
    }

    @Override
    public String id() {
        return "amqp";
    }

    @Override
    public String title() {
        return "AMQP (Artemis) → Kafka";
    }

    @Override
    public String junctionLabel() {
        return "Junction (amqp-source → kafka-sink)";
    }

    @Override
    public String baselineLabel() {
        return options.amqpBaselineCommitEvery == 500
                ? "baseline (Qpid JMS transacted session: send each to Kafka, commit every 500 after their Kafka acks)"
                : "baseline, analysis variant (Qpid JMS transacted, commit every " + options.amqpBaselineCommitEvery
                        + " messages after their Kafka acks)";
    }

    @Override
    public double target() {
        return 0.8;
    }

    @Override
    boolean usesArtemis() {
        return true;
    }

    @Override
    void prepareInput(String input) {
        // Artemis creates the queue on the first send (auto-create), and deletes it once it is empty and unused.
    }

    @Override
    Sender fillSender(String input) throws Exception {
        return AmqpSender.forFill(options.amqpUrl, options.amqpUser, options.amqpPassword, input, options.payloadSize);
    }

    @Override
    Sender latencySender(String input) throws Exception {
        return AmqpSender.forLatency(options.amqpUrl, options.amqpUser, options.amqpPassword, input, options.payloadSize);
    }

    @Override
    Launcher.Running startJunction(String contender, String input, String output, int round) throws Exception {
        return run.launcher.gateway("amqp-to-kafka.yaml", Map.of("IN_QUEUE", input, "OUT_TOPIC", output),
                run.dir(id(), round, contender), contender);
    }

    @Override
    Launcher.Running startBaseline(String input, String output, int round) throws Exception {
        // Credentials through the environment, as the gateway gets them, not on the command line.
        return run.launcher.baseline(AmqpToKafkaBaseline.class, List.of("--brokers", options.kafkaBrokers,
                "--amqp-url", options.amqpUrl, "--queue", input, "--out", output,
                "--commit-every", String.valueOf(options.amqpBaselineCommitEvery)),
                Map.of("AMQP_USERNAME", options.amqpUser, "AMQP_PASSWORD", options.amqpPassword),
                run.dir(id(), round, Measurement.BASELINE), 0);
    }
}
