package io.junction.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.component.kafka.serde.DefaultKafkaHeaderSerializer;

/**
 * kafka-sink's record headers as text a consumer reads. Camel writes a Long or a Double as 8 raw bytes and an
 * Integer as 4, so a RabbitMQ or AMQP header such as {@code x-request-id: 42} reached Kafka as bytes no consumer
 * reads as 42; and it dropped, without a word, a header of any other type: a RabbitMQ or AMQP timestamp, a table, an
 * array (tenth probe). Numbers and booleans go as their text, times as ISO-8601 (UTC), tables and arrays as JSON,
 * text as UTF-8 and bytes as they are.
 */
public final class TextHeaders extends DefaultKafkaHeaderSerializer {

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Override
    public byte[] serialize(String key, Object value) {
        if (value instanceof Number || value instanceof Boolean || value instanceof java.time.temporal.Temporal
                || value instanceof java.util.UUID || value instanceof Character) {
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Date date) {
            return date.toInstant().toString().getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Object[]) {
            try {
                return JSON.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                return super.serialize(key, value); // a value Jackson cannot write: as Camel does (skipped)
            }
        }
        return super.serialize(key, value);
    }
}
