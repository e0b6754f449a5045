package io.junction.reload;

import java.util.List;
import java.util.Set;

/**
 * What a reload does to go from the running set to a new one. Routes in {@link #unchanged()} are not touched at
 * all; {@link #changed()} routes are drained, removed and added again from their new definition.
 */
public record ReloadPlan(List<String> added, List<String> changed, List<String> removed, List<String> unchanged,
        Set<String> templatesRemoved, Set<String> templatesAdded, boolean configurationsChanged) {

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty() && templatesRemoved.isEmpty()
                && templatesAdded.isEmpty() && !configurationsChanged;
    }

    /** Routes to stop and remove before anything is added. */
    public List<String> toStop() {
        return concat(removed, changed);
    }

    /** Routes to add from the new set. */
    public List<String> toStart() {
        return concat(changed, added);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
