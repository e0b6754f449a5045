package io.junction.schemas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.routes.Problem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The schemas kept beside the routes: {@code schemas/NAME/VERSION.json} (VERSION 1, 2, 3...; JSON Schema) or
 * {@code schemas/NAME/VERSION.avsc} (Avro) anywhere under a route directory, and {@code schemas/NAME/subject.yaml}
 * declaring the subject's {@code compatibility} (BACKWARD when absent, as Confluent's registry defaults). Routes name
 * them with the {@code {{schema:NAME}}} placeholder (the newest version) or {@code {{schema:NAME/VERSION}}}
 * ({@link SchemaFunction}), and {@link #check()} holds every version to the subject's compatibility mode against the
 * versions before it.
 */
public final class SchemaStore {

    public static final String DIRECTORY = "schemas";
    public static final String SUBJECT_FILE = "subject.yaml";
    private static final Pattern VERSION = Pattern.compile("([1-9][0-9]{0,8})\\.(json|avsc)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One subject: its directory and its version files by number. */
    public record Subject(String name, Path dir, NavigableMap<Integer, Path> versions) {

        /** Avro when its versions are .avsc files, else JSON Schema (the registries' schemaType). */
        public String type() {
            return !versions.isEmpty() && versions.firstEntry().getValue().toString().endsWith(".avsc") ? "AVRO"
                    : "JSON";
        }
    }

    private final List<Path> roots;

    /** @param roots route directories or files; each directory's {@code schemas/} is searched */
    public SchemaStore(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * Every subject in the {@code schemas/} directories at or below the roots (dot-directories skipped, as the
     * route scan does), by name; where two directories hold the same name, the first found wins.
     */
    public Map<String, Subject> subjects() {
        Map<String, Subject> out = new TreeMap<>();
        for (Path root : roots) {
            for (Path dir : schemaDirectories(root)) {
                try (Stream<Path> names = Files.list(dir)) {
                    for (Path subject : names.filter(Files::isDirectory).sorted().toList()) {
                        String name = subject.getFileName().toString();
                        if (!NAME.matcher(name).matches() || out.containsKey(name)) {
                            continue;
                        }
                        NavigableMap<Integer, Path> versions = new TreeMap<>();
                        try (Stream<Path> files = Files.list(subject)) {
                            files.forEach(f -> {
                                Matcher m = VERSION.matcher(f.getFileName().toString());
                                if (m.matches()) {
                                    versions.put(Integer.parseInt(m.group(1)), f);
                                }
                            });
                        }
                        out.put(name, new Subject(name, subject, versions));
                    }
                } catch (IOException e) {
                    // an unreadable directory holds no schema the routes could use; validate names what is missing
                }
            }
        }
        return out;
    }

    private static List<Path> schemaDirectories(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> tree = Files.walk(root, 16, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return tree.filter(d -> d.getFileName() != null && d.getFileName().toString().equals(DIRECTORY)
                    && Files.isDirectory(d) && java.util.stream.StreamSupport.stream(root.relativize(d).spliterator(), false)
                            .noneMatch(part -> part.toString().startsWith(".")))
                    .sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /**
     * The file a reference names: {@code NAME} (its newest version) or {@code NAME/VERSION}.
     *
     * @throws IllegalArgumentException saying what exists instead
     */
    public Path resolve(String reference) {
        String ref = reference.trim();
        int slash = ref.indexOf('/');
        String name = slash < 0 ? ref : ref.substring(0, slash);
        Subject subject = subjects().get(name);
        if (subject == null || subject.versions().isEmpty()) {
            throw new IllegalArgumentException("no schema '" + name + "': expected " + DIRECTORY + "/" + name
                    + "/1.json beside the routes (subjects here: " + String.join(", ", subjects().keySet()) + ")");
        }
        if (slash < 0) {
            return selfContained(subject.versions().lastEntry().getValue());
        }
        try {
            Path file = subject.versions().get(Integer.parseInt(ref.substring(slash + 1)));
            if (file != null) {
                return selfContained(file);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("schema '" + name + "' has no version " + ref.substring(slash + 1)
                + " (versions: " + subject.versions().keySet() + ")");
    }

    /**
     * A JSON schema used by routes refers to nothing outside itself. The validator fetches any other {@code $ref}
     * (a URL, a file, a classpath resource) for each event it validates: a schema pulled from a registry could make
     * the gateway request any URL or read a host file, and quote it in errors.
     */
    private Path selfContained(Path file) {
        if (file.toString().endsWith(".json")) {
            String outside;
            try {
                outside = outsideRef(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                return file; // not JSON: check() and the validator say so
            }
            if (outside != null) {
                throw new IllegalArgumentException("schema " + display(file) + " refers outside itself (" + outside
                        + "): a schema must be self-contained; put what it refers to under its definitions ($defs)"
                        + " and refer to it as #/$defs/NAME");
            }
        }
        return file;
    }

    /** Keywords whose value the validator resolves as a URI (drafts 4 to 2020-12). */
    private static final java.util.Set<String> REFERENCES = java.util.Set.of("$ref", "$dynamicRef", "$recursiveRef");
    /** The drafts' own meta-schema URIs, which the validator knows without fetching them. */
    private static final java.util.Set<String> META_SCHEMAS = java.util.Set.of(
            "http://json-schema.org/draft-04/schema", "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft/2019-09/schema",
            "https://json-schema.org/draft/2020-12/schema");

    /** The first {@code $ref} that does not point inside the document ({@code #...}), as "pointer: value", or null. */
    public static String outsideRef(JsonNode schema) {
        java.util.Deque<Map.Entry<String, JsonNode>> todo = new java.util.ArrayDeque<>();
        todo.push(Map.entry("", schema));
        while (!todo.isEmpty()) {
            Map.Entry<String, JsonNode> at = todo.pop();
            JsonNode node = at.getValue();
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    String pointer = at.getKey() + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                    String key = field.getKey();
                    String value = field.getValue().isTextual() ? field.getValue().asText() : null;
                    if (value != null && REFERENCES.contains(key) && !value.startsWith("#")) {
                        return key + " '" + value + "' at " + pointer;
                    }
                    if (value != null && key.equals("$id") && !at.getKey().isEmpty()) {
                        // Below the root, an $id makes its own base: its '#' refs no longer point into this document.
                        return "$id '" + value + "' below the root at " + pointer
                                + " (it re-bases the $refs under it away from this document)";
                    }
                    if (value != null && key.equals("$schema") && !META_SCHEMAS.contains(value.replaceAll("#$", ""))) {
                        // The validator loads a meta-schema it does not know from where $schema points.
                        return "$schema '" + value + "' (not a JSON Schema draft's own URI) at " + pointer;
                    }
                    todo.push(Map.entry(pointer, field.getValue()));
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    todo.push(Map.entry(at.getKey() + "/" + i, node.get(i)));
                }
            }
        }
        return null;
    }

    /** Whether a name can be a subject's directory here (letters, digits, '.', '_', '-'; no path separators). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** A digest of every subject's files (names and contents): a reload looks again when it changes. */
    public String digest() {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Subject s : subjects().values()) {
            List<Path> files = new ArrayList<>(s.versions().values());
            files.add(s.dir().resolve(SUBJECT_FILE));
            for (Path f : files) {
                md.update(f.toString().getBytes(StandardCharsets.UTF_8));
                try {
                    md.update(Files.readAllBytes(f));
                } catch (IOException e) {
                    md.update((byte) 0); // absent (no subject.yaml) or unreadable: check() says which
                }
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /** Every subject's versions checked: each file is JSON, the mode is known, and each version keeps it. */
    public List<Problem> check() {
        List<Problem> problems = new ArrayList<>();
        subjects().values().forEach(s -> check(s, problems));
        return problems;
    }

    private void check(Subject subject, List<Problem> problems) {
        Compatibility mode = mode(subject, problems);
        NavigableMap<Integer, JsonNode> earlier = new TreeMap<>();
        for (Map.Entry<Integer, Path> v : subject.versions().entrySet()) {
            String text;
            JsonNode schema;
            try {
                text = Files.readString(v.getValue(), StandardCharsets.UTF_8);
                schema = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                var at = e.getLocation();
                problems.add(Problem.error(display(v.getValue()), at == null ? 1 : at.getLineNr(),
                        at == null ? 1 : at.getColumnNr(), "not JSON: " + e.getOriginalMessage()));
                return; // later versions cannot be judged against a version that cannot be read
            } catch (IOException e) {
                problems.add(Problem.error(display(v.getValue()), 1, 1, "cannot read: " + e.getMessage()));
                return;
            }
            boolean avro = v.getValue().toString().endsWith(".avsc");
            String outside = avro ? null : outsideRef(schema);
            if (outside != null) {
                JsonLocations.Location at = JsonLocations.of(text).locate(outside.substring(outside.lastIndexOf(" at ") + 4));
                problems.add(Problem.error(display(v.getValue()), at.line(), at.column(), "refers outside itself ("
                        + outside + "): a schema must be self-contained (the validator would fetch it for every event)"));
            }
            if (avro != subject.type().equals("AVRO")) {
                problems.add(Problem.error(display(v.getValue()), 1, 1, "subject '" + subject.name()
                        + "' mixes Avro (.avsc) and JSON Schema (.json) versions: keep one kind per subject"));
                return;
            }
            if (avro) {
                try {
                    AvroCompatibility.parse(text);
                } catch (RuntimeException e) {
                    problems.add(Problem.error(display(v.getValue()), 1, 1, "not an Avro schema: " + e.getMessage()));
                    return;
                }
            }
            if (mode != null && !earlier.isEmpty()) {
                JsonLocations where = JsonLocations.of(text);
                for (SchemaChange c : avro ? AvroCompatibility.check(mode, earlier, schema)
                        : JsonSchemaCompatibility.check(mode, earlier, schema)) {
                    JsonLocations.Location at = where.locate(c.pointer());
                    problems.add(Problem.error(display(v.getValue()), at.line(), at.column(),
                            "breaks " + mode + " compatibility with version " + c.againstVersion()
                                    + (c.field().isEmpty() ? "" : " at field " + c.field()) + " (" + c.rule() + "): "
                                    + c.message()));
                }
            }
            earlier.put(v.getKey(), schema);
        }
    }

    /** A file as problems name it: relative to the working directory when it is below it. */
    public static String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /**
     * The subject's declared mode.
     *
     * @throws IllegalArgumentException when subject.yaml is broken, with {@link #check()}'s reason
     */
    public static Compatibility mode(Subject subject) {
        List<Problem> problems = new ArrayList<>();
        Compatibility mode = mode(subject, problems);
        if (mode == null) {
            throw new IllegalArgumentException(problems.get(0).message());
        }
        return mode;
    }

    /** The subject's declared mode; null (and a problem) when subject.yaml is broken. */
    private static Compatibility mode(Subject subject, List<Problem> problems) {
        Path file = subject.dir().resolve(SUBJECT_FILE);
        if (!Files.isRegularFile(file)) {
            return Compatibility.DEFAULT;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            Object value = doc instanceof Map<?, ?> m ? m.get("compatibility") : null;
            if (value == null) {
                return Compatibility.DEFAULT;
            }
            try {
                return Compatibility.parse(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                String[] lines = text.split("\n", -1);
                int line = 1;
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].trim().startsWith("compatibility")) {
                        line = i + 1;
                    }
                }
                problems.add(Problem.error(display(file), line, 1, e.getMessage()));
                return null;
            }
        } catch (IOException | RuntimeException e) {
            problems.add(Problem.error(display(file), 1, 1, "cannot read " + SUBJECT_FILE + ": " + Problem.rootMessage(e)));
            return null;
        }
    }
}
