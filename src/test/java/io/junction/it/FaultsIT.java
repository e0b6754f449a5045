package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults from outside while events flow, with the shipped configuration: each broker restarted mid-stream, a sink
 * that fails for minutes, a disk that fills up. Each test counts every distinct event at its destination (or, where
 * the policy sends it there, in the dead letter, from where it is replayed) and prints what recovery took. The
 * figures go into docs/delivery.md. {@code -Dfaults.outage=PT10M} makes the sink outage longer.
 */
class FaultsIT {

    static final int N = 3000;
    /** How long a restarted broker stays away: a fault's duration, not a synchronisation. */
    static final Duration BROKER_DOWN = Duration.ofSeconds(10);
    static final Duration SINK_OUTAGE = Duration.parse(System.getProperty("faults.outage", "PT2M"));

    @TempDir
    Path tmp;

    final String run = UUID.randomUUID().toString().substring(0, 6);

    Path routes(String yaml) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(dir.resolve("fault.yaml"), yaml);
        return dir;
    }

    static String toKafka(String id, String source, String out) {
        return """
                - route:
                    id: %s
                    from:
                      uri: kamelet:%s
                      steps:
                        - to: {uri: kamelet:kafka-sink, parameters: {topic: %s}}
                """.formatted(id, source, out);
    }

    /** A route from a kafka-source (group g-RUN) to one sink connector with the given parameters. */
    String fromKafka(String id, String topic, String sink, String sinkParameters) {
        return """
                - route:
                    id: %s
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %s, groupId: g-%s}
                      steps:
                        - to: {uri: %s, parameters: {%s}}
                """.formatted(id, topic, run, sink, sinkParameters);
    }

    static void command(String... cmd) throws Exception {
        Processes.Result r = Processes.run(GatewayProcess.ROOT, cmd);
        assertThat(r.exit()).as(String.join(" ", cmd) + ":\n" + r.out()).isZero();
    }

    /** Distinct event ids found on the given topics, read from the start, until all N are there. */
    static Set<String> awaitAll(Duration timeout, String... topics) {
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> c = Kafka.consumer("faults-check-" + UUID.randomUUID())) {
            c.subscribe(List.of(topics));
            await("all " + N + " events on " + String.join(" + ", topics)).atMost(timeout)
                    .pollInterval(Duration.ofMillis(10)).until(() -> {
                        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                            ids.add(CrashIT.idOf(r));
                        }
                        return ids.size() >= N;
                    });
        }
        return ids;
    }

    /** Runs {@code restart} once a tenth of the events arrived; returns seconds from the broker's return to output. */
    double restartMidStream(String name, Path routes, String out, String route, ThrowingRunnable stop,
            ThrowingRunnable start) throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(name, routes).awaitReady()) {
            await("a tenth bridged").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Kafka.endOffset(out, 1) >= N / 10);
            stop.run();
            await("the gateway survives the broker's absence").during(BROKER_DOWN)
                    .atMost(BROKER_DOWN.plusSeconds(5)).pollInterval(Duration.ofMillis(500)).until(gateway::alive);
            start.run();
            long back = System.nanoTime();
            long before = Kafka.endOffset(out, 1);
            await("output resumes").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Kafka.endOffset(out, 1) > before || before >= N);
            double recovery = (System.nanoTime() - back) / 1e9;
            Set<String> ids = awaitAll(Duration.ofMinutes(5), out, route + ".dlq");
            long delivered = Kafka.endOffset(out, 1);
            long deadLettered = Kafka.topicExists(route + ".dlq") ? Kafka.endOffset(route + ".dlq", 3) : 0;
            System.out.printf("%s: broker away %d s; output resumed %.1f s after it was back; %d distinct of %d, "
                    + "%d records out (%d duplicates), %d dead-lettered%n", name, BROKER_DOWN.toSeconds(), recovery,
                    ids.size(), N, delivered, Math.max(0, delivered + deadLettered - N), deadLettered);
            assertThat(ids).hasSize(N);
            return recovery;
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void kafkaRestartedUnderARabbitMqBridgeLosesNothing() throws Exception {
        rabbitBridgeSurvives("kafka", () -> command("deploy/local/brokers.sh", "stop", "kafka"),
                () -> command("deploy/local/brokers.sh", "start", "kafka"));
    }

    @Test
    void rabbitMqRestartedUnderItsBridgeLosesNothing() throws Exception {
        rabbitBridgeSurvives("rabbitmq", () -> command("rabbitmqctl", "stop_app"), () -> {
            command("rabbitmqctl", "start_app");
            command("rabbitmqctl", "await_startup");
        });
    }

    /** N persistent messages on a RabbitMQ queue bridged to Kafka while {@code stop} and {@code start} run. */
    void rabbitBridgeSurvives(String broker, ThrowingRunnable stop, ThrowingRunnable start) throws Exception {
        String exchange = "fault-" + broker + "-ex-" + run;
        String queue = "fault-" + broker + "-q-" + run;
        String out = "fault-" + broker + "-out-" + run;
        String route = "fault-" + broker + "-" + run;
        Kafka.createTopic(out, 1);
        Brokers.fillRabbitQueue(exchange, queue, N, CrashIT::payload);
        try {
            restartMidStream("fault-" + broker, routes(toKafka(route, "rabbitmq-source?queue=" + queue, out)), out,
                    route, stop, start);
        } finally {
            deleteRabbit(exchange, queue);
        }
    }

    @Test
    void artemisRestartedUnderItsBridgeLosesNothing() throws Exception {
        String queue = "fault-a-" + run;
        String out = "fault-a-out-" + run;
        String route = "fault-artemis-" + run;
        Kafka.createTopic(out, 1);
        Brokers.fillAmqpQueue(queue, N, CrashIT::payload);
        restartMidStream("fault-artemis", routes(toKafka(route, "amqp-source?destination=" + queue, out)), out, route,
                () -> command("deploy/local/brokers.sh", "stop", "artemis"),
                () -> command("deploy/local/brokers.sh", "start", "artemis"));
    }

    static void deleteRabbit(String exchange, String queue) throws Exception {
        try (Connection c = Brokers.rabbit(); Channel ch = c.createChannel()) {
            ch.queueDelete(queue);
            ch.exchangeDelete(exchange);
        }
    }

    static long rssKb(GatewayProcess g) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + g.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // the process is gone: no sample
        }
        return 0;
    }

    /**
     * A partner that answers 503 for minutes: each event is retried (4 attempts, backoff), then dead-lettered with
     * its reason while the rest of the stream keeps trying; memory stays flat (one record in flight); once the
     * partner is back the stream flows again and a replay of the dead letters delivers the rest. Every event reaches
     * the partner.
     */
    @Test
    void aSinkDownForMinutesLosesNothingAndHoldsMemoryFlat() throws Exception {
        int events = 300;
        String in = "fault-sink-in-" + run;
        String route = "fault-sink-" + run;
        Kafka.createTopic(in, 1);
        try (PartnerServer partner = new PartnerServer()) {
            partner.failNext(Integer.MAX_VALUE, 503);
            Path routes = routes(fromKafka(route, in, "kamelet:http-sink", "url: \"" + partner.url("/hook") + "\""));
            try (GatewayProcess gateway = GatewayProcess.start("fault-sink", routes).awaitReady()) {
                CrashIT.produceNumbered(in, events);
                long rssAtStart = rssKb(gateway);
                AtomicLong maxRss = new AtomicLong(rssAtStart);
                // The outage lasts SINK_OUTAGE; meanwhile the gateway stays up and its RSS is sampled every second.
                await("the gateway rides out the outage").during(SINK_OUTAGE).atMost(SINK_OUTAGE.plusSeconds(10))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> {
                            maxRss.accumulateAndGet(rssKb(gateway), Math::max);
                            return gateway.alive();
                        });
                long attempts = partner.requests().size();
                long deadLettered = Kafka.topicExists(route + ".dlq") ? Kafka.endOffset(route + ".dlq", 3) : 0;
                partner.failNext(0, 503);
                long back = System.nanoTime();
                await("the stream flows again").atMost(Duration.ofMinutes(3))
                        .until(() -> Kafka.committed("g-" + run, in) == events);
                double drained = (System.nanoTime() - back) / 1e9;
                long dlq = Kafka.topicExists(route + ".dlq") ? Kafka.endOffset(route + ".dlq", 3) : 0;
                if (dlq > 0) {
                    String replay = ReplayIT.cli("dlq", "replay", "--route", route);
                    assertThat(replay).contains(dlq + " matched, " + dlq + " replayed");
                }
                await("every event at the partner").atMost(Duration.ofMinutes(2))
                        .until(() -> ReplayIT.ids(List.copyOf(partner.requests())).size() >= events);
                System.out.printf("sink down %d s: %d attempts, %d dead-lettered during the outage (%d in all), "
                        + "RSS %d MB at start, %d MB at most; rest drained %.1f s after the partner came back; all %d "
                        + "at the partner after replay%n", SINK_OUTAGE.toSeconds(), attempts, deadLettered, dlq,
                        rssAtStart / 1024, maxRss.get() / 1024, drained, events);
                assertThat(ReplayIT.ids(List.copyOf(partner.requests()))).hasSize(events);
                assertThat(maxRss.get() - rssAtStart).as("RSS growth in KB during the outage").isLessThan(160 * 1024);
            }
        }
    }

    /**
     * The file sink's disk fills up mid-stream (a 16 KiB tmpfs): writes fail with "No space left on device", are
     * retried, then dead-lettered with that reason; no line is torn; the gateway keeps running. Space is freed, the
     * dead letters are replayed, and the file holds every event once per delivery, each line whole.
     */
    @Test
    void aFullDiskUnderAFileSinkTearsNoLineAndLosesNothing() throws Exception {
        int events = 1000;
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        Assumptions.assumeTrue(mount("-t", "tmpfs", "-o", "size=16k", "tmpfs", disk.toString()),
                "needs root to mount a small tmpfs");
        String in = "fault-disk-in-" + run;
        String route = "fault-disk-" + run;
        Kafka.createTopic(in, 1);
        try {
            Path routes = routes(fromKafka(route, in, "kamelet:file-sink",
                    "directory: \"" + disk + "\", fileName: events.ndjson"));
            try (GatewayProcess gateway = GatewayProcess.start("fault-disk", routes).awaitReady()) {
                // About 40 bytes per event: 1000 events do not fit in 16 KiB.
                CrashIT.produceNumbered(in, events);
                await("the disk is full and failures are dead-lettered").atMost(Duration.ofMinutes(3))
                        .until(() -> Kafka.topicExists(route + ".dlq") && Kafka.endOffset(route + ".dlq", 3) > 0);
                assertThat(gateway.alive()).isTrue();
                assertThat(mount("-o", "remount,size=16m", disk.toString())).isTrue();
                await("the stream is through").atMost(Duration.ofMinutes(5))
                        .until(() -> Kafka.committed("g-" + run, in) == events);
                long dlq = Kafka.endOffset(route + ".dlq", 3);
                String replay = ReplayIT.cli("dlq", "replay", "--route", route);
                assertThat(replay).contains(dlq + " matched, " + dlq + " replayed");
                Path file = disk.resolve("events.ndjson");
                await("every event in the file").atMost(Duration.ofMinutes(2)).until(() -> ids(file).size() == events);
                List<String> lines = Files.readAllLines(file);
                for (String line : lines) {
                    assertThat(line).as("a whole event per line").matches("\\{\"id\":\"m-\\d{5}\",\"key\":\"k\\d\",\"seq\":\\d+}");
                }
                System.out.printf("disk full: %d dead-lettered with the disk full, replayed after space was freed; "
                        + "%d lines, %d distinct, none torn%n", dlq, lines.size(), ids(file).size());
            }
        } finally {
            mount("-u", disk.toString());
        }
    }

    static Set<String> ids(Path file) throws Exception {
        Set<String> ids = new HashSet<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int i = line.indexOf("\"id\":\"");
                if (i >= 0 && line.indexOf('"', i + 6) > 0) {
                    ids.add(line.substring(i + 6, line.indexOf('"', i + 6)));
                }
            }
        }
        return ids;
    }

    /** mount(8), or umount(8) for {@code -u}; false when not permitted here. */
    static boolean mount(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (args[0].equals("-u")) {
            cmd.add("umount");
            cmd.add(args[1]);
        } else {
            cmd.add("mount");
            cmd.addAll(List.of(args));
        }
        return Processes.run(GatewayProcess.ROOT, cmd.toArray(String[]::new)).exit() == 0;
    }
}
