package io.junction.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * direct: and seda: endpoints join routes inside the gateway. Sending to one that no route consumes fails every
 * event at run time (an error); consuming one that no route sends to leaves a route nobody can reach (a warning).
 * Checked over the whole set, so a pair split across two files is fine. An endpoint is named as Camel builds it
 * ({@link EndpointCheck#uriOf}), so {@code direct:hello} and Kaoto's {@code uri: direct} + {@code name: hello} are one,
 * with placeholders resolved. pollEnrich consumes and enrich sends; a templatedRoute consumes what its template's
 * from names with the route's parameters. A target only known per event (toD or enrich with ${...}, a recipient
 * list, a routing slip, a dynamic router) may reach any route whose name it could make: those get no warning.
 */
final class InternalEndpointCheck {

    private record Use(SourceFile file, Node node) {
    }

    private static final Set<String> PRODUCERS = Set.of("to", "toD", "wireTap", "wire-tap",
            "compensation", "completion", "enrich");
    private static final Set<String> CONSUMERS = Set.of("from", "pollEnrich");
    /** EIPs naming their endpoint by an expression (constant: or simple:), not a uri. */
    private static final Set<String> BY_EXPRESSION = Set.of("enrich", "pollEnrich");
    /** EIPs whose targets are computed per event from an expression. */
    private static final Set<String> ANY_TARGET = Set.of("recipientList", "routingSlip", "dynamicRouter");

    private final EndpointCheck endpoints;
    private final Map<String, Use> consumed = new LinkedHashMap<>();
    private final Map<String, Use> produced = new LinkedHashMap<>();
    /** What route templates' steps send to: a template may never be used, so only the "never reached" check counts it. */
    private final Set<String> templatesProduce = new java.util.HashSet<>();
    /** What per-event targets may start with ("direct:" for toD direct:${...}; "" when anything). */
    private final Set<String> dynamicTargets = new java.util.HashSet<>();
    private final Set<String> dynamicSources = new java.util.HashSet<>();

    InternalEndpointCheck(EndpointCheck endpoints) {
        this.endpoints = endpoints;
    }

    void scan(SourceFile file, Node node) {
        scan(file, node, false);
    }

    /**
     * A route template's steps: what they send to reaches a route (it is not "never reached"), what they poll is
     * consumed; its from is counted per templatedRoute ({@link #templated}).
     */
    void scanTemplate(SourceFile file, Node template) {
        scan(file, template, true);
    }

    private void scan(SourceFile file, Node node, boolean template) {
        if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> scan(file, n, template));
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = YamlNodes.text(t.getKeyNode());
                Node v = t.getValueNode();
                boolean consumer = CONSUMERS.contains(key) && !(template && "from".equals(key));
                boolean producer = PRODUCERS.contains(key);
                if (ANY_TARGET.contains(key)) {
                    dynamicTargets.add("");
                } else if (consumer || producer) {
                    boolean byExpression = BY_EXPRESSION.contains(key);
                    Node uriNode = byExpression ? expression(v) : v instanceof ScalarNode ? v : YamlNodes.get(v, "uri");
                    String uri = endpoints.resolvedOrNull(byExpression ? YamlNodes.text(uriNode) : endpoints.uriOf(v));
                    String name = internalName(uri);
                    if (name != null && template && producer) {
                        templatesProduce.add(name);
                    } else if (name != null) {
                        (consumer ? consumed : produced).putIfAbsent(name, new Use(file, uriNode));
                    } else if (uri == null ? byExpression : uri.contains("${")) {
                        String prefix = uri == null ? "" : uri.substring(0, uri.indexOf("${"));
                        (consumer ? dynamicSources : dynamicTargets).add(prefix);
                    }
                }
                scan(file, v, template);
            }
        }
    }

    /** A templatedRoute's consumer: its template's from, with the route's parameters (or their defaults). */
    void templated(SourceFile file, Node templatedRoute, String templateFrom, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        if (YamlNodes.get(templatedRoute, "parameters") instanceof SequenceNode params) {
            for (Node p : params.getValue()) {
                String name = YamlNodes.text(YamlNodes.get(p, "name"));
                String value = YamlNodes.text(YamlNodes.get(p, "value"));
                if (name != null && value != null) {
                    values.put(name, value);
                }
            }
        }
        String uri = templateFrom;
        for (var e : values.entrySet()) {
            uri = uri.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        String name = internalName(endpoints.resolvedOrNull(uri));
        if (name != null) {
            consumed.putIfAbsent(name, new Use(file, templatedRoute));
        } else if (uri.contains("{{") || uri.contains("${")) {
            dynamicSources.add("");
        }
    }

    /** The node of enrich's or pollEnrich's expression text (a uri as the older form). */
    private static Node expression(Node v) {
        if (v instanceof ScalarNode) {
            return v;
        }
        for (String language : List.of("constant", "simple", "expression")) {
            Node e = YamlNodes.get(v, language);
            if (e instanceof ScalarNode) {
                return e;
            }
            if (e instanceof MappingNode inner) {
                Node nested = YamlNodes.get(inner, "expression");
                return nested != null ? nested : expression(inner);
            }
        }
        return YamlNodes.get(v, "uri");
    }

    /** Adds another file's uses after this one's (the first use of a name is the one reported). */
    void addAll(InternalEndpointCheck other) {
        other.consumed.forEach(consumed::putIfAbsent);
        other.produced.forEach(produced::putIfAbsent);
        templatesProduce.addAll(other.templatesProduce);
        dynamicTargets.addAll(other.dynamicTargets);
        dynamicSources.addAll(other.dynamicSources);
    }

    List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        produced.forEach((name, use) -> {
            if (!consumed.containsKey(name) && dynamicSources.stream().noneMatch(name::startsWith)) {
                out.add(Problem.error(use.file().name(), YamlNodes.line(use.node()), YamlNodes.column(use.node()),
                        "no route consumes from " + name + ": every event sent there would fail")
                        .withHint("add a route with from: " + name + ", or fix the name"));
            }
        });
        consumed.forEach((name, use) -> {
            if (!produced.containsKey(name) && !templatesProduce.contains(name)
                    && dynamicTargets.stream().noneMatch(name::startsWith)) {
                out.add(Problem.warning(use.file().name(), YamlNodes.line(use.node()), YamlNodes.column(use.node()),
                        "no route sends to " + name + ": this route is never reached"));
            }
        });
        return out;
    }

    /** direct:x and seda:x as a canonical name, or null for other endpoints and dynamic URIs. */
    static String internalName(String uri) {
        if (uri == null || uri.contains("${") || uri.contains("{{")) {
            return null;
        }
        for (String scheme : new String[] { "direct:", "seda:" }) {
            if (uri.startsWith(scheme)) {
                String rest = uri.substring(scheme.length()).replaceFirst("^//", "");
                int q = rest.indexOf('?');
                return scheme + (q < 0 ? rest : rest.substring(0, q));
            }
        }
        return null;
    }
}
