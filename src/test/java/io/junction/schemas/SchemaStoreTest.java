package io.junction.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.junction.routes.Problem;
import io.junction.routes.RouteSources;
import io.junction.routes.SourceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schemas kept beside the routes: finding versions, resolving references, holding each version to its mode. */
class SchemaStoreTest {

    @TempDir
    Path routes;

    static final String V1 = """
            {
              "type": "object",
              "required": ["id"],
              "properties": {
                "id": {"type": "string"},
                "amount": {"type": "number"}
              }
            }
            """;

    Path subject(String name, String subjectYaml, String... versions) throws Exception {
        Path dir = Files.createDirectories(routes.resolve("schemas").resolve(name));
        for (int i = 0; i < versions.length; i++) {
            Files.writeString(dir.resolve((i + 1) + ".json"), versions[i]);
        }
        if (subjectYaml != null) {
            Files.writeString(dir.resolve("subject.yaml"), subjectYaml);
        }
        return dir;
    }

    @Test
    void referencesResolveToTheNewestOrTheNamedVersion() throws Exception {
        Path dir = subject("orders", null, V1, V1);
        Files.writeString(dir.resolve("10.json"), V1);
        Files.writeString(dir.resolve("notes.json"), "{}");
        SchemaStore store = new SchemaStore(List.of(routes));
        assertThat(store.resolve("orders")).isEqualTo(dir.resolve("10.json"));
        assertThat(store.resolve("orders/2")).isEqualTo(dir.resolve("2.json"));
        assertThat(new SchemaFunction(store).apply("orders/1")).isEqualTo("file:" + dir.resolve("1.json").toAbsolutePath());
        assertThatThrownBy(() -> store.resolve("orders/3")).hasMessage("schema 'orders' has no version 3 (versions: [1, 2, 10])");
        assertThatThrownBy(() -> store.resolve("invoices")).hasMessageContaining("no schema 'invoices'")
                .hasMessageContaining("subjects here: orders");
    }

    /**
     * The sixth probe: a schema pulled from a hostile registry, {"$ref": "http://..."} or "file:///etc/passwd", made
     * the validator fetch the URL or read the file for every event, and quote it in errors.
     */
    @Test
    void aSchemaThatRefersOutsideItselfIsRefused() throws Exception {
        String tree = """
                {"$defs": {"node": {"anyOf": [{"type": "array", "items": {"$ref": "#/$defs/node"}}, {"type": "string"}]}},
                 "$ref": "#/$defs/node"}
                """;
        String remote = "{\n  \"type\": \"object\",\n  \"properties\": {\"a\": {\"$ref\": \"http://127.0.0.1:1/x\"}}\n}\n";
        subject("tree", null, tree);
        subject("remote", null, remote);
        subject("local-file", null, "{\"$ref\": \"file:///etc/passwd\"}");
        SchemaStore store = new SchemaStore(List.of(routes));
        assertThat(store.resolve("tree")).as("a reference inside the document is fine").isNotNull();
        assertThatThrownBy(() -> store.resolve("remote")).hasMessageContaining("refers outside itself")
                .hasMessageContaining("$ref 'http://127.0.0.1:1/x' at /properties/a/$ref");
        assertThatThrownBy(() -> new SchemaFunction(store).apply("local-file/1"))
                .hasMessageContaining("$ref 'file:///etc/passwd'");
        assertThat(store.check()).extracting(Problem::format).anySatisfy(p -> assertThat(p)
                .contains("remote/1.json:3:").contains("refers outside itself"));
        // The seventh probe: the same through $schema and $dynamicRef; a draft's own $schema is fine.
        subject("meta", null, "{\"$schema\": \"http://127.0.0.1:1/meta\", \"type\": \"object\"}");
        subject("dynamic", null, "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\","
                + " \"$dynamicRef\": \"file:///etc/passwd#x\"}");
        subject("draft", null, "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\"}");
        SchemaStore more = new SchemaStore(List.of(routes));
        assertThatThrownBy(() -> more.resolve("meta")).hasMessageContaining("$schema 'http://127.0.0.1:1/meta'");
        assertThatThrownBy(() -> more.resolve("dynamic")).hasMessageContaining("$dynamicRef 'file:///etc/passwd#x'");
        assertThat(more.resolve("draft")).isNotNull();
        // The ninth probe (Low): an $id below the root re-based the '#' refs under it, which then named nothing
        // here; pull, validate and reload passed and every event failed. One at the root is the document's own.
        subject("rebased", null, "{\"$id\": \"https://example.com/root.json\", \"type\": \"object\", "
                + "\"$defs\": {\"n\": {\"type\": \"string\"}}, \"properties\": {\"a\": "
                + "{\"$id\": \"https://example.com/other.json\", \"$ref\": \"#/$defs/n\"}}}");
        subject("rooted", null, "{\"$id\": \"https://example.com/root.json\", \"$defs\": {\"n\": {\"type\": "
                + "\"string\"}}, \"properties\": {\"a\": {\"$ref\": \"#/$defs/n\"}}}");
        SchemaStore ids = new SchemaStore(List.of(routes));
        assertThatThrownBy(() -> ids.resolve("rebased")).hasMessageContaining("refers outside itself")
                .hasMessageContaining("$id 'https://example.com/other.json' below the root at /properties/a/$id");
        assertThat(ids.resolve("rooted")).isNotNull();
    }

