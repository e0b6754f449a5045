package io.junction.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;

import io.junction.config.JunctionConfig;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.errorhandler.DeadLetterChannelDefinition;
import org.junit.jupiter.api.Test;

class DeadLetterPolicyTest {

    static JunctionConfig.DeadLetter config() {
        return (JunctionConfig.DeadLetter) Proxy.newProxyInstance(DeadLetterPolicyTest.class.getClassLoader(),
                new Class<?>[] { JunctionConfig.DeadLetter.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "enabled" -> true;
                    case "uri" -> "kafka:{route}.dlq";
                    default -> null;
                });
    }

    /**
     * An outside look: a file's onException with handled: true still logged every failure it handled as a WARN
     * ("Failed delivery ... On delivery attempt: 0"), inherited from the dead-letter channel's retry logging.
     */
    @Test
    void anOnExceptionThatHandlesItsFailureLogsItsAttemptsAtCamelsDefaultLevel() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            RouteDefinition route = new RouteDefinition();
            route.routeId("r").from("timer:t");
            OnExceptionDefinition handled = route.onException(IllegalStateException.class).handled(true);
            handled.log("handled");
            OnExceptionDefinition notHandled = new RouteDefinition().onException(IllegalArgumentException.class);
            route.addOutput(notHandled);
            route.log("body");
            new DeadLetterPolicy(camel, new RetryPolicy(3, Duration.ofMillis(100), 2, Duration.ofSeconds(1), 0,
                    Duration.ofSeconds(1)), config()).apply("r", route);

            DeadLetterChannelDefinition channel = (DeadLetterChannelDefinition) route.getErrorHandlerFactory();
            assertThat(channel.getRedeliveryPolicy().getRetryAttemptedLogLevel()).as("a failure nobody handles")
                    .isEqualTo("WARN");
            assertThat(handled.getRedeliveryPolicyType().getRetryAttemptedLogLevel()).isEqualTo("DEBUG");
            assertThat(notHandled.getRedeliveryPolicyType()).as("not handled: still a failure to see").isNull();
        }
    }
}
