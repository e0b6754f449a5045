package io.junction.connectors.archive;

import java.nio.file.Path;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.TimeUtils;

/** One archive directory and how its segments roll. */
public final class ArchiveEndpoint extends DefaultEndpoint {

    private final Path directory;
    /** A segment is sealed after this many events... */
    private long maxEvents = 100_000;
    /** ...or this many bytes before compression... */
    private long maxBytes = 64L * 1024 * 1024;
    /** ...or once it has been open this long (and always at the end of its hour, and when the gateway stops). */
    private String rollInterval = "10m";

    ArchiveEndpoint(String uri, ArchiveComponent component, Path directory) {
        super(uri, component);
        this.directory = directory;
    }

    void validate() {
        if (maxEvents < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxEvents and maxBytes must be at least 1");
        }
        if (rollIntervalMillis() < 1000) {
            throw new IllegalArgumentException("rollInterval must be at least 1s, not " + rollInterval);
        }
    }

    Path directory() {
        return directory;
    }

    long rollIntervalMillis() {
        return TimeUtils.toMilliSeconds(rollInterval);
    }

    @Override
    public Producer createProducer() {
        return new ArchiveProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("junction-archive only writes; read it with junction replay --archive");
    }

    @Override
    public ArchiveComponent getComponent() {
        return (ArchiveComponent) super.getComponent();
    }

    public long getMaxEvents() {
        return maxEvents;
    }

    public void setMaxEvents(long maxEvents) {
        this.maxEvents = maxEvents;
    }

    public long getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public String getRollInterval() {
        return rollInterval;
    }

    public void setRollInterval(String rollInterval) {
        this.rollInterval = rollInterval;
    }
}
