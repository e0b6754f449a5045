package io.junction.routes;

import java.util.HashMap;
import java.util.Map;

import org.snakeyaml.engine.v2.nodes.Node;

/** Route ids: the declared one, else one made from the file name; unique within the file (across files later). */
final class RouteNaming {
    private final RouteFile rf;
    private final String stem;
    private final int count;
    private final Map<String, String> declared = new HashMap<>();
    private int next;
    private int rests;

    RouteNaming(RouteFile rf, String stem, int count) {
        this.rf = rf;
        this.stem = stem;
        this.count = count;
    }

    /** The id for the next route of the file, or null when it is taken (reported). */
    String claim(Node idNode, Node fallback) {
        next++;
        String id = YamlNodes.text(idNode);
        Node at = idNode != null ? idNode : fallback;
        if (id == null) {
            // A stable id, so that metrics, dead-letter topics and reloads keep naming the same route.
            id = count == 1 ? stem : stem + "-" + next;
            rf.problems.add(Problem.warning(rf.file.name(), YamlNodes.line(at), YamlNodes.column(at),
                    "route has no id; Junction names it '" + id + "'")
                    .withHint("set the route's id so metrics and dead-letter topics keep their name if the file moves"));
        }
        return unique(id, at);
    }

    /** A route made from a rest verb without routeId; named (with a warning) only if it is not inlined. */
    String restRoute(Node item) {
        return unique(stem + "-rest-" + (++rests), item);
    }

    String unique(String id, Node at) {
        String where = rf.file.name() + ":" + YamlNodes.line(at);
        String first = declared.putIfAbsent(id, where);
        if (first != null) {
            rf.problems.add(Problem.error(rf.file.name(), YamlNodes.line(at), YamlNodes.column(at),
                    "duplicate route id '" + id + "': already defined at " + first)
                    .withHint("route ids are unique across all route files"));
            return null;
        }
        rf.idAt.put(id, new int[] { YamlNodes.line(at), YamlNodes.column(at) });
        return id;
    }
}
