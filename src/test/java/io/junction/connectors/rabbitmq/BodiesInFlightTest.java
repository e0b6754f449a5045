package io.junction.connectors.rabbitmq;

import static io.junction.connectors.rabbitmq.OversizeBodiesTest.bytes;
import static io.junction.connectors.rabbitmq.OversizeBodiesTest.delivery;
import static io.junction.connectors.rabbitmq.OversizeBodiesTest.frames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;
import org.junit.jupiter.api.Test;

/**
 * The tenth probe's remainder: RabbitMQ sends up to prefetchCount unsettled messages whatever their size (250 of 15 MB
 * are 3.75 GB). Deliveries as RabbitMQ frames them, settlements as the client writes them: the reader waits before a
 * body that would take the bytes held over the budget, and goes on when a settlement of any kind brings them under.
 */
class BodiesInFlightTest {

    static final int BODY = 40_000;

    /** Three deliveries of 40 KB on channel 1 under a budget of 100 KB: the third waits for a settlement. */
    void thirdWaitsUntil(Consumer<OversizeBodies> settle) throws Exception {
        BodiesInFlight budget = new BodiesInFlight(100_000);
        List<Frame> wire = new ArrayList<>();
        for (long tag = 1; tag <= 3; tag++) {
            wire.addAll(delivery(1, tag, bytes(BODY)));
        }
        OversizeBodies reader = new OversizeBodies(frames(wire), 16_000_000, budget.ledger());
        CompletableFuture<Integer> all = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            try {
                while (reader.readFrame() != null) {
                    n++;
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return n;
        });
        await("two bodies held").atMost(Duration.ofSeconds(10)).until(() -> budget.held() == 2 * BODY);
        assertThat(all).as("the third delivery's body is not read while two are held").isNotDone();
        settle.accept(reader);
        // method + header + 10 body frames of 4 KiB, three times
        assertThat(all.get(10, TimeUnit.SECONDS)).isEqualTo(3 * 12);
    }

    @Test
    void anAckLetsTheNextBodyIn() throws Exception {
        thirdWaitsUntil(r -> write(r, new AMQImpl.Basic.Ack(1, false)));
    }

    @Test
    void aRejectOrANackLetsItIn() throws Exception {
        thirdWaitsUntil(r -> write(r, new AMQImpl.Basic.Reject(2, true)));
        thirdWaitsUntil(r -> write(r, new AMQImpl.Basic.Nack(2, true, true)));
    }

    @Test
    void aChannelThatClosesOrRecoversGivesBackAllItHeld() throws Exception {
        thirdWaitsUntil(r -> write(r, new AMQImpl.Channel.Close(200, "bye", 0, 0)));
        thirdWaitsUntil(r -> write(r, new AMQImpl.Basic.Recover(true)));
    }

    /**
     * Review: deliveries already on the socket when the client closes a channel arrive before its close-ok; the
     * client drops them unacknowledged. Counted, they stalled the reader for good, with the close-ok behind them.
     */
    @Test
    void deliveriesToAChannelBeingClosedAreNeitherHeldNorWaitedFor() throws Exception {
        BodiesInFlight budget = new BodiesInFlight(100_000);
        BodiesInFlight.Ledger ledger = budget.ledger();
        ledger.hold(1, 1, 60_000);
        ledger.closing(1);
        assertThat(budget.held()).isZero();
        ledger.hold(1, 2, 60_000);
        ledger.hold(1, 3, 60_000);
        assertThat(budget.held()).as("stale deliveries of a closing channel").isZero();
        ledger.closed(1);
        ledger.hold(1, 1, 60_000);
        assertThat(budget.held()).as("the channel number reopened").isEqualTo(60_000);
    }

    @Test
    void aClosedConnectionNeverLeavesItsReaderWaiting() throws Exception {
        thirdWaitsUntil(OversizeBodies::close);
    }

    @Test
    void aSettlementOfAnotherChannelOrATagNotHeldGivesNothingBack() throws Exception {
        BodiesInFlight budget = new BodiesInFlight(100_000);
        BodiesInFlight.Ledger ledger = budget.ledger();
        ledger.hold(1, 1, BODY);
        ledger.hold(1, 2, BODY);
        ledger.settled(2, 1, true);
        ledger.settled(1, 9, false);
        assertThat(budget.held()).isEqualTo(2 * BODY);
        ledger.settled(1, 1, true);
        assertThat(budget.held()).isEqualTo(BODY);
        ledger.settled(1, 0, true); // multiple with tag 0: everything outstanding
        assertThat(budget.held()).isZero();
    }

    @Test
    void oneMessageIsAlwaysLetInHoweverLarge() throws Exception {
        BodiesInFlight budget = new BodiesInFlight(1_000);
        budget.ledger().hold(1, 1, 5_000_000);
        assertThat(budget.held()).isEqualTo(5_000_000);
    }

    @Test
    void theDeliveryTagIsReadInPlaceAsAmqpClientReadsIt() throws Exception {
        Frame deliver = OversizeBodiesTest.reread(new AMQImpl.Basic.Deliver("a-consumer-tag", 1L << 40 | 7, true, "ex", "k")
                .toFrame(3));
        assertThat(OversizeBodies.deliveryTag(deliver.getPayload())).isEqualTo(1L << 40 | 7);
        Frame getOk = OversizeBodiesTest.reread(new AMQImpl.Basic.GetOk(42, false, "ex", "k", 0).toFrame(3));
        assertThat(OversizeBodies.deliveryTag(getOk.getPayload())).isEqualTo(42);
        Frame other = OversizeBodiesTest.reread(new AMQImpl.Basic.Ack(5, false).toFrame(3));
        assertThat(OversizeBodies.deliveryTag(other.getPayload())).isEqualTo(-1);
    }

    static void write(OversizeBodies connection, com.rabbitmq.client.impl.Method method) {
        try {
            connection.writeFrame(method.toFrame(1));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
