package io.junction.connectors.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import io.junction.config.JunctionConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the Kafka cluster answers a metadata request: a gateway that cannot store events must not take
 * webhooks (a load balancer then sends senders elsewhere, and they retry). Results are cached briefly so frequent
 * probes do not load the brokers.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private static final Duration CACHE = Duration.ofSeconds(2);

    private final boolean enabled;
    private final String brokers;
    private Admin admin;
    private HealthCheckResponse cached;
    private long cachedAt;

    public KafkaReadiness(JunctionConfig config) {
        this.enabled = config.health().kafka().enabled();
        this.brokers = config.kafka().brokers();
    }

    @Override
    public synchronized HealthCheckResponse call() {
        if (!enabled) {
            return HealthCheckResponse.named("kafka").up().withData("checked", false).build();
        }
        long now = System.nanoTime();
        if (cached != null && now - cachedAt < CACHE.toNanos()) {
            return cached;
        }
        cached = probe();
        cachedAt = now;
        return cached;
    }

    private HealthCheckResponse probe() {
        try {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                        AdminClientConfig.CLIENT_ID_CONFIG, "junction-health"));
            }
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                    .get(3, TimeUnit.SECONDS).size();
            return HealthCheckResponse.named("kafka").up().withData("brokers", brokers).withData("nodes", nodes).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("kafka").down().withData("brokers", brokers)
                    .withData("error", e.getClass().getSimpleName()).build();
        }
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
