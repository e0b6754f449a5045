package io.junction.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.junction.connectors.archive.ArchiveLines;
import io.junction.connectors.archive.ArchiveComponent;
import io.junction.masking.JsonMask;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masked events archived through the junction-archive component, replayed from the archive with --decrypt: the
 * archive never holds the card in clear, the replay gets it back exactly, and a window, a filter and a rate select
 * exactly the events asked for. Brokers are not involved: the target collects what it is sent.
 */
class ArchiveReplayTest {

    static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    /** Collects what a replay sends, as a topic would. */
    static final class Collect implements ReplayTarget {
        final List<HistoryEvent> events = new ArrayList<>();
        final List<Map<String, String>> headers = new ArrayList<>();

        @Override
        public CompletableFuture<Void> send(HistoryEvent event, Map<String, String> replay) {
            events.add(event);
            headers.add(replay);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public int inFlight() {
            return 1;
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * Archives {@code count} events {"n":i,"card":"4242-i"} with the card encrypted, event i at time 1000 + i, key ki
     * and correlation-id ci, through the junction-archive component.
     */
    Path archiveMasked(int count, String options) throws Exception {
        JsonMask mask = new JsonMask();
        mask.setEncrypt("$.card");
        mask.setEncryptionKey(KEY);
        mask.start();
        Path archive = dir.resolve("archive");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent(ArchiveComponent.SCHEME, new ArchiveComponent());
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            for (int i = 0; i < count; i++) {
                String masked = mask.apply("{\"n\":" + i + ",\"card\":\"4242-" + i + "\"}");
                template.sendBodyAndHeaders("junction-archive:" + archive + options, masked,
                        Map.of(KafkaConstants.TIMESTAMP, 1000L + i, KafkaConstants.KEY, "k" + i, "correlation-id", "c" + i));
            }
        }
        return archive;
    }

    @Test
    void maskedEventsAreArchivedWithoutTheirSecretsAndReplayedDecryptedForExactlyTheWindow() throws Exception {
        Path archive = archiveMasked(20, "?maxEvents=6");
        String everything = new String(Files.readAllBytes(archive.resolve("index.jsonl")), StandardCharsets.UTF_8);
        assertThat(everything).contains("\"events\":6");
        try (var files = Files.walk(archive)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".gz")).toList()) {
                String text = new String(new java.util.zip.GZIPInputStream(Files.newInputStream(f)).readAllBytes(),
                        StandardCharsets.UTF_8);
                assertThat(text).contains("enc:v1:").doesNotContain("4242-");
            }
        }

