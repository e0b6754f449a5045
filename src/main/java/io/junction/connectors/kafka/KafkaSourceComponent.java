package io.junction.connectors.kafka;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code junction-kafka:TOPICS}, the consumer behind the kafka-source connector: Kafka's own client in a poll loop
 * per consumer that owns its offsets ({@link KafkaSourceConsumer}). Client settings not given on the endpoint come
 * from the Camel Kafka component's configuration ({@code camel.component.kafka.*}), the same as raw {@code kafka:}
 * routes use.
 */
@Component("junction-kafka")
public final class KafkaSourceComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("junction-kafka needs a topic: junction-kafka:TOPIC?groupId=GROUP");
        }
        KafkaSourceEndpoint endpoint = new KafkaSourceEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
