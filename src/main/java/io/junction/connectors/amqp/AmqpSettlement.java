package io.junction.connectors.amqp;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

import io.micrometer.core.instrument.Metrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.apache.camel.component.jms.DefaultJmsMessageListenerContainer;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.component.jms.MessageListenerContainerFactory;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.qpid.jms.message.JmsMessageSupport;
import org.jboss.logging.Logger;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.jms.listener.AbstractMessageListenerContainer;

/**
 * amqp-source's acknowledgement: each message is settled on its own when its exchange completes, so the consumer
 * hands a message to the route and receives the next at once, and up to {@code maxInFlight} messages are on their
 * way (an asynchronous sink such as kafka-sink keeps them all in flight). Settled as accepted once the route finished
 * with it (delivered, dead-lettered or filtered); as modified, delivery failed, when it failed without being handled,
 * which makes the broker redeliver it and count the attempt, as a rolled-back transaction did. Unsettled messages
 * of a consumer that dies are redelivered by the broker: at-least-once.
 *
 * <p>This is the connector's first step. Its consumer must come from {@link Listeners}: a session in Qpid JMS's
 * individual-acknowledge mode, which Spring's container must not acknowledge after the hand-off.
 */
public final class AmqpSettlement implements Processor {

    private static final Logger LOG = Logger.getLogger(AmqpSettlement.class);

    /** Qpid JMS's INDIVIDUAL_ACKNOWLEDGE session mode: {@code acknowledge()} settles that message only. */
    static final int INDIVIDUAL_ACKNOWLEDGE = 101;

    private final Semaphore inFlight;

    public AmqpSettlement(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.inFlight = new Semaphore(maxInFlight);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        JmsMessage in = exchange.getIn(JmsMessage.class);
        if (in == null || in.getJmsMessage() == null) {
            throw new IllegalStateException("AmqpSettlement must be the first step after an amqp: consumer");
        }
        jakarta.jms.Message message = in.getJmsMessage();
        boolean permitted = awaitPermit(exchange);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                settle(message, JmsMessageSupport.ACCEPTED, permitted);
            }

            @Override
            public void onFailure(Exchange failed) {
                settle(message, JmsMessageSupport.MODIFIED_FAILED, permitted);
            }
        });
    }

    /**
     * Waits while {@code maxInFlight} messages are in flight. A consumer that is being stopped lets its last message
     * through without a permit instead of waiting on a route that may never finish: stopping must not hang.
     */
    private boolean awaitPermit(Exchange exchange) throws InterruptedException {
        while (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
            if (stopping(exchange)) {
                return false;
            }
        }
        return true;
    }

    private static boolean stopping(Exchange exchange) {
        if (exchange.getContext().isStopping()) {
            return true;
        }
        String routeId = exchange.getFromRouteId();
        if (routeId == null) {
            return false;
        }
        Route route = exchange.getContext().getRoute(routeId);
        return route == null || route.getConsumer() instanceof StatefulService s
                && (s.isStopping() || s.isStopped() || s.isSuspending() || s.isSuspended());
    }

    private void settle(jakarta.jms.Message message, int outcome, boolean permitted) {
        try {
            message.setIntProperty(JmsMessageSupport.JMS_AMQP_ACK_TYPE, outcome);
            message.acknowledge();
        } catch (JMSException | RuntimeException e) {
            // The session is gone (connection lost, consumer closed): the broker redelivers the message.
            LOG.debugf(e, "amqp-source could not settle a message; the broker will redeliver it");
        } finally {
            if (permitted) {
                inFlight.release();
            }
        }
    }

    /**
     * amqp-source's listener container: Camel's, with sessions in individual-acknowledge mode that the container
     * leaves alone. Spring treats every non-standard mode as client acknowledge and would acknowledge each message as
     * soon as the listener returned, which with an asynchronous route is before the message was delivered.
     *
     * <p>Each container also has a connection of its own, not the gateway's shared one: Qpid JMS decodes a message on
     * its connection's thread and lets an Error there (a value nested tens of thousands deep overflows the stack)
     * fail the whole connection. Shared, that restarted every AMQP route with it, again on each redelivery, until the
     * broker gave up on the message; now it is the one route whose queue holds the message.
     */
    public static final class Listeners implements MessageListenerContainerFactory {

        @Override
        public AbstractMessageListenerContainer createMessageListenerContainer(JmsEndpoint endpoint) {
            DefaultJmsMessageListenerContainer container = new DefaultJmsMessageListenerContainer(endpoint) {
                @Override
                public void setConnectionFactory(ConnectionFactory factory) {
                    super.setConnectionFactory(factory instanceof SingleConnectionFactory shared
                            && shared.getTargetConnectionFactory() != null ? shared.getTargetConnectionFactory()
                                    : factory);
                }

                /** Counted, so a source whose connection keeps failing is visible, not only logged. */
                @Override
                protected void handleListenerSetupFailure(Throwable ex, boolean alreadyRecovered) {
                    Metrics.counter("junction.source.failures", "destination",
                            String.valueOf(endpoint.getDestinationName())).increment();
                    super.handleListenerSetupFailure(ex, alreadyRecovered);
                }

                @Override
                protected boolean isClientAcknowledge(Session session) throws JMSException {
                    return session.getAcknowledgeMode() != INDIVIDUAL_ACKNOWLEDGE && super.isClientAcknowledge(session);
                }
            };
            container.setSessionAcknowledgeMode(INDIVIDUAL_ACKNOWLEDGE);
            return container;
        }
    }
}
