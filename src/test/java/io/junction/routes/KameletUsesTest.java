package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each connector use gets a connector route id of its own, stable across reloads; other URIs stay as written. */
class KameletUsesTest {

    static String named(String uri, String owner) {
        return KameletUses.named(uri, owner, new int[] { 0 });
    }

    @Test
    void aConnectorUseIsNamedAfterItsRouteAndPosition() {
        int[] n = { 0 };
        assertThat(KameletUses.named("kamelet:kafka-sink?topic=events", "orders", n))
                .isEqualTo("kamelet:kafka-sink/orders.kafka-sink.1?topic=events");
        assertThat(KameletUses.named("kamelet://log-sink", "orders", n))
                .isEqualTo("kamelet://log-sink/orders.log-sink.2");
    }

    @Test
    void aUseIsShownAsItsFileWroteIt() {
        assertThat(KameletUses.asWritten("kamelet:kafka-source/orders.kafka-source.1")).isEqualTo("kamelet:kafka-source");
        assertThat(KameletUses.asWritten("kamelet://log-sink/a-b.c.log-sink.12?x=1")).isEqualTo("kamelet://log-sink?x=1");
        assertThat(KameletUses.asWritten("kamelet:kafka-sink/mine?topic=t")).isEqualTo("kamelet:kafka-sink/mine?topic=t");
        assertThat(KameletUses.asWritten("kafka:t")).isEqualTo("kafka:t");
    }

    @Test
    void whatAlreadyNamesItsRouteOrIsNoConnectorUseIsLeftAlone() {
        assertThat(named("kamelet:kafka-sink/mine?topic=t", "r")).isNull();
        assertThat(named("kamelet:kafka-sink?topic=t&routeId=mine", "r")).isNull();
        assertThat(named("kamelet:source", "r")).isNull();
        assertThat(named("kamelet://sink?routeId={{routeId}}", "r")).isNull();
        assertThat(named("kafka:events", "r")).isNull();
        assertThat(named(null, "r")).isNull();
    }
}
