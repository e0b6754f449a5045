package io.junction.connectors.rabbitmq;

import java.io.IOException;

import com.rabbitmq.client.Channel;
import io.junction.deadletter.OversizeMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.jboss.logging.Logger;

/**
 * rabbitmq-source's acknowledgement: the consumer acknowledges manually and hands each message to the route
 * asynchronously, and this first step of the connector acknowledges the message on the channel it came from when
 * its exchange completes: ack once the route finished with it (delivered, dead-lettered or filtered), reject with
 * requeue when it failed without being handled. So up to the consumer's prefetch count messages are on their way at
 * once (the broker stops delivering beyond it), and a message is acknowledged only after the next hop confirmed it.
 * Unacknowledged messages of a consumer that dies are requeued by the broker: at-least-once. A message whose body was
 * too large to hold ({@link OversizeBodies}) fails here, with what was kept of it, to its dead letter.
 */
public final class RabbitSettlement implements Processor {

    private static final Logger LOG = Logger.getLogger(RabbitSettlement.class);

    @Override
    public void process(Exchange exchange) {
        Channel channel = exchange.getProperty(SpringRabbitMQConstants.CHANNEL, Channel.class);
        Long tag = exchange.getIn().getHeader(SpringRabbitMQConstants.DELIVERY_TAG, Long.class);
        if (channel == null || tag == null) {
            throw new IllegalStateException("RabbitSettlement must be the first step after a spring-rabbitmq consumer "
                    + "with acknowledgeMode=MANUAL");
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                settle(channel, tag, true);
            }

            @Override
            public void onFailure(Exchange failed) {
                settle(channel, tag, false);
            }
        });
        OversizeBodies.Cut cut = OversizeBodies.take(channel, tag);
        if (cut != null) {
            throw new OversizeMessage(cut.size(), cut.sha256(),
                    "junction.rabbitmq.max-message-size (" + cut.limit() + " bytes)");
        }
    }

    private static void settle(Channel channel, long tag, boolean delivered) {
        try {
            if (delivered) {
                channel.basicAck(tag, false);
            } else {
                channel.basicNack(tag, false, true);
            }
        } catch (IOException | RuntimeException e) {
            // The channel is gone (connection lost, consumer restarted): the broker requeues the message.
            LOG.debugf(e, "rabbitmq-source could not acknowledge a message; the broker will requeue it");
        }
    }
}
