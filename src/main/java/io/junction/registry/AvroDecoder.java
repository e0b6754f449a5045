package io.junction.registry;

import java.io.IOException;
import java.nio.ByteBuffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.avro.AvroMapper;
import com.fasterxml.jackson.dataformat.avro.AvroSchema;
import org.apache.avro.Schema;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code avro-decode-action}: turns an Avro payload framed with a registry id (the Confluent wire format: byte 0,
 * the schema id as 4 big-endian bytes, then Avro binary) into JSON, reading it with the writer's schema from the
 * registry, so the rest of the route filters and transforms plain JSON. Sets {@code junction.schema.id}. A payload
 * that is not framed Avro, or does not decode with its schema, is fatal (dead letter at once, with why); a registry
 * that cannot be reached is retried. Fatal errors carry no cause on purpose: an I/O cause (a truncated payload
 * reads as an EOFException) would make the retry classifier take them for a connection failure.
 */
public final class AvroDecoder implements Processor {

    static final String SCHEMA_ID = "junction.schema.id";
    static final byte MAGIC = 0;
    private static final AvroMapper AVRO = new AvroMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private String registryUrl;
    private RegistrySchemas schemas;

    public void setRegistryUrl(String registryUrl) {
        this.registryUrl = registryUrl;
        this.schemas = null;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        byte[] body = exchange.getIn().getBody(byte[].class);
        if (body == null || body.length < 5 || body[0] != MAGIC) {
            throw new IllegalArgumentException("avro-decode-action: the payload is not registry-framed Avro (expected"
                    + " byte 0 and a 4-byte schema id before the Avro data; got "
                    + (body == null ? "no body" : body.length + " bytes"
                            + (body.length > 0 ? " starting with " + (body[0] & 0xff) : ""))
                    + ")");
        }
        int id = ByteBuffer.wrap(body, 1, 4).getInt();
        Schema schema;
        try {
            schema = schemas().byId(id);
        } catch (RegistryClient.RegistryException e) {
            if (e.status() == 404) {
                throw new IllegalArgumentException("avro-decode-action: schema id " + id + " is not in the registry");
            }
            throw e; // the registry failing is worth retrying; the payload is not at fault
        }
        JsonNode event;
        try {
            event = AVRO.readerFor(JsonNode.class).with(new AvroSchema(schema)).readValue(body, 5, body.length - 5);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("avro-decode-action: the payload does not decode with schema id " + id
                    + ": " + e.getMessage());
        }
        exchange.getIn().setBody(JSON.writeValueAsBytes(event));
        exchange.getIn().setHeader(SCHEMA_ID, id);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    private RegistrySchemas schemas() {
        if (schemas == null) {
            schemas = RegistrySchemas.of("avro-decode-action", registryUrl);
        }
        return schemas;
    }
}
