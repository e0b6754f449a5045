package io.junction.schemas;

import org.apache.camel.spi.PropertiesFunction;

/**
 * The {@code {{schema:NAME}}} and {@code {{schema:NAME/VERSION}}} placeholders: the location of a schema kept beside
 * the routes, as {@code file:/absolute/path}, for {@code json-schema-action}'s {@code schema} or a
 * {@code json-validator:} URI. Resolved against the schema directories as they are at each (re)load, so a new
 * version is picked up by the next reload.
 */
public final class SchemaFunction implements PropertiesFunction {

    private final SchemaStore store;

    public SchemaFunction(SchemaStore store) {
        this.store = store;
    }

    @Override
    public String getName() {
        return "schema";
    }

    @Override
    public String apply(String remainder) {
        return "file:" + store.resolve(remainder).toAbsolutePath().normalize();
    }
}
