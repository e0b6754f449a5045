package io.junction.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ConvertBodyDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.reifier.RouteReifier;

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
        ProcessorDefinition<?> step = node.find() ? find(def.getOutputs(), node.group(1)) : null;
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
        return Problem.error(unit.file().name(), line, column, "Camel refuses to build this step when the route"
                + " starts: " + why).withHint("fix the step: Camel's page for it (camel.apache.org, Enterprise"
                        + " Integration Patterns) lists what it needs");
    }

    /** Camel's words for an EIP attribute whose value is not one of its enum's constants. */
    private static final Pattern BAD_ENUM = Pattern.compile(
            "Enum class class (\\S+) does not have any constant with value: (.*)");

    /** At the attribute's own line (the first after the step's that gives the value), naming the allowed values. */
    private static Problem enumValue(RouteSet.RouteUnit unit, int stepLine, String enumClass, String value) {
        String[] lines = unit.file().text().split("\n", -1);
        Pattern attribute = Pattern.compile("^\\s*-?\\s*([A-Za-z]+):\\s*[\"']?" + Pattern.quote(value) + "[\"']?\\s*$");
        for (int i = Math.max(0, stepLine - 1); i < lines.length; i++) {
            Matcher m = attribute.matcher(lines[i]);
            if (m.matches()) {
                String allowed;
                try {
                    allowed = java.util.Arrays.stream(Class.forName(enumClass).getEnumConstants())
                            .map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
                } catch (ClassNotFoundException | LinkageError e) {
                    return null;
                }
                return Problem.error(unit.file().name(), i + 1, lines[i].indexOf(m.group(1)) + 1, m.group(1) + " '"
                        + value + "' is not one of the allowed values (" + allowed + "): Camel refuses the route when"
                        + " it starts");
            }
        }
        return null;
    }

    private static ProcessorDefinition<?> find(List<ProcessorDefinition<?>> outputs, String label) {
        for (ProcessorDefinition<?> p : outputs) {
            if (label.equals(p.toString()) || label.equals(p.getLabel())) {
                return p;
            }
            ProcessorDefinition<?> inner = find(p.getOutputs(), label);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private static String rootClass(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
