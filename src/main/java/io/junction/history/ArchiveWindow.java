package io.junction.history;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.connectors.archive.ArchiveIndex;
import io.junction.connectors.archive.ArchiveLines;
import io.junction.connectors.archive.ArchiveRecord;

/**
 * The archived events whose time falls in [from, to): the index names the segments whose times overlap the window,
 * each is checked against its sha256 before it is read (a torn or altered file is refused, never half-read), and
 * the events are replayed segment by segment in the order of their earliest event. Events still in an open segment
 * are not part of the archive yet: a segment is sealed within its roll interval.
 */
public final class ArchiveWindow implements HistorySource {

    private final Path dir;
    private final Instant from;
    private final Instant to;
    private final List<ArchiveIndex.Segment> segments;
    private final java.util.concurrent.atomic.AtomicLong scanned = new java.util.concurrent.atomic.AtomicLong();

    public ArchiveWindow(Path dir, Instant from, Instant to) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("archive " + dir + " is not a directory");
        }
        this.dir = dir;
        this.from = from;
        this.to = to;
        try {
            if (!Files.exists(dir.resolve(ArchiveIndex.FILE))) {
                throw new IllegalArgumentException("archive " + dir + " has no " + ArchiveIndex.FILE
                        + ": not an archive written by the archive-sink connector");
            }
            List<ArchiveIndex.Segment> index = ArchiveIndex.read(dir);
            for (ArchiveIndex.Segment s : index) {
                ArchiveIndex.file(dir, s); // an entry that points outside the archive refuses the whole replay
            }
            this.segments = index.stream()
                    .filter(s -> s.events() > 0 && s.maxTime() >= from.toEpochMilli() && s.minTime() < to.toEpochMilli())
                    .sorted(Comparator.comparingLong(ArchiveIndex.Segment::minTime)).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("reading the index of archive " + dir + " failed: " + e.getMessage());
        }
    }

    @Override
    public long total() {
        return segments.stream().mapToLong(ArchiveIndex.Segment::events).sum();
    }

    @Override
    public long scanned() {
        return scanned.get();
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        segments.forEach(s -> lines.add(String.format("%s: %d events %s..%s", s.file(), s.events(),
                Instant.ofEpochMilli(s.minTime()), Instant.ofEpochMilli(s.maxTime()))));
        return lines;
    }

    @Override
    public void read(Handler handler) throws Exception {
        for (ArchiveIndex.Segment s : segments) {
            if (!ArchiveIndex.intact(dir, s)) {
                throw new IOException(s.file() + " is missing or does not match its sha256 in the index: not read");
            }
            try (InputStreamReader in = new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(ArchiveIndex.file(dir, s))), StandardCharsets.UTF_8)) {
                ArchiveLines lines = new ArchiveLines(in, s.file(), ArchiveLines.MAX);
                String line;
                while ((line = lines.next()) != null) {
                    int n = lines.number();
                    scanned.incrementAndGet();
                    JsonNode record;
                    try {
                        record = ArchiveRecord.parse(line);
                    } catch (IOException e) {
                        throw new IOException(s.file() + ":" + n + ": " + e.getMessage() + "; the replay stops here",
                                e);
                    }
                    long t = record.get("t").asLong();
                    if (t < from.toEpochMilli() || t >= to.toEpochMilli()) {
                        continue;
                    }
                    if (!handler.accept(ArchiveRecord.event(record, "archive:" + s.file() + ":" + n))) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
    }
}
