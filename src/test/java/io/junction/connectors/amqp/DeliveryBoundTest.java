package io.junction.connectors.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.apache.qpid.jms.provider.ProviderFactory;
import org.apache.qpid.jms.provider.amqp.AmqpProvider;
import org.junit.jupiter.api.Test;

/** The configured URL is read through the bounded transport, whatever form it takes. */
class DeliveryBoundTest {

    @Test
    void amqpAndAmqpsAddressesAreReadThroughTheBoundedTransport() {
        assertThat(DeliveryBound.scheme("amqp://127.0.0.1:5673?jms.clientID=x"))
                .isEqualTo("junction-amqp://127.0.0.1:5673?jms.clientID=x");
        assertThat(DeliveryBound.scheme("amqps://broker:5671"))
                .isEqualTo("junction-amqps://broker:5671");
        assertThat(DeliveryBound.scheme("failover:(amqp://a:5672,amqps://b:5671)?failover.maxReconnectAttempts=3"))
                .isEqualTo("failover:(junction-amqp://a:5672,junction-amqps://b:5671)?failover.maxReconnectAttempts=3");
        // WebSocket transports are Qpid's own, unbounded (docs/configuration.md says so).
        assertThat(DeliveryBound.scheme("amqpws://broker:80")).isEqualTo("amqpws://broker:80");
    }

    @Test
    void qpidFindsTheBoundedSchemes() throws Exception {
        for (String url : new String[] {"junction-amqp://127.0.0.1:1", "junction-amqps://127.0.0.1:1"}) {
            assertThat(ProviderFactory.create(new URI(url))).isInstanceOf(AmqpProvider.class)
                    .satisfies(p -> assertThat(((AmqpProvider) p).getTransport().getClass().getName())
                            .startsWith(DeliveryBound.class.getName()));
        }
    }
}
