package io.junction.connectors.amqp;

import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.headers.HeaderPolicy;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * An AMQP body that is a map or a list (an AmqpValue or AmqpSequence from a non-JMS client such as rhea or Proton,
 * a JMS MapMessage) arrives as JSON. Sinks write bytes or text: kafka-sink could not serialize the map, nor could the
 * dead letter hold it, and the broker ended up moving the message to its own DLQ without Junction's envelope.
 */
public final class AmqpBodies implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void process(Exchange exchange) throws Exception {
        Message m = exchange.getIn();
        Object body = m.getBody();
        if (body instanceof Map<?, ?> || body instanceof Collection<?>) {
            try {
                m.setBody(JSON.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new InvalidPayloadException(exchange, byte[].class, m, e);
            }
            if (m.getHeader(HeaderPolicy.CONTENT_TYPE) == null) {
                m.setHeader(HeaderPolicy.CONTENT_TYPE, "application/json");
            }
        }
    }
}
