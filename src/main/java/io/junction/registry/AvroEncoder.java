package io.junction.registry;

import java.io.IOException;
import java.nio.ByteBuffer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.avro.AvroMapper;
import com.fasterxml.jackson.dataformat.avro.AvroSchema;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code avro-encode-action}: turns a JSON event into Avro with a subject's schema from the registry (its latest
 * version, or the one named), framed with the schema's id in the Confluent wire format, so consumers using
 * Confluent's or Apicurio's deserializers read it. Sets {@code junction.schema.id}. An event that is not JSON or does
 * not fit the schema is fatal (dead letter at once, with why); a registry that cannot be reached is retried.
 */
public final class AvroEncoder implements Processor {

    private static final AvroMapper AVRO = new AvroMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private String registryUrl;
    private String subject;
    private String version = "latest";
    private RegistrySchemas schemas;

    public void setRegistryUrl(String registryUrl) {
        this.registryUrl = registryUrl;
        this.schemas = null;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public void setVersion(String version) {
        this.version = version == null || version.isBlank() ? "latest" : version.trim();
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("avro-encode-action: subject is required");
        }
        JsonNode event;
        try {
            byte[] body = exchange.getIn().getBody(byte[].class);
            event = JSON.readTree(body == null ? new byte[0] : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("avro-encode-action: the event is not JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("avro-encode-action: the event is not a JSON object");
        }
        RegistrySchemas.Registered schema;
        try {
            schema = schemas().bySubject(subject, version);
        } catch (RegistryClient.RegistryException e) {
            if (e.status() == 404) {
                throw new IllegalArgumentException("avro-encode-action: subject " + subject + " version " + version
                        + " is not in the registry");
            }
            throw e;
        }
        byte[] avro;
        try {
            avro = AVRO.writer(new AvroSchema(schema.schema()))
                    .writeValueAsBytes(withDefaults(schema.schema(), (ObjectNode) event));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("avro-encode-action: the event does not fit " + subject + " (id "
                    + schema.id() + "): " + e.getMessage());
        }
        exchange.getIn().setBody(ByteBuffer.allocate(5 + avro.length).put(AvroDecoder.MAGIC).putInt(schema.id())
                .put(avro).array());
        exchange.getIn().setHeader(AvroDecoder.SCHEMA_ID, schema.id());
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/octet-stream");
    }

    /** The event with every field it lacks that has a default in the schema set to that default, records within too. */
    static ObjectNode withDefaults(Schema record, ObjectNode event) {
        for (Schema.Field f : record.getFields()) {
            JsonNode value = event.get(f.name());
            if (value == null && f.hasDefaultValue()) {
                Object d = f.defaultVal();
                event.set(f.name(), d == JsonProperties.NULL_VALUE ? NullNode.getInstance() : JSON.valueToTree(d));
            } else if (value instanceof ObjectNode nested && f.schema().getType() == Schema.Type.RECORD) {
                withDefaults(f.schema(), nested);
            }
        }
        return event;
    }

    private RegistrySchemas schemas() {
        if (schemas == null) {
            schemas = RegistrySchemas.of("avro-encode-action", registryUrl);
        }
        return schemas;
    }
}
