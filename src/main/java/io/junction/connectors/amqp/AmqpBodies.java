package io.junction.connectors.amqp;

import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.junction.headers.HeaderPolicy;
import io.junction.serialization.ValueBytes;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Decimal128;
import org.apache.qpid.proton.amqp.Decimal32;
import org.apache.qpid.proton.amqp.Decimal64;
import org.apache.qpid.proton.amqp.Symbol;

/**
 * An AMQP body that is a map or a list (an AmqpValue or AmqpSequence from a non-JMS client such as rhea or Proton,
 * a JMS MapMessage or StreamMessage, see {@link Values}) arrives as JSON. Sinks write bytes or text: kafka-sink could
 * not serialize the map, nor could the dead letter hold it, and the broker ended up moving the message to its own DLQ
 * without Junction's envelope.
 * The message's content_type becomes the event's {@code content-type}.
 */
public final class AmqpBodies implements Processor {

    /**
     * Proton's own value types have no JSON form of their own: Jackson wrote a Binary as a bean (its backing array,
     * offset and length). Binary is written as bytes are (base64), Symbol as its text; a decimal (IEEE 754 decimal
     * bits, which Java has no type for) fails the event, which the dead letter then holds as text.
     */
    private static final ObjectMapper JSON = ValueBytes.json(new SimpleModule("amqp-types")
            .addSerializer(Binary.class, new StdSerializer<>(Binary.class) {
                @Override
                public void serialize(Binary value, JsonGenerator gen, SerializerProvider provider)
                        throws java.io.IOException {
                    gen.writeBinary(value.getArray(), value.getArrayOffset(), value.getLength());
                }
            })
            .addSerializer(Symbol.class, ToStringSerializer.instance)
            .addSerializer(Decimal32.class, noJson())
            .addSerializer(Decimal64.class, noJson())
            .addSerializer(Decimal128.class, noJson()));

    private static <T> StdSerializer<T> noJson() {
        return new StdSerializer<>((Class<T>) null) {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
                    throws java.io.IOException {
                throw JsonMappingException.from(gen, "an AMQP " + value.getClass().getSimpleName().toLowerCase()
                        + " has no JSON form; send the number as a string or a double");
            }
        };
    }

    /** What Qpid JMS writes as content_type on every BytesMessage, whatever the sender meant. */
    private static final String JMS_BYTES = "application/octet-stream";

    @Override
    public void process(Exchange exchange) throws Exception {
        Message m = exchange.getIn();
        String declared = contentType(m);
        // The message's own content_type wins over a sender's property of that name, as RabbitMQ's does; a JMS
        // sender cannot set it, so for its BytesMessage the property is the only way to say what the bytes are.
        if (declared != null && (!JMS_BYTES.equals(declared) || m.getHeader(HeaderPolicy.CONTENT_TYPE) == null)) {
            m.setHeader(HeaderPolicy.CONTENT_TYPE, declared);
        }
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

    /**
     * amqp-source's JMS bodies: Spring's mapping (text, bytes, map; an object message only as Qpid JMS gives it, which
     * deserializes nothing), and a StreamMessage (an AMQP sequence from Qpid JMS) as the list of its values. Camel
     * made that one an input stream of its byte values only: stream caching failed on the first other value before
     * any step ran, the dead letter held the stream's class name, and the message was settled, its content lost.
     */
    public static final class Values extends org.springframework.jms.support.converter.SimpleMessageConverter {
        @Override
        public Object fromMessage(jakarta.jms.Message message) throws jakarta.jms.JMSException {
            if (message instanceof jakarta.jms.StreamMessage stream) {
                java.util.List<Object> values = new java.util.ArrayList<>();
                stream.reset();
                while (true) {
                    try {
                        values.add(stream.readObject());
                    } catch (jakarta.jms.MessageEOFException end) {
                        return values;
                    }
                }
            }
            return super.fromMessage(message);
        }
    }

    private static String contentType(Message m) {
        if (m instanceof JmsMessage camel && camel.getJmsMessage() instanceof org.apache.qpid.jms.message.JmsMessage qpid
                && qpid.getFacade() instanceof AmqpJmsMessageFacade amqp && amqp.getContentType() != null) {
            return amqp.getContentType().toString();
        }
        return null;
    }
}
