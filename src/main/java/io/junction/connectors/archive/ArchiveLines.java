package io.junction.connectors.archive;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of an archive file (a segment, the index), each at most a bound. An archive is read, not trusted: one line
 * of hundreds of megabytes (a few hundred kilobytes gzipped) would otherwise be held whole in memory, on a dry run too.
 */
public final class ArchiveLines {

    /** A segment's bound, far above any archived event (one of a broker's largest size, base64, is a few MB). */
    public static final int MAX = 16 * 1024 * 1024;

    private final Reader in;
    private final String file;
    private final int max;
    private final char[] buf = new char[8192];
    private final StringBuilder line = new StringBuilder();
    private int pos;
    private int len;
    private int number;

    public ArchiveLines(Reader in, String file, int max) {
        this.in = in;
        this.file = file;
        this.max = max;
    }

    /** The next line without its end, or null at the end of the segment. */
    public String next() throws IOException {
        line.setLength(0);
        while (true) {
            if (pos == len) {
                len = Math.max(0, in.read(buf, 0, buf.length));
                pos = 0;
                if (len == 0) {
                    return line.length() == 0 ? null : counted();
                }
            }
            int start = pos;
            while (pos < len && buf[pos] != '\n') {
                pos++;
            }
            line.append(buf, start, pos - start);
            if (line.length() > max) {
                throw new IOException(file + ": line " + (number + 1) + " is longer than " + max
                        + " characters: not an archived event; the segment is not read further");
            }
            if (pos < len) {
                pos++;
                return counted();
            }
        }
    }

    /** The number of the line {@link #next} returned last. */
    public int number() {
        return number;
    }

    private String counted() {
        number++;
        return line.toString();
    }
}
