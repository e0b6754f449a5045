package io.junction.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void connectorsAndRawEndpointsToTheSameTopicOrQueueGetTheSameName() {
        assertThat(Topology.resource("kamelet:kafka-sink?topic=orders")).isEqualTo("kafka:orders");
        assertThat(Topology.resource("kamelet:kafka-source?groupId=g&topic=orders")).isEqualTo("kafka:orders");
        assertThat(Topology.resource("kafka:orders?brokers=x")).isEqualTo("kafka:orders");
        assertThat(Topology.resource("kamelet:amqp-sink?destination=out")).isEqualTo("amqp:queue:out");
        assertThat(Topology.resource("amqp:queue:out")).isEqualTo("amqp:queue:out");
        assertThat(Topology.resource("amqp:out")).isEqualTo("amqp:queue:out");
        assertThat(Topology.resource("kamelet:amqp-source?destination=t&destinationType=topic")).isEqualTo("amqp:topic:t");
        assertThat(Topology.resource("kamelet:webhook-source?path=/hooks/gh")).isEqualTo("webhook:/hooks/gh");
        assertThat(Topology.resource("junction-kafka:orders?groupId=g")).isEqualTo("kafka:orders");
        assertThat(Topology.resource("direct:next")).isEqualTo("direct:next");
        assertThat(Topology.resource("kamelet://sink?routeId=x")).isNull();
        assertThat(Topology.resource(null)).isNull();
    }

    @Test
    void aRouteReadsItsInputAndWritesEverySend() {
        RouteDefinition def = new RouteDefinition();
        def.from("kamelet:kafka-source?topic=in&groupId=g").to("kamelet:amqp-sink?destination=out")
                .wireTap("kafka:audit").toD("direct:${header.next}");
        Topology.Node node = Topology.of("bridge", def);
        assertThat(node.from()).isEqualTo("kafka:in");
        assertThat(node.to()).containsExactly("amqp:queue:out", "kafka:audit", "direct:${header.next}");
    }

    /** A route whose connectors were expanded into it: their parameters are the route's template parameters. */
    @Test
    void anExpandedRouteIsNamedByItsConnectorsParameters() {
        RouteDefinition def = new RouteDefinition();
        def.from("junction-webhook:{{junction.use1.path}}?verifier={{junction.use1.verifier}}")
                .to("kafka:{{junction.use2.topic}}?brokers={{?junction.use2.brokers}}").to("log:{{env:LOGGER}}");
        def.setTemplateParameters(java.util.Map.of("junction.use1.path", "/hooks/gh", "junction.use2.topic", "orders"));
        Topology.Node node = Topology.of("hook", def);
        assertThat(node.from()).isEqualTo("webhook:/hooks/gh");
        assertThat(node.to()).containsExactly("kafka:orders", "log:{{env:LOGGER}}");
    }
}
