package io.junction.ui;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.util.URISupport;

/**
 * What each route reads from and writes to, named so that two routes touching the same topic, queue, address or
 * direct endpoint get the same name: the dashboard links them through it (a route writing {@code kafka:orders} feeds
 * the route reading {@code kafka:orders}). Connector parameters are read the way the connectors use them.
 */
public final class Topology {

    /** One route: where its events come from, and every place it sends them. */
    public record Node(String route, String from, List<String> to) {
    }

    private Topology() {
    }

    public static Node of(String routeId, RouteDefinition def) {
        Map<String, Object> params = def.getTemplateParameters() == null ? Map.of() : def.getTemplateParameters();
        String from = def.getInput() == null ? null : resource(withParameters(def.getInput().getEndpointUri(), params));
        Set<String> to = new LinkedHashSet<>();
        for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(def.getOutputs(),
                SendDefinition.class)) {
            to.add(resource(withParameters(send.getEndpointUri(), params)));
        }
        for (ToDynamicDefinition send : ProcessorDefinitionHelper.filterTypeInOutputs(def.getOutputs(),
                ToDynamicDefinition.class)) {
            to.add(resource(withParameters(send.getUri(), params)));
        }
        to.remove(null);
        return new Node(routeId, from, new ArrayList<>(to));
    }

    /**
     * A URI with the parameters of the connectors expanded into its route filled in ({@code kafka:{{...topic}}}
     * becomes {@code kafka:orders}); other placeholders stay.
     */
    static String withParameters(String uri, Map<String, Object> params) {
        if (uri == null || params.isEmpty() || !uri.contains("{{")) {
            return uri;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\\{\\??([^}:]+)(?::[^}]*)?}}").matcher(uri);
        return m.replaceAll(r -> java.util.regex.Matcher.quoteReplacement(params.containsKey(r.group(1))
                ? String.valueOf(params.get(r.group(1))) : r.group()));
    }

    /** The shared name of what an endpoint URI points at, e.g. {@code kafka:orders}, {@code amqp:queue:out}. */
    static String resource(String uri) {
        if (uri == null || uri.isBlank()) {
            return null;
        }
        int q = uri.indexOf('?');
        String base = q < 0 ? uri : uri.substring(0, q);
        Map<String, Object> params;
        try {
            params = q < 0 ? Map.of() : URISupport.parseQuery(uri.substring(q + 1));
        } catch (Exception e) {
            params = Map.of();
        }
        int colon = base.indexOf(':');
        String scheme = colon < 0 ? base : base.substring(0, colon);
        String path = colon < 0 ? "" : base.substring(colon + 1).replaceFirst("^//", "");
        if (scheme.equals("kamelet")) {
            String kamelet = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
            return switch (kamelet) {
                case "kafka-source", "kafka-batch-source", "kafka-sink" -> "kafka:" + params.get("topic");
                case "amqp-source", "amqp-sink" -> "amqp:" + params.getOrDefault("destinationType", "queue") + ":"
                        + params.get("destination");
                case "rabbitmq-sink" -> "rabbitmq:exchange:" + params.get("exchange");
                case "rabbitmq-source" -> "rabbitmq:queue:" + params.get("queue");
                case "mqtt-source", "mqtt-sink" -> "mqtt:" + params.get("topic");
                case "webhook-source" -> "webhook:" + params.get("path");
                case "http-sink" -> "http:" + params.get("url");
                case "file-source", "file-sink" -> "file:" + params.get("directory");
                case "source", "sink" -> null;
                default -> "kamelet:" + kamelet;
            };
        }
        if (scheme.equals("junction-kafka")) {
            return "kafka:" + path; // kafka-source, expanded into its route
        }
        if (scheme.equals("junction-webhook")) {
            return "webhook:" + (path.startsWith("/") ? path : "/" + path); // webhook-source, expanded into its route
        }
        if (scheme.equals("amqp") || scheme.equals("jms")) {
            // A bare name is a queue to both components.
            return "amqp:" + (path.startsWith("queue:") || path.startsWith("topic:") ? path : "queue:" + path);
        }
        return scheme + ":" + path;
    }
}
