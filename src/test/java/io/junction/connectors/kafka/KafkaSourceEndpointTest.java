package io.junction.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class KafkaSourceEndpointTest {

    @Test
    void twoRoutesMayReadOneTopicAsOneGroup() throws Exception {
        // No broker is needed: the consumers start and keep trying to connect; starting is what is checked.
        String uri = "junction-kafka:orders?groupId=g&brokers=127.0.0.1:1";
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId("first").to("log:first");
                    from(uri).routeId("second").to("log:second");
                }
            });
            camel.start();
            assertThat(camel.getRouteController().getRouteStatus("first")).isEqualTo(ServiceStatus.Started);
            assertThat(camel.getRouteController().getRouteStatus("second")).isEqualTo(ServiceStatus.Started);
            assertThat(camel.getEndpoint(uri)).isInstanceOf(KafkaSourceEndpoint.class);
        }
    }
}
