package io.junction.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Compatibility of Avro schema versions, decided by Avro's own reader/writer resolution rules
 * ({@link SchemaCompatibility}), which is what Confluent's and Apicurio's registries apply to Avro subjects.
 */
public final class AvroCompatibility {

    private static final Map<SchemaChange.Rule, String> HINTS = Map.of(
            SchemaChange.Rule.AVRO_READER_FIELD_MISSING_DEFAULT_VALUE,
            "A field the reader has and the writer's data lacks needs a \"default\". ",
            SchemaChange.Rule.AVRO_MISSING_ENUM_SYMBOLS, "Keep the symbols, or give the enum a \"default\" symbol. ",
            SchemaChange.Rule.AVRO_TYPE_MISMATCH, "Only Avro's promotions read across types (int to long, float or "
                    + "double; long to float or double; float to double; string and bytes). ",
            SchemaChange.Rule.AVRO_MISSING_UNION_BRANCH,
            "The reader's union needs a branch for every type the writer's may hold. ",
            SchemaChange.Rule.AVRO_NAME_MISMATCH, "A named type keeps its name, or lists the old one in \"aliases\". ",
            SchemaChange.Rule.AVRO_FIXED_SIZE_MISMATCH, "A fixed type keeps its size. ");

    private AvroCompatibility() {
    }

    /** The schema a text holds; an error names what Avro refuses. */
    public static Schema parse(String text) {
        return new Schema.Parser().setValidateDefaults(true).parse(text);
    }

    /**
     * The breaks that keep {@code candidate} from following the earlier versions under {@code mode}, as in
     * {@link JsonSchemaCompatibility#check(Compatibility, NavigableMap, JsonNode)}. Pointers are in the reader's
     * schema: the candidate's for BACKWARD, the earlier version's for FORWARD (then "" is reported in the candidate).
     */
    public static List<SchemaChange> check(Compatibility mode, NavigableMap<Integer, JsonNode> earlierVersions,
            JsonNode candidate) {
        Map<Integer, JsonNode> against = mode.against(earlierVersions);
        if (against.isEmpty()) {
            return List.of();
        }
        Schema next = parse(candidate.toString());
        List<SchemaChange> all = new ArrayList<>();
        against.forEach((number, earlier) -> {
            Schema old = parse(earlier.toString());
            if (mode.backward()) {
                changes(next, candidate, old, number, true, all);
            }
            if (mode.forward()) {
                changes(old, earlier, next, number, false, all);
            }
        });
        return List.copyOf(all);
    }

    private static void changes(Schema reader, JsonNode readerJson, Schema writer, int version, boolean newReads,
            List<SchemaChange> out) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        for (SchemaCompatibility.Incompatibility i : result.getIncompatibilities()) {
            String pointer = i.getLocation() == null || i.getLocation().equals("/") ? "" : i.getLocation();
            String field = field(readerJson, pointer);
            String who = newReads ? "the new version cannot read data version " + version + " wrote"
                    : "version " + version + " cannot read data the new version writes";
            SchemaChange.Rule rule;
            try {
                rule = SchemaChange.Rule.valueOf("AVRO_" + i.getType().name());
            } catch (IllegalArgumentException e) {
                rule = SchemaChange.Rule.AVRO_TYPE_MISMATCH; // a kind newer Avro releases may add
            }
            out.add(new SchemaChange(version, rule, newReads ? pointer : "", field, who + ": " + i.getMessage() + ". "
                    + HINTS.getOrDefault(rule, "") + "Or make the change in a new subject."));
        }
    }

    /** The data path a pointer into a schema names: /fields/1/type/fields/0 is "customer.email". */
    private static String field(JsonNode schema, String pointer) {
        StringBuilder path = new StringBuilder();
        String[] parts = pointer.split("/");
        StringBuilder at = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            at.append('/').append(parts[i]);
            if (parts[i - 1].equals("fields")) {
                JsonNode name = schema.at(at + "/name");
                if (name.isTextual()) {
                    path.append(path.isEmpty() ? "" : ".").append(name.asText());
                }
            }
        }
        return path.toString();
    }
}
