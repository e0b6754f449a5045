package io.junction.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a request reserves of the ingress's body budget, and when it is let in. */
class BodyBudgetTest {

    @Test
    void aRequestReservesItsLengthOrThePortsLimit() {
        assertThat(BodyBudget.reservation(null, false, 1000)).as("no body").isZero();
        assertThat(BodyBudget.reservation("0", false, 1000)).isZero();
        assertThat(BodyBudget.reservation("250", false, 1000)).isEqualTo(250);
        assertThat(BodyBudget.reservation("99999999999", false, 1000)).as("over the limit: 413 before it is read")
                .isEqualTo(1000);
        assertThat(BodyBudget.reservation(null, true, 1000)).as("chunked: as much as it may send").isEqualTo(1000);
        assertThat(BodyBudget.reservation("+2", false, 1000)).isEqualTo(2);
        assertThat(BodyBudget.reservation("x", false, 1000)).as("malformed: the framing check refuses it").isEqualTo(1000);
    }

    @Test
    void bodiesAreLetInWhileTheyFitAndOneAlways() {
        BodyBudget.Port port = new BodyBudget.Port(1000, 10_000, 30_000);
        assertThat(port.reserve(5000)).as("one body always, however large").isTrue();
        assertThat(port.reserve(1)).isFalse();
        BodyBudget.Port small = new BodyBudget.Port(1000, 10_000, 30_000);
        assertThat(small.reserve(600)).isTrue();
        assertThat(small.reserve(400)).isTrue();
        assertThat(small.reserve(1)).isFalse();
        assertThat(small.held()).isEqualTo(1000);
    }
}
