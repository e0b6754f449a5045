package io.junction.connectors.archive;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.junction.metrics.EventMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultProducer;

/**
 * Archives each event: its payload, key, headers, source position and time, synced to disk before the exchange
 * goes on (so a source acknowledged after this sink never loses an archived event). Camel's and Kafka's own
 * headers are not kept as headers: the Kafka ones become the record's key, time and source position.
 */
final class ArchiveProducer extends DefaultProducer {

    private ArchiveWriter writer;
    private ScheduledExecutorService roller;

    ArchiveProducer(ArchiveEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public ArchiveEndpoint getEndpoint() {
        return (ArchiveEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        writer = getEndpoint().getComponent().acquire(getEndpoint());
        long every = Math.max(1000, getEndpoint().rollIntervalMillis() / 4);
        roller = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "junction-archive-roll");
        roller.scheduleWithFixedDelay(writer::sealIfOld, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (roller != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(roller);
        }
        getEndpoint().getComponent().release(getEndpoint().directory());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        long now = System.currentTimeMillis();
        Long kafkaTime = in.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        long time = kafkaTime != null ? kafkaTime : now;
        Object topic = in.getHeader(KafkaConstants.TOPIC);
        String source = topic == null ? null
                : topic + "/" + in.getHeader(KafkaConstants.PARTITION) + "@" + in.getHeader(KafkaConstants.OFFSET);
        byte[] key = in.getHeader(KafkaConstants.KEY, byte[].class);
        Map<String, String> headers = new LinkedHashMap<>();
        in.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel") && !name.startsWith("camel") && !name.startsWith("kafka.")
                    && !name.startsWith("org.apache.camel")
                    && (value instanceof CharSequence || value instanceof Number || value instanceof Boolean)) {
                headers.put(name, value.toString());
            }
        });
        String route = exchange.getProperty(EventMetrics.USER_ROUTE, exchange.getFromRouteId(), String.class);
        writer.append(ArchiveRecord.line(time, now, route, source, key, headers, in.getBody(byte[].class)), time);
    }
}
