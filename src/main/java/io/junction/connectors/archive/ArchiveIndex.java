package io.junction.connectors.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The archive's index, {@code DIR/index.jsonl}: one line per sealed segment, appended (and synced) only after the
 * segment's file is complete, synced and renamed into place. A segment is read only when it is in the index and its
 * bytes still hash to the index's sha256, so a file torn by a crash, half-copied or altered is never read as
 * complete. A torn last line of the index itself (a crash mid-append) is ignored; its segment is sealed again at the
 * next start, from the open file that is only deleted after its index line is written.
 */
public final class ArchiveIndex {

    public static final String FILE = "index.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sealed segment: its path under the archive directory, what it holds and its fingerprint. */
    public record Segment(String id, String file, long events, long bytes, String sha256, long minTime, long maxTime,
            long sealedAt) {

        boolean overlaps(long from, long to) {
            return events > 0 && maxTime >= from && minTime < to;
        }
    }

    private ArchiveIndex() {
    }

    /** An index line is a few hundred characters; a longer one is not an index entry. */
    static final int MAX_LINE = 64 * 1024;

    /**
     * The index's segments, in the order they were sealed. A missing index is an empty archive.
     *
     * @throws IOException when a line is longer than {@link #MAX_LINE}: the index is read, not trusted, and one line
     *                     of gigabytes would otherwise be held whole in memory
     */
    public static List<Segment> read(Path dir) throws IOException {
        List<Segment> out = new ArrayList<>();
        Path index = dir.resolve(FILE);
        try (java.io.Reader in = Files.newBufferedReader(index, StandardCharsets.UTF_8)) {
            ArchiveLines lines = new ArchiveLines(in, index.toString(), MAX_LINE);
            for (String line; (line = lines.next()) != null;) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n != null && n.hasNonNull("sha256")) {
                        out.add(JSON.treeToValue(n, Segment.class));
                    }
                } catch (IOException e) {
                    // a torn last line: its segment is sealed again from its open file
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }

    static synchronized void append(Path dir, Segment s) throws IOException {
        Path index = dir.resolve(FILE);
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            // A torn line left by a crash must not swallow this one: start on a fresh line.
            String prefix = ch.size() > 0 && lastByte(index, ch.size()) != '\n' ? "\n" : "";
            ByteBuffer buf = ByteBuffer.wrap((prefix + JSON.writeValueAsString(s) + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static int lastByte(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, size - 1);
            return b.get(0);
        }
    }

    /**
     * The segment's file, which is inside the archive: the index is read, not trusted, and an entry such as
     * {@code ../elsewhere/x.jsonl.gz} or an absolute path would otherwise have a replay read any file whose hash it
     * gives.
     */
    public static Path file(Path dir, Segment s) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        Path file;
        try {
            file = s.file() == null || Path.of(s.file()).isAbsolute() ? null : base.resolve(s.file()).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            file = null;
        }
        // Checked again on the real paths: a link inside the archive may point anywhere.
        if (file == null || !file.startsWith(base) || file.equals(base) || !s.file().endsWith(".jsonl.gz")
                || (Files.exists(file) && !file.toRealPath().startsWith(base.toRealPath()))) {
            throw new IOException("index entry " + s.file() + " of archive " + dir
                    + " does not name a segment inside the archive: the archive is not read");
        }
        return file;
    }

    /** Whether the segment's file is there, inside the archive, and whole (its sha256 is the index's). */
    public static boolean intact(Path dir, Segment s) {
        try (InputStream in = Files.newInputStream(file(dir, s))) {
            return sha256(in).equals(s.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0;) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
