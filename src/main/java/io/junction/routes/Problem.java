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

    public String format() {
        String text = file + ":" + line + ":" + column + ": " + severity.label() + ": " + Secrets.mask(message);
        return hint == null ? text : text + " (hint: " + Secrets.mask(hint) + ")";
    }

    @Override
    public String toString() {
        return format();
    }
}
