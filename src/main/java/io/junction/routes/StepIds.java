package io.junction.routes;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.model.ProcessorDefinition;

/**
 * The ids written on steps are unique across every route file, as Camel requires of all its routes. Camel checks
 * this only among the routes it starts together, so a reload of one file could add a step id that a running route
 * already has, and the gateway would then refuse at its next start what it accepted live. Checked here on the
 * whole set, it is refused the same way by {@code junction validate}, a reload and a start, at both steps' lines.
 */
final class StepIds {

    private record Seen(String route, String where) {
    }

    private StepIds() {
    }

    static void check(Collection<RouteSet.RouteUnit> routes, List<Problem> problems) {
        Map<String, Seen> seen = new HashMap<>();
        for (RouteSet.RouteUnit unit : routes) {
            if (unit.definition() != null) {
                // the route's own id counts: Camel gathers it with its steps
                seen.putIfAbsent(unit.id(), new Seen(unit.id(), unit.file().name() + ":" + unit.line()));
            }
        }
        for (RouteSet.RouteUnit unit : routes) {
            if (unit.definition() != null) {
                walk(unit, unit.definition().getOutputs(), seen, problems);
            }
        }
    }

    private static void walk(RouteSet.RouteUnit unit, List<ProcessorDefinition<?>> steps, Map<String, Seen> seen,
            List<Problem> problems) {
        for (ProcessorDefinition<?> step : steps) {
            if (step.isAbstract()) {
                continue; // onException and friends: Camel leaves them out of the check too
            }
            if (step.hasCustomIdAssigned() && !step.getId().startsWith("{{")) {
                int line = step.getLineNumber() > 0 ? step.getLineNumber() : unit.line();
                Seen first = seen.putIfAbsent(step.getId(),
                        new Seen(unit.id(), unit.file().name() + ":" + line));
                if (first != null) {
                    problems.add(Problem.error(unit.file().name(), line, 1, "duplicate step id '" + step.getId()
                            + "' in route " + unit.id() + ": already used at " + first.where() + " (route "
                            + first.route() + ")").withHint("step ids are unique across all route files, as Camel"
                                    + " requires: rename one, or remove it and let Camel number the step"));
                }
            }
            if (step.getOutputs() != null) {
                walk(unit, step.getOutputs(), seen, problems);
            }
        }
    }
}
