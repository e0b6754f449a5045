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
 * ({@link EndpointCheck#uriOf}), so {@code direct:hello} and Kaoto's {@code uri: direct} + {@code name: hello} are one.
 */
final class InternalEndpointCheck {

    private record Use(SourceFile file, Node node) {
    }

    private static final Set<String> PRODUCERS = Set.of("to", "wireTap", "wire-tap",
            "compensation", "completion");

    private final EndpointCheck endpoints;
    private final Map<String, Use> consumed = new LinkedHashMap<>();
    private final Map<String, Use> produced = new LinkedHashMap<>();

    InternalEndpointCheck(EndpointCheck endpoints) {
        this.endpoints = endpoints;
    }

    void scan(SourceFile file, Node node) {
        if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> scan(file, n));
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = YamlNodes.text(t.getKeyNode());
                Node v = t.getValueNode();
                boolean consumer = "from".equals(key);
                boolean producer = PRODUCERS.contains(key);
                String name = consumer || producer ? internalName(endpoints.uriOf(v)) : null;
                if (name != null) {
                    Node uriNode = v instanceof ScalarNode ? v : YamlNodes.get(v, "uri");
                    (consumer ? consumed : produced).putIfAbsent(name, new Use(file, uriNode));
                }
                scan(file, v);
            }
        }
    }

    /** Adds another file's uses after this one's (the first use of a name is the one reported). */
    void addAll(InternalEndpointCheck other) {
        other.consumed.forEach(consumed::putIfAbsent);
        other.produced.forEach(produced::putIfAbsent);
    }

    List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        produced.forEach((name, use) -> {
            if (!consumed.containsKey(name)) {
                out.add(Problem.error(use.file().name(), YamlNodes.line(use.node()), YamlNodes.column(use.node()),
                        "no route consumes from " + name + ": every event sent there would fail")
                        .withHint("add a route with from: " + name + ", or fix the name"));
            }
        });
        consumed.forEach((name, use) -> {
            if (!produced.containsKey(name)) {
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
