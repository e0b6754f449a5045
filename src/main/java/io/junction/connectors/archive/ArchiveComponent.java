package io.junction.connectors.archive;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code junction-archive:DIR?options}: keeps every event of a route in compressed, time-partitioned, indexed files
 * for replay after the topics have forgotten them ({@code junction replay --archive DIR}). Used through the
 * archive-sink connector; see {@link ArchiveEndpoint} for the options. Routes writing the same directory share one
 * writer.
 */
@Component("junction-archive")
public final class ArchiveComponent extends DefaultComponent {

    public static final String SCHEME = "junction-archive";

    private final Map<Path, ArchiveWriter> writers = new HashMap<>();
    private final Map<Path, Integer> users = new HashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ArchiveEndpoint endpoint = new ArchiveEndpoint(uri, this, Path.of(remaining).toAbsolutePath().normalize());
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    synchronized ArchiveWriter acquire(ArchiveEndpoint endpoint) throws Exception {
        Path dir = endpoint.directory();
        ArchiveWriter w = writers.get(dir);
        if (w == null) {
            w = new ArchiveWriter(dir, endpoint.getMaxEvents(), endpoint.getMaxBytes(), endpoint.rollIntervalMillis());
            writers.put(dir, w);
        }
        users.merge(dir, 1, Integer::sum);
        return w;
    }

    synchronized void release(Path dir) throws Exception {
        if (users.merge(dir, -1, Integer::sum) <= 0) {
            users.remove(dir);
            ArchiveWriter w = writers.remove(dir);
            if (w != null) {
                w.close();
            }
        }
    }
}
