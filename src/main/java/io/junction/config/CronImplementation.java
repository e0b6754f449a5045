package io.junction.config;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.Unremovable;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.cron.api.CamelCronConfiguration;
import org.apache.camel.component.cron.api.CamelCronService;
import org.apache.camel.util.URISupport;

/**
 * The implementation behind Camel's {@code cron:} component: a {@code quartz:} endpoint. Camel finds its own
 * (camel-quartz's) through a service file that Camel Quarkus does not index for a plain Camel component, so every
 * cron route failed to start; Camel looks in the registry first. Unlike camel-quartz's, the endpoint is the context's
 * own (registered under its URI): routes are installed into a running context here, so a job can fire while its route
 * is still starting, and Quartz then looks the endpoint up by URI. An unregistered one was replaced by a copy without
 * a consumer, and the route never fired again.
 */
@ApplicationScoped
public class CronImplementation {

    @Produces
    @Unremovable
    @ApplicationScoped
    CamelCronService quartz(CamelContext context) {
        return new CamelCronService() {
            @Override
            public Endpoint createEndpoint(CamelCronConfiguration configuration) throws Exception {
                String schedule = configuration.getSchedule().strip();
                // Quartz wants seconds; a Unix cron line (five fields) has none.
                String quartz = schedule.split("\\s+").length == 5 ? "0 " + schedule : schedule;
                return context.getEndpoint("quartz://" + configuration.getName() + "?"
                        + URISupport.createQueryString(Map.of("cron", quartz)));
            }

            @Override
            public String getId() {
                return "quartz";
            }
        };
    }
}
