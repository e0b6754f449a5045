package io.junction.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * What a connector's parameter accepts, as its Kamelet declares it under {@code spec.definition.properties}: its
 * type and allowed values. A value of the wrong type used to pass {@code junction validate} and fail only when the
 * route started, with Kafka's or Camel's words ("For input string: \"lots\"") at the route's line.
 */
record ParameterSpec(String type, List<String> allowed, java.util.regex.Pattern pattern, String patternWhy) {

    /** The properties of a Kamelet document, by name; empty when it declares none. */
    static Map<String, ParameterSpec> of(Node kamelet) {
        Map<String, ParameterSpec> out = new LinkedHashMap<>();
        Node props = YamlNodes.get(YamlNodes.get(YamlNodes.get(kamelet, "spec"), "definition"), "properties");
        if (props instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String name = YamlNodes.text(t.getKeyNode());
                List<String> allowed = new ArrayList<>();
                if (YamlNodes.get(t.getValueNode(), "enum") instanceof SequenceNode values) {
                    values.getValue().forEach(v -> allowed.add(YamlNodes.text(v)));
                }
                if (name != null) {
                    String pattern = YamlNodes.text(YamlNodes.get(t.getValueNode(), "pattern"));
                    out.put(name, new ParameterSpec(YamlNodes.text(YamlNodes.get(t.getValueNode(), "type")),
                            List.copyOf(allowed), pattern == null ? null : java.util.regex.Pattern.compile(pattern),
                            YamlNodes.text(YamlNodes.get(t.getValueNode(), "x-pattern-description"))));
                }
            }
        }
        return out;
    }

    /** Why this value does not fit, or null if it does. Placeholders are resolved later and not judged here. */
    String problem(String value) {
        if (value == null || value.contains("{{") || value.startsWith("RAW(") || value.startsWith("#")) {
            return null;
        }
        String v = value.trim();
        String wrongType = typeProblem(value);
        if (wrongType != null) {
            return wrongType;
        }
        // JSON Schema's pattern (a search, not a whole match), with the Kamelet's own words for what it means.
        if (pattern != null && !pattern.matcher(v).find()) {
            return patternWhy != null ? patternWhy : "must match " + pattern.pattern();
        }
        // Kafka and Camel read these names in any case: so does the check.
        if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> a.equalsIgnoreCase(v))) {
            return "must be one of " + allowed + ", not '" + value + "'";
        }
        return null;
    }

    /**
     * True when the value's one fault is the declared pattern: of the right type and among the allowed values,
     * which Camel converts and the component may well take (patterns are often stricter than the component).
     */
    boolean onlyPatternFails(String value) {
        return problem(value) != null && typeProblem(value) == null && pattern != null
                && !pattern.matcher(value.trim()).find()
                && (allowed.isEmpty() || allowed.stream().anyMatch(a -> a.equalsIgnoreCase(value.trim())));
    }

    /** Why this value is not of the declared type (Camel's conversion then fails at start), or null. */
    String typeProblem(String value) {
        if (value == null || value.contains("{{") || value.startsWith("RAW(") || value.startsWith("#")) {
            return null;
        }
        String v = value.trim();
        String wrongType = switch (type == null ? "string" : type) {
            case "integer" -> v.matches("[+-]?\\d+") ? null : "a whole number";
            case "number" -> isNumber(v) ? null : "a number";
            case "boolean" -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null : "true or false";
            default -> null;
        };
        return wrongType == null ? null : "must be " + wrongType + ", not '" + value + "'";
    }

    /** The allowed value closest to a refused one, for a hint. */
    String nearest(String value) {
        return allowed.isEmpty() ? null : Suggestions.nearest(allowed, value.trim());
    }

    private static boolean isNumber(String v) {
        try {
            Double.parseDouble(v);
            return !v.isEmpty() && Character.isDigit(v.charAt(v.length() - 1));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
