package io.junction.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A record's value as bytes, whatever the route made of the body: bytes unchanged, text as UTF-8, a map or a list as
 * JSON, anything else as its text. Kafka's ByteArraySerializer failed on every other body ({@code setBody: simple:
 * "${random(100)}"} made an Integer): the event was dead-lettered as fatal, where stock Camel, whose default
 * serializer writes text, sends {@code 33}.
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public final class KafkaBodySerializer implements Serializer<Object> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public byte[] serialize(String topic, Object body) {
        if (body == null || body instanceof byte[]) {
            return (byte[]) body;
        }
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (body instanceof Map<?, ?> || body instanceof Collection<?>) {
            try {
                return JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write the body as JSON: " + e.getOriginalMessage());
            }
        }
        return String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    }
}
