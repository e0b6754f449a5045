package io.junction.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.routes.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Avro subjects: Avro's own resolution rules under each mode, and the store naming the file, line and field. */
class AvroCompatibilityTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String V1 = """
            {
              "type": "record", "name": "Order", "namespace": "shop",
              "fields": [
                {"name": "id", "type": "string"},
                {"name": "amount", "type": "int"},
                {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}}
              ]
            }
            """;

    static List<SchemaChange> check(Compatibility mode, String earlier, String candidate) throws Exception {
        NavigableMap<Integer, JsonNode> versions = new TreeMap<>();
        versions.put(1, JSON.readTree(earlier));
        return AvroCompatibility.check(mode, versions, JSON.readTree(candidate));
    }

    static String addField(String field) {
        return V1.replace("\"type\": \"int\"},", "\"type\": \"int\"},\n    " + field + ",");
    }

    @Test
    void aFieldAddedWithADefaultIsBackwardCompatibleAndWithoutOneIsNot() throws Exception {
        assertThat(check(Compatibility.FULL, V1, addField("{\"name\": \"currency\", \"type\": \"string\", \"default\": \"EUR\"}")))
                .isEmpty();
        List<SchemaChange> changes = check(Compatibility.BACKWARD, V1, addField("{\"name\": \"currency\", \"type\": \"string\"}"));
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).rule()).isEqualTo(SchemaChange.Rule.AVRO_READER_FIELD_MISSING_DEFAULT_VALUE);
        assertThat(changes.get(0).field()).isEqualTo("currency");
        assertThat(changes.get(0).message()).startsWith("the new version cannot read data version 1 wrote");
        // FORWARD: old readers ignore a field they do not know.
        assertThat(check(Compatibility.FORWARD, V1, addField("{\"name\": \"currency\", \"type\": \"string\"}"))).isEmpty();
    }

    @Test
    void promotionsAndSymbolsFollowAvrosResolutionRules() throws Exception {
        String widened = V1.replace("\"type\": \"int\"", "\"type\": \"long\"");
        assertThat(check(Compatibility.BACKWARD, V1, widened)).isEmpty(); // an int written is read as a long
        assertThat(check(Compatibility.FORWARD, V1, widened)).singleElement()
                .satisfies(c -> assertThat(c.rule()).isEqualTo(SchemaChange.Rule.AVRO_TYPE_MISMATCH));
        String fewer = V1.replace(", \"SHIPPED\"", "");
        assertThat(check(Compatibility.BACKWARD, V1, fewer)).singleElement()
                .satisfies(c -> assertThat(c.rule()).isEqualTo(SchemaChange.Rule.AVRO_MISSING_ENUM_SYMBOLS));
        assertThat(check(Compatibility.NONE, V1, "{\"type\": \"string\"}")).isEmpty();
    }

    @Test
    void theStoreChecksAvscVersionsAndRefusesAMixedSubject(@TempDir Path routes) throws Exception {
        Path orders = Files.createDirectories(routes.resolve("schemas/orders"));
        Files.writeString(orders.resolve("1.avsc"), V1);
        Files.writeString(orders.resolve("2.avsc"), addField("{\"name\": \"currency\", \"type\": \"string\"}"));
        Path mixed = Files.createDirectories(routes.resolve("schemas/mixed"));
        Files.writeString(mixed.resolve("1.avsc"), V1);
        Files.writeString(mixed.resolve("2.json"), "{\"type\": \"object\"}");
        Path broken = Files.createDirectories(routes.resolve("schemas/broken"));
        Files.writeString(broken.resolve("1.avsc"), "{\"type\": \"record\", \"name\": \"X\"}");

        SchemaStore store = new SchemaStore(List.of(routes));
        assertThat(store.subjects().get("orders").type()).isEqualTo("AVRO");
        List<Problem> problems = store.check();
        assertThat(problems).extracting(Problem::file).containsExactlyInAnyOrder(
                SchemaStore.display(broken.resolve("1.avsc")), SchemaStore.display(mixed.resolve("2.json")),
                SchemaStore.display(orders.resolve("2.avsc")));
        Problem breaking = problems.stream().filter(p -> p.file().endsWith("2.avsc")).findFirst().orElseThrow();
        assertThat(breaking.message()).startsWith(
                "breaks BACKWARD compatibility with version 1 at field currency (AVRO_READER_FIELD_MISSING_DEFAULT_VALUE)");
        assertThat(breaking.line()).isEqualTo(6); // the field's own line in 2.avsc
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).startsWith("not an Avro schema"));
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("mixes Avro (.avsc) and JSON Schema (.json)"));
    }
}
