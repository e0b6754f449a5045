package io.junction.connectors.kafka;

import java.util.List;

import io.junction.connectors.kafka.KafkaGroupMembers.Membership;
import io.junction.reload.GatewayRoutes;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until every Kafka consumer of the start-up routes has joined its group and been given its partitions
 * (possibly none, when the group has more members than partitions). A rollout that waits for readiness then never
 * stops the next old gateway while this one's share of the partitions still belongs to nobody. Once reached, the
 * state is reported but no longer gated: a consumer that joins later (a reload, a rebalance) must not take a
 * webhook-serving gateway out of its load balancer.
 */
@Readiness
@ApplicationScoped
public class KafkaAssignmentReadiness implements HealthCheck {

    private final KafkaGroupMembers members;
    private final GatewayRoutes routes;
    private final CamelContext camel;
    private volatile boolean reached;

    public KafkaAssignmentReadiness(KafkaGroupMembers members, GatewayRoutes routes, CamelContext camel) {
        this.members = members;
        this.routes = routes;
        this.camel = camel;
    }

    @Override
    public HealthCheckResponse call() {
        int expected = expectedConsumers();
        List<Membership> open = members.memberships();
        long assigned = open.stream().filter(Membership::assigned).count();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("kafka-partitions")
                .withData("consumers", expected).withData("assigned", assigned)
                .withData("partitions", open.stream().mapToInt(Membership::partitions).sum());
        for (Membership m : open) {
            if (!m.assigned()) {
                b.withData("waiting", m.group() + " on " + m.subscription());
            }
        }
        if (!reached && routes.loaded() && camel.isStarted() && assigned >= expected) {
            reached = true;
        }
        return (reached ? b.up() : b.down()).build();
    }

    /** Consumer threads of the running Kafka routes: each becomes one group member. */
    private int expectedConsumers() {
        int n = 0;
        for (Route route : camel.getRoutes()) {
            if (route.getConsumer() instanceof KafkaConsumer kafka && kafka.isRunAllowed()) {
                n += kafka.getEndpoint().getConfiguration().getConsumersCount();
            } else if (route.getConsumer() instanceof KafkaSourceConsumer source && source.isRunAllowed()) {
                n += ((KafkaSourceEndpoint) source.getEndpoint()).getConsumersCount();
            }
        }
        return n;
    }
}
