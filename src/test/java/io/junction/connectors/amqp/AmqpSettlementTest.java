package io.junction.connectors.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.apache.qpid.jms.message.JmsMessageSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The settlement step without a broker: which outcome each completion settles with, and the in-flight bound. The
 * JMS messages are stand-ins that record what was asked of them; BridgesIT, CrashIT and FaultsIT run the connector
 * against Artemis.
 */
class AmqpSettlementTest {

    final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    /** A received JMS message that records the acknowledgement type it was settled with. */
    static final class Received {
        final List<Integer> settledAs = new CopyOnWriteArrayList<>();
        private Integer ackType;

        final jakarta.jms.Message message = (jakarta.jms.Message) Proxy.newProxyInstance(
                AmqpSettlementTest.class.getClassLoader(), new Class<?>[] {jakarta.jms.Message.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setIntProperty" -> {
                            if (JmsMessageSupport.JMS_AMQP_ACK_TYPE.equals(args[0])) {
                                ackType = (Integer) args[1];
                            }
                        }
                        case "acknowledge" -> settledAs.add(ackType);
                        default -> { }
                    }
                    return null;
                });
    }

    Exchange exchangeFor(Received received) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setIn(new JmsMessage(exchange, received.message, null, null));
        return exchange;
    }

    static List<Synchronization> completions(Exchange exchange) {
        return exchange.getExchangeExtension().handoverCompletions();
    }

    @Test
    void aMessageIsSettledOnlyWhenItsExchangeCompletesAcceptedOnSuccessModifiedFailedOnFailure() throws Exception {
        AmqpSettlement settlement = new AmqpSettlement(10);
        Received ok = new Received();
        Received failed = new Received();
        Exchange okExchange = exchangeFor(ok);
        Exchange failedExchange = exchangeFor(failed);

        settlement.process(okExchange);
        settlement.process(failedExchange);
        assertThat(ok.settledAs).as("nothing settled at hand-off").isEmpty();
        assertThat(failed.settledAs).isEmpty();

        completions(okExchange).forEach(s -> s.onComplete(okExchange));
        completions(failedExchange).forEach(s -> s.onFailure(failedExchange));
        assertThat(ok.settledAs).containsExactly(JmsMessageSupport.ACCEPTED);
        assertThat(failed.settledAs).containsExactly(JmsMessageSupport.MODIFIED_FAILED);
    }

    @Test
    void theConsumerWaitsWhileMaxInFlightMessagesAreUnsettled() throws Exception {
        AmqpSettlement settlement = new AmqpSettlement(2);
        Exchange first = exchangeFor(new Received());
        Exchange second = exchangeFor(new Received());
        settlement.process(first);
        settlement.process(second);
        List<Synchronization> firstDone = completions(first);

        Exchange third = exchangeFor(new Received());
        CompletableFuture<Void> handedOff = CompletableFuture.runAsync(() -> {
            try {
                settlement.process(third);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Still waiting after several of its one-second permit checks: nothing settled, nothing let through.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> !handedOff.isDone());

        firstDone.forEach(s -> s.onComplete(first));
        await().atMost(Duration.ofSeconds(5)).until(handedOff::isDone);
        assertThat(handedOff).isNotCompletedExceptionally();
    }

    @Test
    void aFailureToSettleReleasesThePermitAndIsLeftToTheBrokersRedelivery() throws Exception {
        AmqpSettlement settlement = new AmqpSettlement(1);
        jakarta.jms.Message closed = (jakarta.jms.Message) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {jakarta.jms.Message.class}, (proxy, method, args) -> {
                    if (method.getName().equals("acknowledge")) {
                        throw new jakarta.jms.IllegalStateException("The Session is closed");
                    }
                    return null;
                });
        Exchange lost = new DefaultExchange(context);
        lost.setIn(new JmsMessage(lost, closed, null, null));
        settlement.process(lost);
        completions(lost).forEach(s -> s.onComplete(lost));

        Received next = new Received();
        Exchange nextExchange = exchangeFor(next);
        CompletableFuture<Void> handedOff = CompletableFuture.runAsync(() -> {
            try {
                settlement.process(nextExchange);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(handedOff::isDone);
        assertThat(handedOff).isNotCompletedExceptionally();
    }

    @Test
    void anythingButAnAmqpConsumersMessageIsRefused() {
        AmqpSettlement settlement = new AmqpSettlement(1);
        assertThatThrownBy(() -> settlement.process(new DefaultExchange(context)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("first step after an amqp: consumer");
        assertThatThrownBy(() -> new AmqpSettlement(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
