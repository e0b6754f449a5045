package io.junction.routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Small helpers over SnakeYAML Engine nodes (the parser Camel's YAML DSL uses), which keep line and column marks.
 */
final class YamlNodes {

    private YamlNodes() {
    }

    /** Parses one YAML document; empty input gives an empty Optional. Syntax errors throw with a mark. */
    static Optional<Node> compose(String text, String label) {
        return BoundedYaml.compose(text, label);
    }

    /** Keys given twice in one mapping: YAML forbids it and Camel would silently keep one of them. */
    static void duplicateKeys(Node node, java.util.function.BiConsumer<Node, Node> report) {
        if (node instanceof MappingNode m) {
            java.util.Map<String, Node> seen = new java.util.HashMap<>();
            for (NodeTuple t : m.getValue()) {
                String k = text(t.getKeyNode());
                if (k != null) {
                    Node first = seen.putIfAbsent(k, t.getKeyNode());
                    if (first != null) {
                        report.accept(first, t.getKeyNode());
                    }
                }
                duplicateKeys(t.getValueNode(), report);
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> duplicateKeys(n, report));
        }
    }

    static Node get(Node node, String key) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    static String text(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    /** The single key of a DSL item such as {@code - route: ...}, or null when the item is not shaped that way. */
    static NodeTuple singleEntry(Node item) {
        if (item instanceof MappingNode m && m.getValue().size() == 1) {
            return m.getValue().get(0);
        }
        return null;
    }

    static int line(Node node) {
        return node == null ? 1 : node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    static int column(Node node) {
        return node == null ? 1 : node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    }

    static int line(Mark mark) {
        return mark.getLine() + 1;
    }

    static int column(Mark mark) {
        return mark.getColumn() + 1;
    }

    /**
     * A hash of what a node says, independent of where it sits in the file: moving a route down by ten lines or
     * re-indenting it does not change it, editing any value does.
     */
    static String hash(Node node) {
        StringBuilder sb = new StringBuilder();
        canonical(node, sb);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void canonical(Node node, StringBuilder sb) {
        if (node instanceof ScalarNode s) {
            sb.append("s").append(s.getValue().length()).append(':').append(s.getValue());
        } else if (node instanceof SequenceNode seq) {
            sb.append('[');
            for (Node n : seq.getValue()) {
                canonical(n, sb);
                sb.append(',');
            }
            sb.append(']');
        } else if (node instanceof MappingNode m) {
            sb.append('{');
            for (NodeTuple t : m.getValue()) {
                canonical(t.getKeyNode(), sb);
                sb.append('=');
                canonical(t.getValueNode(), sb);
                sb.append(',');
            }
            sb.append('}');
        } else if (node == null) {
            sb.append('~');
        }
    }
}
