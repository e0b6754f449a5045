package io.junction.headers;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import io.junction.metrics.EventLog;
import io.junction.metrics.EventMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelContextCustomizer;
import io.junction.config.JunctionConfig;

/**
 * Wires the header policy (from {@code junction.headers.allow}), the event metrics and, when asked for, the event log
 * into the gateway's Camel context.
 */
@ApplicationScoped
public class HeaderPolicyConfig {

    @Produces
    @Unremovable
    @ApplicationScoped
    HeaderPolicy headerPolicy(JunctionConfig config) {
        return new HeaderPolicy(config.headers().allow());
    }

    @Produces
    @Unremovable
    @ApplicationScoped
    CamelContextCustomizer installHeaderPolicy(HeaderPolicy policy, JunctionConfig config) {
        return (CamelContext context) -> {
            HeaderPolicyInstaller.install(context, policy);
            EventMetrics.install(context);
            if (config.events().log()) {
                context.addRoutePolicyFactory(EventLog.factory());
            }
        };
    }
}
