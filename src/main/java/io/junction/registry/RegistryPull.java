package io.junction.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.routes.Problem;
import io.junction.schemas.Compatibility;
import io.junction.schemas.SchemaStore;

/**
 * Copies subjects from a schema registry into a {@code schemas/} directory: {@code NAME/N.json} (JSON Schema) or
 * {@code NAME/N.avsc} (Avro) for each registry version N, and {@code NAME/subject.yaml} with the subject's mode. A
 * file already there with other content is left alone and reported: the files beside the routes are what the gateway
 * runs, and a pull never changes them behind the author's back.
 */
public final class RegistryPull {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryPull() {
    }

    /**
     * @param subjects subjects to copy; empty for every subject the registry holds
     * @param into     the {@code schemas/} directory to write
     */
    public static RegistryPush.Outcome pull(RegistryClient registry, Collection<String> subjects, Path into) {
        List<String> lines = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> names;
        try {
            names = subjects.isEmpty() ? registry.subjects() : List.copyOf(subjects);
        } catch (IOException e) {
            problems.add(Problem.error(registry.base(), 1, 1, e.getMessage()));
            return new RegistryPush.Outcome(lines, problems);
        }
        for (String name : names) {
            if (!SchemaStore.validName(name)) {
                // A subject name is the registry's text: never let it choose a path outside the directory.
                problems.add(Problem.error(registry.base(), 1, 1, "subject '" + name + "' cannot be kept as a directory"
                        + " (letters, digits, '.', '_' and '-' only, starting with a letter or digit): not pulled"));
                continue;
            }
            Path dir = into.resolve(name);
            Path file = dir;
            try {
                List<Integer> versions = registry.versions(name);
                if (versions.isEmpty()) {
                    problems.add(Problem.error(registry.base(), 1, 1, "the registry has no subject '" + name + "'"));
                    continue;
                }
                Files.createDirectories(dir);
                for (int n : versions) {
                    RegistryClient.Version v = registry.version(name, String.valueOf(n));
                    file = dir.resolve(n + ("AVRO".equals(v.type()) ? ".avsc" : ".json"));
                    String outside = "AVRO".equals(v.type()) ? null : outsideRef(v.schema());
                    if (outside != null) {
                        // What validate and a reload would refuse is not written where they would read it.
                        problems.add(Problem.error(SchemaStore.display(file), 1, 1, "version " + n + " refers outside"
                                + " itself (" + outside + "): a schema must be self-contained; not pulled"));
                        continue;
                    }
                    String text = pretty(v.schema());
                    if (Files.exists(file)) {
                        if (same(Files.readString(file, StandardCharsets.UTF_8), v.schema())) {
                            lines.add(name + "/" + file.getFileName() + ": unchanged");
                        } else {
                            problems.add(Problem.error(SchemaStore.display(file), 1, 1, "differs from version " + n
                                    + " in the registry: left as it is (move it away to take the registry's)"));
                        }
                        continue;
                    }
                    Files.writeString(file, text, StandardCharsets.UTF_8);
                    lines.add(name + "/" + file.getFileName() + ": written (registry version " + n + ", id " + v.id()
                            + ")");
                }
                file = dir.resolve(SchemaStore.SUBJECT_FILE);
                Optional<Compatibility> mode = registry.compatibility(name);
                if (!Files.exists(file) && mode.isPresent()) {
                    Files.writeString(file, "# pulled from " + registry.base() + "\ncompatibility: " + mode.get() + "\n",
                            StandardCharsets.UTF_8);
                    lines.add(name + "/" + SchemaStore.SUBJECT_FILE + ": written (" + mode.get() + ")");
                }
            } catch (IOException | RuntimeException e) {
                problems.add(Problem.error(SchemaStore.display(file), 1, 1, "not pulled from " + registry.base() + ": "
                        + (e instanceof IOException ? e.getMessage() : Problem.rootMessage(e))));
            }
        }
        return new RegistryPush.Outcome(lines, problems);
    }

    private static String outsideRef(String schema) {
        try {
            return SchemaStore.outsideRef(JSON.readTree(schema));
        } catch (IOException e) {
            return null; // not JSON: written as it is, and validate says what it is
        }
    }

    private static String pretty(String schema) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(schema)) + "\n";
        } catch (IOException e) {
            return schema; // a registry may hold a schema text that is not JSON (Protobuf): kept as it is
        }
    }

    private static boolean same(String a, String b) {
        try {
            JsonNode x = JSON.readTree(a);
            JsonNode y = JSON.readTree(b);
            return x.equals(y);
        } catch (IOException e) {
            return a.strip().equals(b.strip());
        }
    }
}