    @Test
    void aBreakingVersionIsRefusedWithItsFileLineAndField() throws Exception {
        String v2 = V1.replace("\"required\": [\"id\"]", "\"required\": [\"id\", \"amount\"]");
        Path dir = subject("orders", null, V1, v2);
        List<Problem> problems = new SchemaStore(List.of(routes)).check();
        assertThat(problems).hasSize(1);
        Problem p = problems.get(0);
        assertThat(p.file()).endsWith(dir.resolve("2.json").toString());
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).startsWith("breaks BACKWARD compatibility with version 1 at field amount (REQUIRED_ADDED)");
    }

    @Test
    void theSubjectsModeDecidesAndForwardCatchesWhatBackwardAllows() throws Exception {
        // Widening amount to any type: fine for BACKWARD (new readers read old data), not for FORWARD.
        String widened = V1.replace("\"amount\": {\"type\": \"number\"}", "\"amount\": {\"type\": [\"number\", \"string\"]}");
        subject("backward", null, V1, widened);
        subject("forward", "compatibility: FORWARD\n", V1, widened);
        subject("none", "compatibility: none\n", V1, "{\"type\": \"string\"}");
        List<Problem> problems = new SchemaStore(List.of(routes)).check();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).file()).contains("forward");
        assertThat(problems.get(0).message()).contains("FORWARD").contains("field amount").contains("TYPE_NARROWED");
    }

    @Test
    void aBrokenModeOrFileIsAProblemWithItsLine() throws Exception {
        subject("typo", "# orders\ncompatibility: BACKWARDS\n", V1, V1);
        subject("broken", null, V1, "{\n  \"type\": \"object\",\n  oops\n}");
        List<Problem> problems = new SchemaStore(List.of(routes)).check();
        assertThat(problems).extracting(Problem::line).containsExactly(3, 2);
        assertThat(problems.get(0).message()).startsWith("not JSON");
        assertThat(problems.get(1).message()).contains("BACKWARDS").contains("FULL_TRANSITIVE");
    }

    @Test
    void theSchemasDirectoryIsNotReadAsRoutes() throws Exception {
        subject("orders", "compatibility: FULL\n", V1);
        Files.writeString(routes.resolve("route.yaml"), "- route:\n    from: {uri: timer:x, steps: [{log: hi}]}\n");
        List<SourceFile> files = RouteSources.scan(List.of(routes), List.of());
        assertThat(files).extracting(SourceFile::name).noneMatch(n -> n.contains("subject.yaml")).hasSize(1);
    }
}
