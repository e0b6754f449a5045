package io.junction.bench;

import java.util.List;
import java.util.Map;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/** RabbitMQ → Kafka: rabbitmq-source → kafka-sink against amqp-client (manual, batched acks) + KafkaProducer. */
final class RabbitScenario extends BacklogScenario {

    RabbitScenario(RunContext run) {
        super(run);
    }

    @Override
    public String id() {
        return "rabbitmq";
    }

    @Override
    public String title() {
        return "RabbitMQ → Kafka";
    }

    @Override
    public String junctionLabel() {
        return "Junction (rabbitmq-source → kafka-sink)";
    }

    @Override
    public String baselineLabel() {
        return "baseline (amqp-client: prefetch 1000, send each to Kafka, one cumulative ack per 250 after their Kafka acks)";
    }

    @Override
    public double target() {
        return 0.8;
    }

    @Override
    void prepareInput(String input) throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            Rabbit.declare(ch, input);
        }
    }

    @Override
    void dropInput(String input) throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDelete(input);
        }
    }

    private Connection connect() throws Exception {
        return Rabbit.connect(options.rabbitHost, options.rabbitPort, options.rabbitUser, options.rabbitPassword);
    }

    @Override
    Sender fillSender(String input) throws Exception {
        return RabbitSender.forFill(options, input);
    }

    @Override
    Sender latencySender(String input) throws Exception {
        return RabbitSender.forLatency(options, input);
    }

    @Override
    Launcher.Running startJunction(String contender, String input, String output, int round) throws Exception {
        return run.launcher.gateway("rabbitmq-to-kafka.yaml", Map.of("IN_QUEUE", input, "OUT_TOPIC", output),
                run.dir(id(), round, contender), contender);
    }

    @Override
    Launcher.Running startBaseline(String input, String output, int round) throws Exception {
        return run.launcher.baseline(RabbitToKafkaBaseline.class, List.of("--brokers", options.kafkaBrokers,
                "--queue", input, "--out", output), rabbitEnvironment(), run.dir(id(), round, Measurement.BASELINE), 0);
    }

    /** The connection as the gateway gets it (config/application.properties reads these variables). */
    Map<String, String> rabbitEnvironment() {
        return Map.of("RABBITMQ_HOST", options.rabbitHost, "RABBITMQ_PORT", String.valueOf(options.rabbitPort),
                "RABBITMQ_USERNAME", options.rabbitUser, "RABBITMQ_PASSWORD", options.rabbitPassword);
    }
}
