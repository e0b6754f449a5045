package io.junction.routes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.ConvertBodyDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.OutputNode;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.reifier.RouteReifier;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * What only building a route tells: Camel builds each route of a valid set, as it will when the gateway starts it,
 * without starting anything (no consumer, no producer, no connection). It then refuses what the file-level checks
 * cannot see (an unknown simple function in a log message, a class a doCatch names, a choice's when without a
 * condition, an enrich with no expression), and the problem names the step's own line, not the route's.
 * Offline only: building creates endpoints and some thread pools, which a running gateway must not keep twice.
 */
public final class RouteBuildCheck {

    /** Camel names the node it failed on: "... at: >>> Log[price ${stock()}] <<< in route: ...". */
    private static final Pattern NODE = Pattern.compile(">>> (.*?) <<<", Pattern.DOTALL);

    private RouteBuildCheck() {
    }

    public static List<Problem> check(CamelContext context, RouteSet set) {
        List<Problem> problems = new ArrayList<>();
        ModelCamelContext model = (ModelCamelContext) context;
        try {
            // The connectors, as the gateway installs them: a kamelet: endpoint finds its template.
            for (RouteSet.KameletUnit k : set.kamelets().values()) {
                model.addRouteTemplateDefinition(k.template());
            }
            model.addRouteConfigurations(set.routeConfigurations());
        } catch (Exception e) {
            return problems; // the set's own checks found nothing, and this is not the place to report more
        }
        for (RouteSet.RouteUnit unit : set.routes().values()) {
            RouteDefinition def = unit.definition();
            if (def == null) {
                continue; // a templatedRoute: built from its template when installed
            }
            try {
                new RouteReifier(context, def).createRoute();
            } catch (RuntimeException | LinkageError e) {
                if (!aboutEndpoints(e)) {
                    problems.add(located(unit, def, e));
                }
            }
        }
        return problems;
    }

