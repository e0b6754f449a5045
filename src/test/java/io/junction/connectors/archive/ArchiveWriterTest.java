package io.junction.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import io.junction.history.ArchiveWindow;
import io.junction.history.HistoryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's files: sealing, the index, recovery of a segment a crash left open, and refusing a torn file. */
class ArchiveWriterTest {

    @TempDir
    Path dir;

    static byte[] line(long t, String payload) throws Exception {
        return ArchiveRecord.line(t, t, "r", "in/0@" + t, "k".getBytes(StandardCharsets.UTF_8), Map.of("h", "v"),
                payload.getBytes(StandardCharsets.UTF_8));
    }

    static List<HistoryEvent> read(Path dir, long from, long to) throws Exception {
        List<HistoryEvent> out = new ArrayList<>();
        try (ArchiveWindow w = new ArchiveWindow(dir, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))) {
            w.read(e -> out.add(e));
        }
        return out;
    }

    @Test
    void segmentsAreSealedCompressedAndIndexedAndReadBackByTime() throws Exception {
        try (ArchiveWriter w = new ArchiveWriter(dir, 3, Long.MAX_VALUE, 3_600_000)) {
            for (int i = 0; i < 7; i++) {
                w.append(line(1000 + i, "{\"n\":" + i + "}"), 1000 + i);
            }
        }
        List<ArchiveIndex.Segment> index = ArchiveIndex.read(dir);
        assertThat(index).extracting(ArchiveIndex.Segment::events).containsExactly(3L, 3L, 1L);
        assertThat(index.get(1).minTime()).isEqualTo(1003);
        assertThat(index.get(1).maxTime()).isEqualTo(1005);
        assertThat(index).allMatch(s -> s.file().endsWith(".jsonl.gz") && ArchiveIndex.intact(dir, s));
        assertThat(Files.list(dir.resolve("open"))).as("nothing left open after a clean stop").isEmpty();

        List<HistoryEvent> window = read(dir, 1002, 1005);
        assertThat(window).extracting(e -> new String(e.value(), StandardCharsets.UTF_8))
                .containsExactly("{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
        HistoryEvent e = window.get(0);
        assertThat(new String(e.key(), StandardCharsets.UTF_8)).isEqualTo("k");
        assertThat(e.headers()).containsEntry("h", "v");
        assertThat(e.timestamp()).isEqualTo(1002);
        assertThat(e.position()).startsWith("archive:").endsWith(":3");
    }

    @Test
    void aSegmentLeftOpenByACrashIsCutToItsLastWholeLineAndSealedAtTheNextStart() throws Exception {
        Files.createDirectories(dir.resolve("open"));
        Path left = dir.resolve("open").resolve("dead-gw-20261202T101500000-0.jsonl");
        Files.write(left, line(1, "{\"n\":1}"));
        Files.write(left, line(2, "{\"n\":2}"), StandardOpenOption.APPEND);
        byte[] torn = line(3, "{\"n\":3}");
        Files.write(left, java.util.Arrays.copyOf(torn, torn.length / 2), StandardOpenOption.APPEND);

        new ArchiveWriter(dir, 100, Long.MAX_VALUE, 3_600_000).close();

        assertThat(left).doesNotExist();
        List<ArchiveIndex.Segment> index = ArchiveIndex.read(dir);
        assertThat(index).hasSize(1);
        assertThat(index.get(0).events()).isEqualTo(2);
        assertThat(index.get(0).file()).startsWith("2026/12/02/10/");
        assertThat(read(dir, 0, 10)).extracting(HistoryEvent::timestamp).containsExactly(1L, 2L);
    }

    @Test
    void aSegmentIndexedJustBeforeTheCrashIsNotSealedTwice() throws Exception {
        try (ArchiveWriter w = new ArchiveWriter(dir, 100, Long.MAX_VALUE, 3_600_000)) {
            w.append(line(5, "{}"), 5);
            // As if the gateway died after writing the index line but before deleting its open file.
            Path open = Files.list(dir.resolve("open")).findFirst().orElseThrow();
            Path copy = dir.resolve(open.getFileName() + ".copy");
            Files.copy(open, copy);
            w.close();
            Files.move(copy, open);
        }
        new ArchiveWriter(dir, 100, Long.MAX_VALUE, 3_600_000).close();
        assertThat(ArchiveIndex.read(dir)).hasSize(1);
        assertThat(Files.list(dir.resolve("open"))).isEmpty();
    }

    @Test
    void aTornOrAlteredSegmentIsRefusedNotHalfRead() throws Exception {
        try (ArchiveWriter w = new ArchiveWriter(dir, 100, Long.MAX_VALUE, 3_600_000)) {
            for (int i = 0; i < 50; i++) {
                w.append(line(i, "{\"n\":" + i + "}"), i);
            }
        }
        ArchiveIndex.Segment s = ArchiveIndex.read(dir).get(0);
        Path file = dir.resolve(s.file());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertThat(ArchiveIndex.intact(dir, s)).isFalse();
        assertThatThrownBy(() -> read(dir, 0, 100)).hasMessageContaining("does not match its sha256");
    }

    @Test
    void aTornLastIndexLineIsIgnoredAndTheNextLineStartsClean() throws Exception {
        try (ArchiveWriter w = new ArchiveWriter(dir, 1, Long.MAX_VALUE, 3_600_000)) {
            w.append(line(1, "{}"), 1);
            w.append(line(2, "{}"), 2);
        }
        Files.write(dir.resolve(ArchiveIndex.FILE), "{\"id\":\"torn".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        try (ArchiveWriter w = new ArchiveWriter(dir, 1, Long.MAX_VALUE, 3_600_000)) {
            w.append(line(3, "{}"), 3);
        }
        assertThat(ArchiveIndex.read(dir)).extracting(ArchiveIndex.Segment::minTime).containsExactly(1L, 2L, 3L);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(dir.resolve(ArchiveIndex.read(dir).get(2).file()))), StandardCharsets.UTF_8))) {
            assertThat(ArchiveRecord.parse(r.readLine()).get("t").asLong()).isEqualTo(3);
        }
    }
}
