package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import io.junction.connectors.archive.ArchiveIndex;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive-sink connector under a crash: the gateway is killed (SIGKILL) while it archives a stream, restarted,
 * and finishes; then {@code junction replay --archive} re-drives the window into a topic. Nothing is lost, no file
 * is torn or left half-sealed, and the replay sends exactly what the archive holds for the window.
 */
class ArchiveIT {

    static final int N = 3000;
    final String run = UUID.randomUUID().toString().substring(0, 6);
    final Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path tmp;

    /** Events archived so far: sealed (the index) and still open (whole lines of the open segments). */
    static long archived(Path dir) throws IOException {
        return ArchiveIndex.read(dir).stream().mapToLong(ArchiveIndex.Segment::events).sum() + openLines(dir);
    }

    /** Whole lines in the open segments: events written but not yet sealed. */
    static long openLines(Path dir) throws IOException {
        long n = 0;
        Path open = dir.resolve("open");
        if (Files.isDirectory(open)) {
            try (Stream<Path> files = Files.list(open)) {
                for (Path f : files.toList()) {
                    try {
                        n += Files.readAllLines(f).size();
                    } catch (IOException e) {
                        // sealed and deleted meanwhile
                    }
                }
            }
        }
        return n;
    }

    @Test
    void aGatewayKilledMidWriteLosesAndTearsNothingAndTheArchiveReplaysExactly() throws Exception {
        String in = "it-archive-in-" + run;
        String out = "it-archive-out-" + run;
        String group = "g-archive-" + run;
        Kafka.createTopic(in, 2);
        Kafka.createTopic(out, 2);
        Path archive = tmp.resolve("archive");
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("archive.yaml"), """
                - route:
                    id: archive-%s
                    from:
                      uri: kamelet:kafka-source
                      parameters: {topic: %s, groupId: %s}
                      steps:
                        - to:
                            uri: kamelet:archive-sink
                            parameters: {directory: "%s", maxEvents: 250, rollInterval: 1h}
                """.formatted(run, in, group, archive));
        try (KafkaProducer<byte[], byte[]> p = Kafka.producer()) {
            for (int i = 0; i < N; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(in, null, t0.plusMillis(10L * i).toEpochMilli(),
                        ("k" + i % 5).getBytes(StandardCharsets.UTF_8), ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                r.headers().add("correlation-id", ("event-" + i).getBytes(StandardCharsets.UTF_8));
                p.send(r);
            }
        }
        try (GatewayProcess gateway = GatewayProcess.start("archive", routes).awaitReady()) {
            // Kill while a segment is being written, so the restart has a torn-or-open segment to recover.
            await("a third archived").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> archived(archive) >= N / 3 && openLines(archive) > 0);
            gateway.kill();
            long atKill = archived(archive);
            assertThat(atKill).as("the kill must land mid-stream").isLessThan(N);
            assertThat(openLines(archive)).as("the killed gateway left its segment open; its log:%n%s", gateway.logTail())
                    .isPositive();

            gateway.restart();
            gateway.awaitReady();
            await("every record archived and committed").atMost(Duration.ofMinutes(3))
                    .until(() -> Kafka.committed(group, in) == N);
        }
        // The gateway stopped cleanly: every segment sealed, nothing half-written left, every file whole.
        try (Stream<Path> open = Files.list(archive.resolve("open"))) {
            assertThat(open.toList()).isEmpty();
        }
        try (Stream<Path> all = Files.walk(archive)) {
            assertThat(all.filter(f -> f.toString().endsWith(".tmp")).toList()).isEmpty();
        }
        List<ArchiveIndex.Segment> index = ArchiveIndex.read(archive);
        assertThat(index).allMatch(s -> ArchiveIndex.intact(archive, s));
        long held = index.stream().mapToLong(ArchiveIndex.Segment::events).sum();
        assertThat(held).as("at least once: every event, some twice after the kill").isGreaterThanOrEqualTo(N);
        try (Stream<Path> all = Files.walk(archive)) {
            assertThat(all.filter(f -> f.toString().endsWith(".jsonl.gz")).count()).isEqualTo(index.size());
        }

        String from = t0.toString();
        String to = t0.plusMillis(10L * N).toString();
        String dry = WindowReplayIT.cli(Map.of(), 0, "--archive", archive.toString(), "--from", from, "--to", to, "--dry-run");
        assertThat(dry).contains(held + " events in the window, " + held + " would be replayed");
        String result = WindowReplayIT.cli(Map.of(), 0, "--archive", archive.toString(), "--from", from, "--to", to,
                "--into-topic", out);
        assertThat(result).contains(held + " replayed, 0 dead-lettered by the route, 0 failed");
        List<ConsumerRecord<byte[], byte[]>> replayed = Kafka.read(out, (int) held, Duration.ofSeconds(90));
        assertThat(replayed).hasSize((int) held);
        assertThat(Kafka.endOffset(out, 2)).isEqualTo(held);
        Set<Integer> distinct = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : replayed) {
            int n = WindowReplayIT.n(r);
            distinct.add(n);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k" + n % 5);
            assertThat(r.timestamp()).isEqualTo(t0.plusMillis(10L * n).toEpochMilli());
            assertThat(Kafka.header(r, "correlation-id")).isEqualTo("event-" + n);
            assertThat(Kafka.header(r, "junction.replay.of")).startsWith("archive:");
        }
        assertThat(distinct).as("nothing lost").hasSize(N);
        System.out.printf("archive: killed mid-stream, %d events, %d held after recovery (%d duplicates), %d segments%n",
                N, held, held - N, index.size());
    }
}