    /**
     * Endpoints are checked against the catalog before (EndpointCheck), and offline they lack what the gateway gives
     * them (the Kafka brokers of its configuration, its HTTP server): their failures here say nothing about the file.
     */
    private static boolean aboutEndpoints(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.camel.ResolveEndpointFailedException
                    || t instanceof org.apache.camel.FailedToCreateConsumerException
                    || t instanceof org.apache.camel.FailedToCreateProducerException
                    || t instanceof org.apache.camel.NoSuchEndpointException) {
                return true;
            }
        }
        return false;
    }

    private static Problem located(RouteSet.RouteUnit unit, RouteDefinition def, Throwable e) {
        Matcher node = NODE.matcher(String.valueOf(e.getMessage()));
        OptionalIdentifiedDefinition<?> step = node.find() ? find(def.getOutputs(), node.group(1)) : null;
        if (step != null) {
            step = innermost(step, Problem.rootMessage(e));
        }
        boolean atStep = step != null && step.getLineNumber() > 0;
        int line = atStep ? step.getLineNumber() : unit.line();
        int column = atStep ? 1 : unit.column();
        if (step instanceof ConvertBodyDefinition convert && convert.getType() != null) {
            // Camel says "type must be specified" when the type it was given is a class it cannot load.
            return Problem.error(unit.file().name(), line, column, "convertBodyTo: class " + convert.getType()
                    + " not found: Camel refuses the route when it starts").withHint(AddOnHint.forClass(convert.getType()));
        }
        String why = Problem.rootMessage(e);
        Matcher badEnum = BAD_ENUM.matcher(String.valueOf(why));
        if (badEnum.matches()) {
            Problem p = enumValue(unit, line, badEnum.group(1), badEnum.group(2));
            if (p != null) {
                return p;
            }
        }
        if (why == null || why.isBlank() || "null".equals(why)) {
            why = rootClass(e);
        }
        Problem p = Problem.error(unit.file().name(), line, column, "Camel refuses to build this step when the route"
                + " starts: " + why);
        Matcher function = UNKNOWN_FUNCTION.matcher(why);
        return p.withHint(function.find() ? "simple has no function " + function.group(1) + ": an example that uses"
                + " one registers it from Java code (a SimpleFunction bean), which Junction does not load; compute the"
                + " value with simple's own functions (camel.apache.org, Simple language) or a jq: expression"
                : "fix the step: Camel's page for it (camel.apache.org, Enterprise Integration Patterns) lists what"
                        + " it needs");
    }

    /** Camel's words for a simple function it does not know: "Unknown function: stock() at location 7". */
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("Unknown function: (\\S+)");

    /** Camel's words for an EIP attribute whose value is not one of its enum's constants. */
    private static final Pattern BAD_ENUM = Pattern.compile(
            "Enum class class (\\S+) does not have any constant with value: (.*)");

    /** At the attribute's own line (the first at or after the step's that gives the value), naming the allowed values. */
    private static Problem enumValue(RouteSet.RouteUnit unit, int stepLine, String enumClass, String value) {
        NodeTuple attribute = YamlNodes.compose(unit.file().text(), unit.file().name())
                .map(root -> attribute(root, stepLine, value)).orElse(null);
        if (attribute == null) {
            return null;
        }
        String allowed;
        try {
            allowed = Arrays.stream(Class.forName(enumClass).getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        Node key = attribute.getKeyNode();
        return Problem.error(unit.file().name(), YamlNodes.line(key), YamlNodes.column(key), YamlNodes.text(key)
                + " '" + value + "' is not one of the allowed values (" + allowed + "): Camel refuses the route when it"
                + " starts");
    }

    /** The first key, in file order, at or after the step's line whose scalar value is the refused one. */
    private static NodeTuple attribute(Node node, int fromLine, String value) {
        if (node instanceof SequenceNode seq) {
            for (Node n : seq.getValue()) {
                NodeTuple found = attribute(n, fromLine, value);
                if (found != null) {
                    return found;
                }
            }
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (YamlNodes.line(t.getKeyNode()) >= fromLine && t.getValueNode() instanceof ScalarNode v
                        && value.equals(v.getValue())) {
                    return t;
                }
                NodeTuple found = attribute(t.getValueNode(), fromLine, value);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static OptionalIdentifiedDefinition<?> find(List<? extends OptionalIdentifiedDefinition<?>> steps,
            String label) {
        for (OptionalIdentifiedDefinition<?> p : steps) {
            if (label.equals(p.toString()) || label.equals(p.getLabel())) {
                return p;
            }
            OptionalIdentifiedDefinition<?> inner = find(children(p), label);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    /**
     * The deepest step under {@code step} whose text holds a code-like word of Camel's message ({@code stock()} of
     * "Unknown function: stock()", a class or endpoint name), else {@code step} itself: Camel names the top-level
     * step it was building (a choice, a doTry...), while the failure may be in a step inside it.
     */
    private static OptionalIdentifiedDefinition<?> innermost(OptionalIdentifiedDefinition<?> step, String message) {
        List<String> words = message == null ? List.of() : Arrays.stream(message.split("\\s+"))
                .map(w -> w.replaceAll("^[\"'\\[(]+|[\"',.;\\]]+$", ""))
                .filter(w -> w.length() >= 3 && !w.chars().allMatch(Character::isLetter)).toList();
        return words.isEmpty() ? step : innermost(step, words);
    }

    private static OptionalIdentifiedDefinition<?> innermost(OptionalIdentifiedDefinition<?> step, List<String> words) {
        for (OptionalIdentifiedDefinition<?> child : children(step)) {
            OptionalIdentifiedDefinition<?> inner = innermost(child, words);
            if (inner != child || words.stream().anyMatch(child.toString()::contains)) {
                return inner;
            }
        }
        return step;
    }

    /** A step's children: its outputs, and the branches Camel keeps apart (when, otherwise, onFallback, catch...). */
    private static List<OptionalIdentifiedDefinition<?>> children(OptionalIdentifiedDefinition<?> p) {
        List<OptionalIdentifiedDefinition<?>> children = new ArrayList<>();
        if (p instanceof ChoiceDefinition choice) {
            children.addAll(choice.getWhenClauses()); // a choice's outputs list its branches' steps, flattened
            if (choice.getOtherwise() != null) {
                children.add(choice.getOtherwise());
            }
        } else if (p instanceof OutputNode node) {
            children.addAll(node.getOutputs());
        } else if (p instanceof ProcessorDefinition<?> step) {
            children.addAll(step.getOutputs());
        }
        if (p instanceof CircuitBreakerDefinition breaker && breaker.getOnFallback() != null) {
            children.add(breaker.getOnFallback());
        }
        if (p instanceof TryDefinition doTry) {
            children.addAll(doTry.getCatchClauses());
            if (doTry.getFinallyClause() != null) {
                children.add(doTry.getFinallyClause());
            }
        }
        return children;
    }

    private static String rootClass(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
