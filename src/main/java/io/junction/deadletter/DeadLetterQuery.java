package io.junction.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.apache.camel.util.TimeUtils;

/**
 * Which dead letters to list or replay: by route (its topic {@code <route>.dlq}, or an explicit topic), failure time,
 * exception class and dead-letter id. Every filter left empty matches everything.
 */
public record DeadLetterQuery(List<String> routes, List<String> topics, Instant since, Instant until,
        String exception, List<String> ids) {

    public DeadLetterQuery {
        routes = routes == null ? List.of() : List.copyOf(routes);
        topics = topics == null ? List.of() : List.copyOf(topics);
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    /** The topics to read: the named ones, each route's default dead-letter topic, or null for "every *.dlq". */
    public List<String> topicsToRead() {
        if (topics.isEmpty() && routes.isEmpty()) {
            return null;
        }
        List<String> all = new java.util.ArrayList<>(topics);
        routes.forEach(r -> all.add(r + ".dlq"));
        return all;
    }

    public boolean matches(Map<String, String> headers) {
        String route = headers.get(DeadLetterHeaders.ROUTE);
        if (!routes.isEmpty() && topics.isEmpty() && !routes.contains(route)) {
            return false;
        }
        if (!ids.isEmpty() && !ids.contains(headers.get(DeadLetterHeaders.ID))) {
            return false;
        }
        if (exception != null && !exception.isBlank()) {
            String cls = headers.getOrDefault(DeadLetterHeaders.EXCEPTION_CLASS, "");
            if (!(cls.equals(exception) || cls.endsWith("." + exception))) {
                return false;
            }
        }
        if (since != null || until != null) {
            Instant at = instant(headers.get(DeadLetterHeaders.LAST_FAILURE));
            if (at == null || (since != null && at.isBefore(since)) || (until != null && !at.isBefore(until))) {
                return false;
            }
        }
        return true;
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An ISO-8601 instant, or a duration back from now ("15m", "2h", "3d"). */
    public static Instant parseTime(String s, Instant now) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // Camel's durations read what they cannot parse as nothing: "abc" would be "now", and find nothing.
            if (!DURATION.matcher(t).matches()) {
                throw new IllegalArgumentException("'" + t + "' is neither an instant (2026-12-07T10:00:00Z) nor a"
                        + " duration back from now (90s, 15m, 2h, 3d)");
            }
            String d = t.endsWith("d") ? (Long.parseLong(t.substring(0, t.length() - 1)) * 24) + "h" : t;
            return now.minus(Duration.ofMillis(TimeUtils.toMilliSeconds(d)));
        }
    }

    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("\\d{1,9}d|(\\d{1,9}(ms|s|m|h))+");
}
