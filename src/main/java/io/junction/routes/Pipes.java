package io.junction.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Rewrites a Camel K {@code Pipe} (or the older {@code KameletBinding}) as the equivalent plain route file, the way
 * Camel's YAML loader reads it: the source becomes {@code from}, each step a {@code kamelet} or {@code to}, the sink
 * the last {@code to}, and {@code spec.errorHandler} the route's error handler. Camel deprecates Pipe loading from
 * 4.23 (CAMEL-24807); this is the way out.
 */
public final class Pipes {

    private Pipes() {
    }

    /** The route file text for a Pipe or KameletBinding document; throws IllegalArgumentException with why not. */
    @SuppressWarnings("unchecked")
    public static String toRouteFile(String pipeYaml) {
        Object loaded = new Load(LoadSettings.builder().build()).loadFromString(pipeYaml);
        if (!(loaded instanceof Map<?, ?> doc) || !("Pipe".equals(doc.get("kind"))
                || "KameletBinding".equals(doc.get("kind")))) {
            throw new IllegalArgumentException("not a Pipe or KameletBinding (kind: Pipe, apiVersion camel.apache.org/v1)");
        }
        Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        if (spec == null || !(spec.get("source") instanceof Map) || !(spec.get("sink") instanceof Map)) {
            throw new IllegalArgumentException("a Pipe needs spec.source and spec.sink");
        }
        Map<String, Object> route = new LinkedHashMap<>();
        if (metadata != null && metadata.get("name") != null) {
            route.put("id", String.valueOf(metadata.get("name")));
        }
        if (spec.get("errorHandler") instanceof Map<?, ?> eh && !eh.isEmpty()) {
            route.put("errorHandler", errorHandler((Map<String, Object>) eh));
        }
        Map<String, Object> from = endpoint((Map<String, Object>) spec.get("source"), "uri");
        List<Object> steps = new ArrayList<>();
        for (Object s : (List<Object>) spec.getOrDefault("steps", List.of())) {
            Map<String, Object> step = (Map<String, Object>) s;
            String kamelet = kameletName(step);
            if (kamelet != null) {
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("name", kamelet);
                putProperties(step, k);
                steps.add(Map.of("kamelet", k));
            } else {
                steps.add(Map.of("to", endpoint(step, "uri")));
            }
        }
        steps.add(Map.of("to", endpoint((Map<String, Object>) spec.get("sink"), "uri")));
        from.put("steps", steps);
        route.put("from", from);
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                .setIndicatorIndent(2).setIndentWithIndicator(true).build();
        String name = metadata == null ? "" : " " + metadata.get("name");
        // The dumper indents the top-level list too; Camel's examples start it at column 0.
        String yaml = new Dump(settings).dumpToString(List.of(Map.of("route", route))).replaceAll("(?m)^  ", "");
        return "# Written by 'junction migrate' from the " + doc.get("kind") + name + ".\n" + yaml;
    }

    /** A source, step or sink: {@code ref: {kind: Kamelet, name}} or {@code uri}, with {@code properties}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> endpoint(Map<String, Object> part, String uriKey) {
        Map<String, Object> e = new LinkedHashMap<>();
        String kamelet = kameletName(part);
        if (kamelet != null) {
            e.put(uriKey, "kamelet:" + kamelet);
        } else if (part.get("uri") != null) {
            e.put(uriKey, String.valueOf(part.get("uri")));
        } else {
            Object ref = part.get("ref");
            throw new IllegalArgumentException("a ref of kind '" + (ref instanceof Map<?, ?> r ? r.get("kind") : ref)
                    + "' needs Camel K's operator (Strimzi topics, Knative) and has no plain-route equivalent");
        }
        putProperties(part, e);
        return e;
    }

    @SuppressWarnings("unchecked")
    private static void putProperties(Map<String, Object> part, Map<String, Object> into) {
        if (part.get("properties") instanceof Map<?, ?> props && !props.isEmpty()) {
            Map<String, Object> params = new LinkedHashMap<>();
            ((Map<String, Object>) props).forEach((k, v) -> params.put(k, String.valueOf(v)));
            into.put("parameters", params);
        }
    }

    @SuppressWarnings("unchecked")
    private static String kameletName(Map<String, Object> part) {
        if (part.get("ref") instanceof Map<?, ?> ref && "Kamelet".equals(ref.get("kind")) && ref.get("name") != null) {
            return String.valueOf(ref.get("name"));
        }
        return null;
    }

    /** Camel's Pipe loader: sink is a dead-letter channel, log the default error handler, none no error handler. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorHandler(Map<String, Object> eh) {
        Map.Entry<String, Object> kind = eh.entrySet().iterator().next();
        Map<String, Object> body = kind.getValue() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        switch (kind.getKey()) {
            case "sink" -> {
                Map<String, Object> endpoint = (Map<String, Object>) body.get("endpoint");
                if (endpoint == null) {
                    throw new IllegalArgumentException("errorHandler sink needs an endpoint");
                }
                Map<String, Object> e = endpoint(endpoint, "deadLetterUri");
                Map<String, Object> dlc = new LinkedHashMap<>();
                String uri = String.valueOf(e.get("deadLetterUri"));
                if (e.get("parameters") instanceof Map<?, ?> p && !p.isEmpty()) {
                    StringBuilder q = new StringBuilder();
                    p.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(v));
                    uri += q;
                }
                dlc.put("deadLetterUri", uri);
                redelivery(body, dlc);
                out.put("deadLetterChannel", dlc);
            }
            case "log" -> {
                Map<String, Object> def = new LinkedHashMap<>();
                redelivery(body, def);
                out.put("defaultErrorHandler", def);
            }
            case "none" -> out.put("noErrorHandler", new LinkedHashMap<>());
            default -> throw new IllegalArgumentException("unknown Pipe errorHandler '" + kind.getKey()
                    + "': Camel knows sink, log and none");
        }
        return out;
    }

    private static void redelivery(Map<String, Object> body, Map<String, Object> into) {
        if (body.get("parameters") instanceof Map<?, ?> p && !p.isEmpty()) {
            Map<String, Object> policy = new LinkedHashMap<>();
            p.forEach((k, v) -> policy.put(String.valueOf(k), String.valueOf(v)));
            into.put("redeliveryPolicy", policy);
        }
    }
}
