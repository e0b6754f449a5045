package io.junction.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/** Compares what a sink received with what a test expects, and explains every difference readably. */
final class Expectations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Expectations() {
    }

    /** The differences between one received message and one expectation (empty when it matches). */
    static List<String> compare(CamelContext context, Map<String, Object> expected, Captures.Message actual) {
        List<String> diffs = new ArrayList<>();
        if (expected.containsKey("body")) {
            String want = String.valueOf(expected.get("body"));
            if (!want.equals(actual.body())) {
                diffs.add("body differs:\n" + lineDiff(want, actual.body()));
            }
        }
        if (expected.containsKey("json")) {
            try {
                JsonNode want = JSON.valueToTree(expected.get("json"));
                JsonNode got = JSON.readTree(actual.body() == null ? "null" : actual.body());
                subset(want, got, "$", diffs);
            } catch (Exception e) {
                diffs.add("body is not JSON: " + abbreviate(actual.body()));
            }
        }
        if (expected.containsKey("jq")) {
            String jq = String.valueOf(expected.get("jq"));
            Exchange ex = new DefaultExchange(context);
            ex.getIn().setBody(actual.body());
            try {
                if (!context.resolveLanguage("jq").createPredicate(jq).matches(ex)) {
                    diffs.add("jq '" + jq + "' is false for body " + abbreviate(actual.body()));
                }
            } catch (RuntimeException e) {
                diffs.add("jq '" + jq + "' failed: " + e.getMessage());
            }
        }
        if (expected.containsKey("key") && !Objects.equals(String.valueOf(expected.get("key")), actual.key())) {
            diffs.add("key: expected '" + expected.get("key") + "', got '" + actual.key() + "'");
        }
        if (expected.containsKey("method") && !Objects.equals(String.valueOf(expected.get("method")), actual.method())) {
            diffs.add("method: expected '" + expected.get("method") + "', got '" + actual.method() + "'");
        }
        if (expected.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((k, v) -> header(diffs, String.valueOf(k), v, actual));
        }
        if (expected.get("headersAbsent") instanceof List<?> absent) {
            for (Object name : absent) {
                Object got = lookup(actual.exchangeHeaders(), String.valueOf(name));
                if (got != null) {
                    diffs.add("header " + name + ": expected absent, got '" + got + "'");
                }
            }
        }
        return diffs;
    }

    private static void header(List<String> diffs, String name, Object want, Captures.Message actual) {
        Object got = headerValue(actual, name);
        if (got == null) {
            diffs.add("header " + name + ": expected '" + want + "', but it is absent");
        } else if (!Objects.equals(String.valueOf(want), String.valueOf(got))) {
            diffs.add("header " + name + ": expected '" + want + "', got '" + got + "'");
        }
    }

    /** Camel headers are case-insensitive; so is the lookup. */
    static Object headerValue(Captures.Message m, String name) {
        return lookup(m.headers(), name);
    }

    private static Object lookup(Map<String, Object> headers, String name) {
        for (Map.Entry<String, Object> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Every field of {@code want} must be in {@code got} with the same value; arrays compare element by element. */
    static void subset(JsonNode want, JsonNode got, String path, List<String> diffs) {
        if (want.isObject()) {
            if (got == null || !got.isObject()) {
                diffs.add(path + ": expected an object, got " + (got == null ? "nothing" : got));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode g = got.get(f.getKey());
                if (g == null) {
                    diffs.add(path + "." + f.getKey() + ": missing (expected " + f.getValue() + ")");
                } else {
                    subset(f.getValue(), g, path + "." + f.getKey(), diffs);
                }
            }
        } else if (want.isArray()) {
            if (got == null || !got.isArray() || got.size() != want.size()) {
                diffs.add(path + ": expected " + want + ", got " + got);
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                subset(want.get(i), got.get(i), path + "[" + i + "]", diffs);
            }
        } else if (!want.equals(got) && !(want.isNumber() && got.isNumber()
                && want.decimalValue().compareTo(got.decimalValue()) == 0)) {
            diffs.add(path + ": expected " + want + ", got " + got);
        }
    }

    /** Expected and actual text, line by line, marking the lines that differ. */
    static String lineDiff(String want, String got) {
        String[] a = want.split("\n", -1);
        String[] b = got == null ? new String[] { "(null)" } : got.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : null;
            String y = i < b.length ? b[i] : null;
            if (Objects.equals(x, y)) {
                sb.append("      ").append(x).append('\n');
            } else {
                if (x != null) {
                    sb.append("    - ").append(x).append('\n');
                }
                if (y != null) {
                    sb.append("    + ").append(y).append('\n');
                }
            }
        }
        return sb.toString().stripTrailing();
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "(null)";
        }
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
