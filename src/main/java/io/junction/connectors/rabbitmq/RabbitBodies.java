package io.junction.connectors.rabbitmq;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.amqp.support.converter.MessageConverter;

/**
 * rabbitmq-source's bodies: the message's bytes, unchanged. Camel's converter decoded a text/* body with the
 * message's content_encoding as the charset; with {@code gzip} there (what AMQP 0-9-1 means by it), or any name that
 * is not a charset, it threw before the route had the message, and Spring rejected it without requeue: the message
 * was gone (tenth probe). A text body in another charset was also re-encoded on its way to Kafka, and malformed text
 * replaced. The bytes go on as they came, and content_encoding as the {@code content-encoding} header (IngressHeaders),
 * so whoever reads them knows how.
 */
public final class RabbitBodies implements MessageConverter {

    @Override
    public Object fromMessage(Message message) {
        return message.getBody();
    }

    @Override
    public Message toMessage(Object object, MessageProperties properties) {
        throw new MessageConversionException("rabbitmq-source receives; it does not send");
    }
}
