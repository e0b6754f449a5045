package io.junction.schemas;

/**
 * One way a new schema version breaks compatibility with an earlier one.
 *
 * @param againstVersion the earlier version this break is against; 0 when the check was of two bare schemas
 * @param rule           which rule found it
 * @param pointer        JSON pointer of the place that breaks, in the new version's document (in the reader's for
 *                       {@link JsonSchemaCompatibility#check(com.fasterxml.jackson.databind.JsonNode,
 *                       com.fasterxml.jackson.databind.JsonNode)}); it may name a place the document no longer has,
 *                       such as a removed property, which {@link JsonLocations} maps to its nearest existing ancestor
 * @param field          the field's path in the data, e.g. {@code customer.email} or {@code lines[].sku}; empty for
 *                       the document itself
 * @param message        what breaks and what to do about it
 */
public record SchemaChange(int againstVersion, Rule rule, String pointer, String field, String message) {

    /** The rules of {@link JsonSchemaCompatibility} (its class javadoc says what each means) and of Avro. */
    public enum Rule {
        REQUIRED_ADDED,
        TYPE_NARROWED,
        ENUM_NARROWED,
        CONST_CHANGED,
        CONSTRAINT_TIGHTENED,
        CONTENT_MODEL_CLOSED,
        PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL,
        PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL,
        NOTHING_ALLOWED,
        NO_ALTERNATIVE_MATCHES,
        // Avro's reader/writer resolution (AvroCompatibility), named after Avro's SchemaIncompatibilityType.
        AVRO_NAME_MISMATCH,
        AVRO_FIXED_SIZE_MISMATCH,
        AVRO_MISSING_ENUM_SYMBOLS,
        AVRO_READER_FIELD_MISSING_DEFAULT_VALUE,
        AVRO_TYPE_MISMATCH,
        AVRO_MISSING_UNION_BRANCH
    }
}
