package io.junction.connectors.http;

import java.time.Instant;
import java.util.UUID;

import io.junction.headers.HeaderPolicy;
import io.junction.webhooks.StandardWebhooks;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Signs an outbound webhook per the Standard Webhooks specification, for the http-sink connector. Without a secret
 * it does nothing. The id is the event's message-id when it has one, so a redelivered event carries the same id
 * and the receiver can drop the duplicate.
 */
public final class StandardWebhooksSigner implements Processor {

    private byte[] key;

    /** The {@code whsec_...} secret; blank disables signing. */
    public void setSecret(String secret) {
        this.key = secret == null || secret.isBlank() ? null : StandardWebhooks.secretKey(secret);
    }

    /** A record read again from Kafka gets the same id again; other events without a message-id get a fresh one. */
    private static String positionId(Message message) {
        Object topic = message.getHeader(KafkaConstants.TOPIC);
        Object partition = message.getHeader(KafkaConstants.PARTITION);
        Object offset = message.getHeader(KafkaConstants.OFFSET);
        if (topic != null && partition != null && offset != null) {
            return "msg_" + topic + "_" + partition + "_" + offset;
        }
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void process(Exchange exchange) {
        if (key == null) {
            return;
        }
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        // The bytes signed are the bytes sent.
        message.setBody(body);
        String id = message.getHeader(HeaderPolicy.MESSAGE_ID, String.class);
        if (id == null || id.isBlank()) {
            id = positionId(message);
        }
        long timestamp = Instant.now().getEpochSecond();
        message.setHeader(StandardWebhooks.ID, id);
        message.setHeader(StandardWebhooks.TIMESTAMP, Long.toString(timestamp));
        message.setHeader(StandardWebhooks.SIGNATURE, StandardWebhooks.sign(key, id, timestamp, body));
    }
}
