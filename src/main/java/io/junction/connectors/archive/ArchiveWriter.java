package io.junction.connectors.archive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one archive directory. Events are appended to an open segment ({@code DIR/open/ID.jsonl}, one JSON line
 * each) and synced to disk before the append returns, so the route acknowledges its source only for events that
 * are on disk. A segment is sealed when it reaches its size, its age, the end of its hour, or the gateway stops:
 * gzip-compressed into {@code DIR/YYYY/MM/DD/HH/ID.jsonl.gz} through a temporary file that is synced and then
 * renamed, then recorded in the {@link ArchiveIndex}, and only then is the open file deleted.
 *
 * <p>After a crash the next start seals what the dead writer left: each open file whose lock nobody holds is cut
 * back to its last whole line and sealed (or just deleted, if its index line made it). Each writer holds a lock on
 * its own open file, so gateways sharing a volume never seal each other's live segment.
 */
final class ArchiveWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final long maxEvents;
    private final long maxBytes;
    private final long maxAgeMillis;
    private final String instance;
    private int seq;

    private FileChannel open;
    private FileLock lock;
    private String openId;
    private Path openFile;
    private long openedAt;
    private long events;
    private long bytes;
    private long minTime;
    private long maxTime;

    ArchiveWriter(Path dir, long maxEvents, long maxBytes, long maxAgeMillis) throws IOException {
        this.dir = dir;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.maxAgeMillis = maxAgeMillis;
        String host = System.getenv().getOrDefault("HOSTNAME", "gateway").replaceAll("[^A-Za-z0-9.-]", "_");
        this.instance = host + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        Files.createDirectories(dir.resolve("open"));
        recover();
    }

    /** Appends one record line and syncs it; returns when it is on disk. */
    synchronized void append(byte[] line, long eventTime) throws IOException {
        long now = System.currentTimeMillis();
        if (open != null && (events >= maxEvents || bytes >= maxBytes || !HOUR.format(Instant.ofEpochMilli(now))
                .equals(HOUR.format(Instant.ofEpochMilli(openedAt))))) {
            seal();
        }
        if (open == null) {
            openSegment(now);
        }
        ByteBuffer buf = ByteBuffer.wrap(line);
        long before = open.size();
        try {
            while (buf.hasRemaining()) {
                open.write(buf);
            }
            open.force(false);
        } catch (IOException e) {
            // A torn line would be cut at recovery anyway; cut it now so the next append starts clean.
            open.truncate(before);
            throw e;
        }
        events++;
        bytes += line.length;
        minTime = Math.min(minTime, eventTime);
        maxTime = Math.max(maxTime, eventTime);
    }

    /** Seals the open segment when it has been open longer than its age limit (called on a timer). */
    synchronized void sealIfOld() {
        if (open != null && System.currentTimeMillis() - openedAt >= maxAgeMillis) {
            try {
                seal();
            } catch (IOException e) {
                LOG.error("Could not seal archive segment {}: {} (it stays open and is sealed at the next start)",
                        openFile, e.toString());
            }
        }
    }

    private void openSegment(long now) throws IOException {
        openId = instance + "-" + STAMP.format(Instant.ofEpochMilli(now)) + "-" + (seq++);
        openFile = dir.resolve("open").resolve(openId + ".jsonl");
        open = FileChannel.open(openFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        lock = open.lock();
        openedAt = now;
        events = 0;
        bytes = 0;
        minTime = Long.MAX_VALUE;
        maxTime = Long.MIN_VALUE;
    }

    synchronized void seal() throws IOException {
        if (open == null) {
            return;
        }
        try {
            if (events > 0) {
                sealFile(dir, openId, openFile, openedAt);
            }
        } finally {
            lock.release();
            open.close();
            open = null;
        }
        Files.deleteIfExists(openFile);
    }

    /**
     * Compresses an open file into its place in the archive and indexes it. Lines that are not whole records (a
     * torn tail) are left out.
     */
    static ArchiveIndex.Segment sealFile(Path dir, String id, Path openFile, long openedAt) throws IOException {
        Path target = dir.resolve(HOUR.format(Instant.ofEpochMilli(openedAt))).resolve(id + ".jsonl.gz");
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(id + ".jsonl.gz.tmp");
        long count = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        MessageDigest md = ArchiveIndex.digest();
        try (BufferedReader in = Files.newBufferedReader(openFile, StandardCharsets.UTF_8);
                OutputStream file = Files.newOutputStream(tmp);
                OutputStream gz = new GZIPOutputStream(new DigestOutputStream(file, md), 64 * 1024)) {
            String line;
            while ((line = in.readLine()) != null) {
                long t;
                try {
                    t = ArchiveRecord.parse(line).get("t").asLong();
                } catch (IOException e) {
                    continue; // the torn tail of a crash
                }
                gz.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                count++;
                min = Math.min(min, t);
                max = Math.max(max, t);
            }
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
        ArchiveIndex.Segment s = new ArchiveIndex.Segment(id, dir.relativize(target).toString().replace('\\', '/'),
                count, Files.size(target), HexFormat.of().formatHex(md.digest()), count == 0 ? 0 : min,
                count == 0 ? 0 : max, System.currentTimeMillis());
        ArchiveIndex.append(dir, s);
        return s;
    }

    private static void syncDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be synced; the rename is still atomic
        }
    }

    /** Seals what a writer that died left open (see the class comment). */
    private void recover() throws IOException {
        Set<String> indexed = new HashSet<>();
        ArchiveIndex.read(dir).forEach(s -> indexed.add(s.id()));
        List<Path> left;
        try (Stream<Path> files = Files.list(dir.resolve("open"))) {
            left = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path file : left) {
            String id = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                FileLock held;
                try {
                    held = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    continue; // this process writes it
                }
                if (held == null) {
                    continue; // another live gateway writes it
                }
                try {
                    if (!indexed.contains(id) && Files.size(file) > 0) {
                        ArchiveIndex.Segment s = sealFile(dir, id, file, openedAt(id, file));
                        LOG.warn("Archive {}: sealed segment {} left open by a stopped gateway ({} events)", dir, id,
                                s.events());
                    }
                } finally {
                    held.release();
                }
            }
            Files.deleteIfExists(file);
        }
    }

    /** When a left-over segment was opened: from its id (instance-STAMP-seq), else the file's time. */
    private static long openedAt(String id, Path file) throws IOException {
        String[] parts = id.split("-");
        for (int i = parts.length - 2; i >= 0; i--) {
            try {
                return Instant.from(STAMP.parse(parts[i])).toEpochMilli();
            } catch (RuntimeException e) {
                // not the stamp
            }
        }
        return Files.getLastModifiedTime(file).toMillis();
    }

    @Override
    public synchronized void close() throws IOException {
        seal();
    }

}
