package io.junction.connectors.archive;

import java.nio.file.Path;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.TimeUtils;

/** One archive directory and how its segments roll. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "junction-archive", title = "Junction Archive",
        syntax = "junction-archive:directory", producerOnly = true, category = { Category.FILE })
public final class ArchiveEndpoint extends DefaultEndpoint {

    @UriPath(description = "The archive directory (created if missing).")
    @Metadata(required = true)
    private final Path directory;
    @UriParam(description = "A segment is sealed after this many events.", defaultValue = "100000")
    private long maxEvents = 100_000;
    @UriParam(description = "A segment is sealed after this many bytes (before compression).",
            defaultValue = "67108864")
    private long maxBytes = 64L * 1024 * 1024;
    @UriParam(description = "A segment is sealed once it has been open this long.",
            defaultValue = "10m", javaType = "java.lang.String")
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

    public Path directory() {
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
