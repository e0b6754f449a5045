package io.junction.connectors.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.camel.component.kafka.serde.DefaultKafkaHeaderSerializer;

/**
 * kafka-sink's record headers: numbers and booleans as their text. Camel writes a Long or a Double as 8 raw bytes
 * and an Integer as 4, so a RabbitMQ or AMQP header such as {@code x-request-id: 42} reached Kafka as bytes no
 * consumer reads as 42. Everything else as Camel writes it (text as UTF-8, bytes as they are).
 */
public final class TextHeaders extends DefaultKafkaHeaderSerializer {

    @Override
    public byte[] serialize(String key, Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }
        return super.serialize(key, value);
    }
}