        Collect target = new Collect();
        StreamReplay replay = new StreamReplay(new ArchiveWindow(archive, Instant.ofEpochMilli(1005),
                Instant.ofEpochMilli(1015)), "archive", target, Instant.ofEpochMilli(1005), Instant.ofEpochMilli(1015),
                new JqFilter(".n % 2 == 1"), ReplayRequest.decryption("$.card", KEY), 1000);
        StreamReplay.Progress done = replay.run();
        assertThat(done.state()).isEqualTo(StreamReplay.State.DONE);
        assertThat(done.read()).isEqualTo(10);
        assertThat(done.matched()).isEqualTo(5);
        assertThat(done.replayed()).isEqualTo(5);
        assertThat(target.events).extracting(e -> new String(e.value(), StandardCharsets.UTF_8)).containsExactly(
                "{\"n\":5,\"card\":\"4242-5\"}", "{\"n\":7,\"card\":\"4242-7\"}", "{\"n\":9,\"card\":\"4242-9\"}",
                "{\"n\":11,\"card\":\"4242-11\"}", "{\"n\":13,\"card\":\"4242-13\"}");
        assertThat(target.events).extracting(e -> new String(e.key(), StandardCharsets.UTF_8))
                .containsExactly("k5", "k7", "k9", "k11", "k13");
        assertThat(target.events).extracting(HistoryEvent::timestamp).containsExactly(1005L, 1007L, 1009L, 1011L, 1013L);
        assertThat(target.events.get(0).headers()).containsEntry("correlation-id", "c5");
        assertThat(target.headers.get(0)).containsEntry(ReplayHeaders.JOB, done.id())
                .containsEntry(ReplayHeaders.TIMESTAMP, "1005");
        assertThat(target.headers.get(0).get(ReplayHeaders.OF)).startsWith("archive:");
    }

    @Test
    void aWrongKeyStopsTheReplayAtTheFirstEventAndSaysWhere() throws Exception {
        Path archive = archiveMasked(3, "");
        String otherKey = java.util.Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                12, 13, 14, 15, 16 });
        Collect target = new Collect();
        StreamReplay.Progress done = new StreamReplay(new ArchiveWindow(archive, Instant.EPOCH, Instant.ofEpochMilli(2000)),
                "archive", target, Instant.EPOCH, Instant.ofEpochMilli(2000), null,
                ReplayRequest.decryption("$.card", otherKey), 0).run();
        assertThat(done.state()).isEqualTo(StreamReplay.State.FAILED);
        assertThat(target.events).isEmpty();
        assertThat(done.stoppedAt()).startsWith("archive:").contains(":1 ");
        assertThat(done.errors().get(0)).contains("cannot decrypt $.card");
    }
    /** Appends an index entry for {@code file} (a path as written in the index) with the sha256 of {@code bytes}. */
    static void index(Path archive, String file, byte[] bytes) throws Exception {
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        Files.writeString(archive.resolve("index.jsonl"), "{\"id\":\"x\",\"file\":\"" + file + "\",\"events\":1,"
                + "\"bytes\":" + bytes.length + ",\"sha256\":\"" + sha + "\",\"minTime\":0,\"maxTime\":5000,"
                + "\"sealedAt\":0}\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** L1: the index is read, not trusted: an entry naming a file outside the archive refuses the replay. */
    @Test
    void anIndexEntryOutsideTheArchiveIsRefused() throws Exception {
        Path archive = archiveMasked(3, "");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        byte[] stolen = new byte[] { 1, 2, 3 };
        Files.write(outside.resolve("s2.jsonl.gz"), stolen);
        for (String entry : List.of("../outside/s2.jsonl.gz", outside.resolve("s2.jsonl.gz").toString())) {
            Path copy = Files.createDirectories(dir.resolve("copy-" + Math.abs(entry.hashCode())));
            try (var files = Files.walk(archive)) {
                for (Path f : files.toList()) {
                    Path to = copy.resolve(archive.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
            index(copy, entry, stolen);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> new ArchiveWindow(copy, Instant.EPOCH, Instant.ofEpochMilli(9000)))
                    .as(entry).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not name a segment inside the archive");
        }
        // A link inside the archive that points outside it is outside it.
        Files.createSymbolicLink(archive.resolve("linked.jsonl.gz"), outside.resolve("s2.jsonl.gz"));
        index(archive, "linked.jsonl.gz", stolen);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new ArchiveWindow(archive, Instant.EPOCH, Instant.ofEpochMilli(9000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not name a segment inside the archive");
    }

    /** L1: a segment of one enormous line (small gzipped) is refused at the bound, on a dry run too, not held. */
    @Test
    void aLineLongerThanTheBoundIsRefusedNotHeld() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("bomb"));
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i <= ArchiveLines.MAX >> 20; i++) {
                out.write(chunk);
            }
        }
        byte[] bomb = gz.toByteArray();
        assertThat(bomb.length).as("small on disk").isLessThan(100_000);
        Files.createDirectories(archive.resolve("2026-01-01T00"));
        Files.write(archive.resolve("2026-01-01T00/bomb.jsonl.gz"), bomb);
        index(archive, "2026-01-01T00/bomb.jsonl.gz", bomb);
        ArchiveWindow window = new ArchiveWindow(archive, Instant.EPOCH, Instant.ofEpochMilli(9000));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> window.read(event -> true))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("bomb.jsonl.gz: line 1 is longer than");
    }

    /** Round 4: a header whose value is a list replayed as an empty string; a line unlike a record stops the replay. */
    @Test
    void aLineThatIsNotARecordAsTheArchiveWritesThemStopsTheReplayNamingIt() throws Exception {
        String good = "{\"t\":1000,\"headers\":{\"a\":\"1\"},\"payload\":\"ok\"}";
        for (String bad : List.of("{\"t\":1000,\"headers\":{\"tenant\":[\"a\",\"b\"]},\"payload\":\"x\"}",
                "{\"t\":1000,\"headers\":[],\"payload\":\"x\"}", "{\"t\":1000,\"payload\":{\"x\":1}}",
                "{\"t\":\"soon\",\"payload\":\"x\"}")) {
            Path archive = Files.createDirectories(dir.resolve("forged-" + Math.abs(bad.hashCode())));
            java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
            try (var out = new java.util.zip.GZIPOutputStream(gz)) {
                out.write((good + "\n" + bad + "\n").getBytes(StandardCharsets.UTF_8));
            }
            Files.write(archive.resolve("s.jsonl.gz"), gz.toByteArray());
            index(archive, "s.jsonl.gz", gz.toByteArray());
            List<String> read = new ArrayList<>();
            ArchiveWindow window = new ArchiveWindow(archive, Instant.EPOCH, Instant.ofEpochMilli(9000));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> window.read(e -> read.add(e.position())))
                    .as(bad).isInstanceOf(java.io.IOException.class)
                    .hasMessageStartingWith("s.jsonl.gz:2: not an archive record");
            assertThat(read).as("the record before it").containsExactly("archive:s.jsonl.gz:1");
        }
    }

    @Test
    void linesAreReadWhateverTheBufferAndCountedAndBounded() throws Exception {
        String text = "one\n" + "x".repeat(20_000) + "\n\nlast";
        ArchiveLines lines = new ArchiveLines(new java.io.StringReader(text), "f", 20_000);
        assertThat(lines.next()).isEqualTo("one");
        assertThat(lines.next()).hasSize(20_000);
        assertThat(lines.next()).isEmpty();
        assertThat(lines.next()).isEqualTo("last");
        assertThat(lines.number()).isEqualTo(4);
        assertThat(lines.next()).isNull();
        ArchiveLines tooLong = new ArchiveLines(new java.io.StringReader("ok\n" + "x".repeat(20_001)), "f", 20_000);
        assertThat(tooLong.next()).isEqualTo("ok");
        org.assertj.core.api.Assertions.assertThatThrownBy(tooLong::next).hasMessageContaining("f: line 2 is longer");
    }
}
