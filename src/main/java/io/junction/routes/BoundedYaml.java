package io.junction.routes;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.ComposerException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The one way Junction reads YAML it did not write (route, connector and route-test files): SnakeYAML Engine, as
 * Camel's YAML DSL uses it, with a bound on nesting. The engine's composer and everything that walks its nodes
 * (Camel's deserializers included) recurse once per level, and the engine has no depth limit of its own: a file of
 * 20,000 nested {@code [} overflowed the reload thread's stack. The bound is checked on the parser's event stream,
 * which is iterative, before anything recursive sees the text. So are the entries of one mapping or list: Camel
 * binds a bean's properties one by one in time that grows with the square of their number (a 1 MB file of one flat
 * mapping held {@code validate} for minutes).
 */
public final class BoundedYaml {

    /** Far above any route (a choice inside a split inside a route is about 12 levels), far below a stack's reach. */
    public static final int MAX_DEPTH = 100;
    /** What aliases may add to a document: far more than sharing a few parameter blocks needs. */
    public static final long MAX_ALIASED_NODES = 10_000;
    /** Entries of one mapping or list: a file of ten thousand routes is still a file of routes. */
    public static final int MAX_ENTRIES = 10_000;

    private BoundedYaml() {
    }

    /** One document as nodes with line marks; empty input gives an empty Optional. Errors throw with a mark. */
    public static Optional<Node> compose(String text, String label) {
        LoadSettings settings = settings(label);
        checkDepth(text, settings);
        return new Compose(settings).composeString(text);
    }

    /** One document as plain maps, lists and scalars (route-test files, connector listings). */
    public static Object load(String text, String label) {
        LoadSettings settings = settings(label);
        checkDepth(text, settings);
        return new Load(settings).loadFromString(text);
    }

    private static LoadSettings settings(String label) {
        return LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(false).build();
    }

    private static void checkDepth(String text, LoadSettings settings) {
        int depth = 0;
        Mark outermost = null;
        // Nodes as written, and as the aliases expand them: every walk over the nodes (Camel's, ours) follows an
        // alias into its anchor, so 20 levels of doubling aliases in 7 KB cost what a million nodes cost.
        long written = 0;
        long expanded = 0;
        Map<String, Long> anchored = new HashMap<>();
        Deque<Open> open = new ArrayDeque<>();
        for (Event e : new Parse(settings).parseString(text)) {
            if (!open.isEmpty() && isNode(e) && ++open.peek().children > (open.peek().mapping ? 2 : 1) * MAX_ENTRIES) {
                Open full = open.peek();
                throw new ComposerException("while reading the " + (full.mapping ? "mapping" : "list"),
                        Optional.ofNullable(full.start), "more than " + MAX_ENTRIES + " entries in one "
                                + (full.mapping ? "mapping" : "list") + "; no route needs that many: keep data in a"
                                + " file or a resource the route reads, or split it", e.getStartMark());
            }
            switch (e.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (depth == 0) {
                        outermost = e.getStartMark().orElse(null);
                    }
                    if (++depth > MAX_DEPTH) {
                        throw new ComposerException("while reading the document", Optional.ofNullable(outermost),
                                "nested deeper than " + MAX_DEPTH + " levels; no route needs that many: split the"
                                        + " steps into routes joined by direct: endpoints", e.getStartMark());
                    }
                    open.push(new Open(((NodeEvent) e).getAnchor().map(Anchor::getValue).orElse(null), expanded,
                            e.getEventId() == Event.ID.MappingStart, e.getStartMark().orElse(null)));
                    written++;
                    expanded++;
                }
                case MappingEnd, SequenceEnd -> {
                    depth--;
                    Open node = open.pop();
                    if (node.anchor != null) {
                        anchored.put(node.anchor, expanded - node.expandedAtStart);
                    }
                }
                case Scalar -> {
                    ((NodeEvent) e).getAnchor().ifPresent(a -> anchored.put(a.getValue(), 1L));
                    written++;
                    expanded++;
                }
                case Alias -> {
                    expanded += anchored.getOrDefault(((AliasEvent) e).getAlias().getValue(), 1L);
                    if (expanded - written > MAX_ALIASED_NODES) {
                        throw new ComposerException("while reading the document", Optional.ofNullable(outermost),
                                "aliases (*name) repeat more than " + MAX_ALIASED_NODES + " nodes; write the"
                                        + " shared part once, or less often", e.getStartMark());
                    }
                }
                default -> {
                }
            }
        }
    }

    private static boolean isNode(Event e) {
        return switch (e.getEventId()) {
            case MappingStart, SequenceStart, Scalar, Alias -> true;
            default -> false;
        };
    }

    /** A mapping or list being read: its anchor, what had expanded before it, and its children so far. */
    private static final class Open {
        final String anchor;
        final long expandedAtStart;
        final boolean mapping;
        final Mark start;
        int children;

        Open(String anchor, long expandedAtStart, boolean mapping, Mark start) {
            this.anchor = anchor;
            this.expandedAtStart = expandedAtStart;
            this.mapping = mapping;
            this.start = start;
        }
    }
}
