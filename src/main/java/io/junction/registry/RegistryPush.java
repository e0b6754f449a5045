package io.junction.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.junction.routes.Problem;
import io.junction.schemas.Compatibility;
import io.junction.schemas.SchemaStore;

/**
 * Registers the subjects kept beside the routes in a schema registry: each subject's compatibility mode first, then
 * its versions oldest first, so the registry holds the same history and judges each version as {@code junction
 * validate} did. A version the registry already holds is left as it is; one it refuses stops that subject, with the
 * registry's reason on the file.
 */
public final class RegistryPush {

    /** What was done (a line per subject and version) and what failed (file:line problems). */
    public record Outcome(List<String> lines, List<Problem> problems) {
    }

    private RegistryPush() {
    }

    /**
     * @param only subjects to push; empty for all
     */
    public static Outcome push(SchemaStore store, RegistryClient registry, Collection<String> only) {
        List<String> lines = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, SchemaStore.Subject> subjects = store.subjects();
        for (String name : only) {
            if (!subjects.containsKey(name)) {
                problems.add(Problem.error("schemas", 1, 1, "no subject '" + name + "' beside the routes (subjects here: "
                        + String.join(", ", subjects.keySet()) + ")"));
            }
        }
        for (SchemaStore.Subject subject : subjects.values()) {
            if (!only.isEmpty() && !only.contains(subject.name())) {
                continue;
            }
            push(subject, registry, lines, problems);
        }
        return new Outcome(lines, problems);
    }

    private static void push(SchemaStore.Subject subject, RegistryClient registry, List<String> lines,
            List<Problem> problems) {
        String name = subject.name();
        Path current = subject.dir().resolve(SchemaStore.SUBJECT_FILE);
        try {
            Compatibility mode = SchemaStore.mode(subject);
            Optional<Compatibility> theirs = registry.compatibility(name);
            if (theirs.isEmpty() || theirs.get() != mode) {
                registry.compatibility(name, mode);
                lines.add(name + ": compatibility set to " + mode);
            } else {
                lines.add(name + ": compatibility " + mode);
            }
            for (Map.Entry<Integer, Path> v : subject.versions().entrySet()) {
                current = v.getValue();
                String text = Files.readString(current, StandardCharsets.UTF_8);
                Optional<RegistryClient.Version> held = registry.lookup(name, subject.type(), text);
                if (held.isPresent()) {
                    lines.add(name + "/" + current.getFileName() + ": already registered as version "
                            + held.get().version() + " (id " + held.get().id() + ")");
                    continue;
                }
                int id = registry.register(name, subject.type(), text);
                RegistryClient.Version now = registry.lookup(name, subject.type(), text)
                        .orElseThrow(() -> new IOException("the registry answered id " + id
                                + " but does not find the schema under " + name));
                lines.add(name + "/" + current.getFileName() + ": registered as version " + now.version() + " (id "
                        + id + ")");
            }
        } catch (IOException | RuntimeException e) {
            problems.add(Problem.error(SchemaStore.display(current), 1, 1, "not registered in " + registry.base() + ": "
                    + (e instanceof IOException ? e.getMessage() : Problem.rootMessage(e)) + (current.toString().endsWith(SchemaStore.SUBJECT_FILE) ? ""
                            : "; the versions after it were not sent")));
        }
    }
}
