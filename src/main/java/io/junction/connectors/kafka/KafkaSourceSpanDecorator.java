package io.junction.connectors.kafka;

import org.apache.camel.telemetry.decorators.KafkaSpanDecorator;

/**
 * kafka-source's spans carry what Camel's Kafka consumer spans carry (topic, partition, offset, key): the same
 * decorator, for the junction-kafka scheme. Found by Camel's tracer through the service loader.
 */
public final class KafkaSourceSpanDecorator extends KafkaSpanDecorator {

    @Override
    public String getComponent() {
        return "junction-kafka";
    }

    @Override
    public String getComponentClassName() {
        return KafkaSourceComponent.class.getName();
    }
}
