package io.junction.cluster;

import java.util.concurrent.TimeUnit;

import io.junction.config.JunctionConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.spi.CamelContextCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election for sources that must run on one gateway at a time (a file drop directory, a timer): Camel's
 * {@code master:NAME:URI} routes, with a lock file per name in {@code junction.cluster.lock-dir} on a volume every
 * gateway mounts. The lock is the operating system's, so a leader that dies loses it with its process; a follower
 * takes over once the leader's heartbeat is three beats old.
 */
@ApplicationScoped
public class LeaderElection {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);
    static final int MISSED_HEARTBEATS = 3;

    @Produces
    @Unremovable
    @ApplicationScoped
    CamelContextCustomizer installClusterService(JunctionConfig config) {
        return (CamelContext context) -> config.cluster().lockDir().filter(dir -> !dir.isBlank()).ifPresent(dir -> {
            FileLockClusterService service = new FileLockClusterService();
            service.setId("junction-" + config.instance().id().orElse(""));
            service.setRoot(dir);
            service.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
            service.setAcquireLockInterval(config.cluster().heartbeat().toMillis(), TimeUnit.MILLISECONDS);
            service.setHeartbeatTimeoutMultiplier(MISSED_HEARTBEATS);
            try {
                context.addService(service);
            } catch (Exception e) {
                throw new IllegalStateException("cannot install the cluster service on " + dir, e);
            }
            LOG.info("Leader election for master: routes in {} (heartbeat {})", dir, config.cluster().heartbeat());
        });
    }
}
