package io.junction.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON path made only of field names, indexes and {@code [*]} ({@code $.customer.phone}, {@code $.items[*].card}),
 * applied so that an array cannot hide a field from it: wherever the path names a field and the event holds an array
 * (at any depth of nesting), the rest of the path applies to each element. A producer that sends a list where one
 * object was expected ({@code {"customer":[{"phone":...}]}}, {@code [[{"ssn":...}]]}), or one object where a list
 * was expected ({@code {"items":{"cvv":...}}} for {@code $.items[*].cvv}), gets its fields masked all the same; a
 * plain JSON path would match nothing there and pass them on in clear.
 */
final class FieldPath {

    /** One segment of a normalised path: {@code ['name']}, {@code [3]} or {@code [*]}. */
    private static final Pattern SEGMENT = Pattern.compile("\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]|\\[\\*\\]");

    private sealed interface Segment permits Field, Index, Every {
    }

    private record Field(String name) implements Segment {
    }

    private record Index(int index) implements Segment {
    }

    private record Every() implements Segment {
    }

    private final List<Segment> segments;

    private FieldPath(List<Segment> segments) {
        this.segments = segments;
    }

    /**
     * @param normalised a compiled Jayway path's {@code getPath()}, such as {@code $['customer']['phone']}
     * @return empty when the path uses more than names, indexes and {@code [*]} (filters, deep scan, slices)
     */
    static Optional<FieldPath> of(String normalised) {
        if (!normalised.startsWith("$")) {
            return Optional.empty();
        }
        List<Segment> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(normalised);
        int at = 1;
        while (at < normalised.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            if (m.group(1) != null) {
                segments.add(new Field(m.group(1).replaceAll("\\\\(.)", "$1")));
            } else if (m.group(2) != null) {
                segments.add(new Index(Integer.parseInt(m.group(2))));
            } else {
                segments.add(new Every());
            }
            at = m.end();
        }
        return segments.isEmpty() ? Optional.empty() : Optional.of(new FieldPath(List.copyOf(segments)));
    }

    /** Replaces every value the path reaches in {@code root} with {@code function} of it. */
    void map(JsonNode root, UnaryOperator<JsonNode> function) {
        map(root, 0, function);
    }

    private void map(JsonNode node, int i, UnaryOperator<JsonNode> function) {
        Segment segment = segments.get(i);
        boolean last = i == segments.size() - 1;
        if (segment instanceof Field field) {
            if (node instanceof ArrayNode array) {
                for (JsonNode element : array) {
                    map(element, i, function); // a field of a list is that field of each element
                }
            } else if (node instanceof ObjectNode object && object.has(field.name())) {
                if (last) {
                    object.set(field.name(), function.apply(object.get(field.name())));
                } else {
                    map(object.get(field.name()), i + 1, function);
                }
            }
        } else if (segment instanceof Index index) {
            if (node instanceof ArrayNode array && index.index() < array.size()) {
                at(array, index.index(), i, last, function);
            } else if (node instanceof ObjectNode && !last) {
                map(node, i + 1, function); // one object where a list was expected: its only element
            }
        } else if (node instanceof ArrayNode array) {
            for (int k = 0; k < array.size(); k++) {
                at(array, k, i, last, function);
            }
        } else if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (last) {
                    e.setValue(function.apply(e.getValue()));
                } else {
                    map(e.getValue(), i + 1, function);
                }
            }
            if (!last) {
                map(object, i + 1, function); // and the object itself, as the list's only element
            }
        }
    }

    private void at(ArrayNode array, int k, int i, boolean last, UnaryOperator<JsonNode> function) {
        if (last) {
            array.set(k, function.apply(array.get(k)));
        } else {
            map(array.get(k), i + 1, function);
        }
    }
}
