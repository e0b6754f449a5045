package io.junction.reload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.junction.routes.RouteSet;

/** Compares two route sets by fingerprint and says which routes and connectors a reload must touch. */
public final class ReloadPlanner {

    private ReloadPlanner() {
    }

    public static ReloadPlan plan(RouteSet current, RouteSet next) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String id : next.routes().keySet()) {
            if (!current.routes().containsKey(id)) {
                added.add(id);
            } else if (Objects.equals(current.fingerprint(id), next.fingerprint(id))) {
                unchanged.add(id);
            } else {
                changed.add(id);
            }
        }
        for (String id : current.routes().keySet()) {
            if (!next.routes().containsKey(id)) {
                removed.add(id);
            }
        }

        // A connector's template is replaced when its file changed; routes using it are in `changed` already,
        // because their fingerprint covers the connectors they use.
        Set<String> templatesRemoved = new LinkedHashSet<>();
        Set<String> templatesAdded = new LinkedHashSet<>();
        for (var k : current.kamelets().values()) {
            var n = next.kamelets().get(k.name());
            if (n == null || !n.file().sha256().equals(k.file().sha256())) {
                templatesRemoved.add(k.name());
            }
        }
        for (var k : next.kamelets().values()) {
            var c = current.kamelets().get(k.name());
            if (c == null || !c.file().sha256().equals(k.file().sha256())) {
                templatesAdded.add(k.name());
            }
        }
        boolean configurations = !current.sharedHash().equals(next.sharedHash());
        return new ReloadPlan(List.copyOf(added), List.copyOf(changed), List.copyOf(removed),
                List.copyOf(unchanged), templatesRemoved, templatesAdded, configurations);
    }
}
