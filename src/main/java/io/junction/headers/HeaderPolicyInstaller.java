package io.junction.headers;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.component.springrabbit.DefaultMessagePropertiesConverter;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Puts the {@link HeaderPolicy} into a Camel context so that no route can do without it: every endpoint the context
 * creates gets the policy on top of its own header filter, and every route that consumes from outside gets
 * {@link IngressHeaders}. Raw routes written without Junction's connectors are covered the same way.
 */
public final class HeaderPolicyInstaller extends LifecycleStrategySupport {

    private final HeaderPolicy policy;

    private HeaderPolicyInstaller(HeaderPolicy policy) {
        this.policy = policy;
    }

    public static void install(CamelContext context, HeaderPolicy policy) {
        context.addLifecycleStrategy(new HeaderPolicyInstaller(policy));
        context.addRoutePolicyFactory(IngressHeaders.factory(policy));
    }

    @Override
    public void onEndpointAdd(Endpoint endpoint) {
        if (endpoint instanceof HeaderFilterStrategyAware aware) {
            aware.setHeaderFilterStrategy(new PolicyHeaderFilterStrategy(policy, aware.getHeaderFilterStrategy()));
            if (endpoint instanceof JmsEndpoint jms) {
                // The JMS binding copies the endpoint's filter when it is made, which may be before now (camel-amqp
                // makes it while configuring the endpoint): kafka.* went out on AMQP, names off the allowlist came in.
                jms.setBinding(new JmsBinding(jms));
            }
        } else if (endpoint instanceof KafkaEndpoint kafka) {
            KafkaConfiguration c = kafka.getConfiguration();
            c.setHeaderFilterStrategy(new PolicyHeaderFilterStrategy(policy, c.getHeaderFilterStrategy()));
        } else if (endpoint instanceof SpringRabbitMQEndpoint rabbit
                && rabbit.getMessagePropertiesConverter() instanceof DefaultMessagePropertiesConverter converter) {
            SpringRabbitMQComponent component = (SpringRabbitMQComponent) rabbit.getComponent();
            converter.setHeaderFilterStrategy(
                    new PolicyHeaderFilterStrategy(policy, component.getHeaderFilterStrategy()));
        }
    }
}
