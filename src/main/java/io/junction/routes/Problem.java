package io.junction.routes;

import java.util.LinkedHashMap;
import java.util.Map;

import io.junction.secrets.Secrets;

/**
 * One finding about a route or connector file, located by file, line and column (1-based).
 * Printed as {@code file:line:col: error: message} so editors and CI systems can jump to it.
 */
public record Problem(String file, int line, int column, Severity severity, String message, String hint) {

    public enum Severity {
        ERROR, WARNING;

        public String label() {
            return name().toLowerCase();
        }
    }

    public static Problem error(String file, int line, int column, String message) {
        return new Problem(file, line, column, Severity.ERROR, message, null);
    }

    public static Problem warning(String file, int line, int column, String message) {
        return new Problem(file, line, column, Severity.WARNING, message, null);
    }

    /** The innermost cause's message (what went wrong, not how it was wrapped), or its type when it has none. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    public Problem withHint(String newHint) {
        return new Problem(file, line, column, severity, message, newHint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The problem as JSON-friendly fields, for the admin API and {@code validate --format json}. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("line", line);
        m.put("column", column);
        m.put("severity", severity.label());
        m.put("message", Secrets.mask(message));
        if (hint != null) {
            m.put("hint", Secrets.mask(hint));
        }
        return m;
    }

    /**
     * One line for a terminal or a log. Control characters are escaped: a problem may quote text it did not choose (a
     * registry's subject names, a file name), and an escape sequence or a line break there would drive the reader's
     * terminal or fake a line of output.
     */
    public String format() {
        String text = printable(file) + ":" + line + ":" + column + ": " + severity.label() + ": "
                + printable(Secrets.mask(message));
        return hint == null ? text : text + " (hint: " + printable(Secrets.mask(hint)) + ")";
    }

    /**
     * {@code s} with every control character but the tab as {@code \\uXXXX}, and so the characters that reorder or
     * break what a terminal or an editor shows (bidirectional overrides such as U+202E, line and paragraph
     * separators U+2028 and U+2029).
     */
    public static String printable(String s) {
        if (s == null || s.chars().noneMatch(Problem::control)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        s.chars().forEach(c -> b.append(control(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }

    private static boolean control(int c) {
        return c != '\t' && (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c);
    }

    @Override
    public String toString() {
        return format();
    }
}
