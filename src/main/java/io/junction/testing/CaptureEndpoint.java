package io.junction.testing;

import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.junction.headers.HeaderPolicy;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/** One stand-in sink (see {@link CaptureComponent}). */
final class CaptureEndpoint extends DefaultEndpoint {

    private static final HeaderPolicy POLICY = HeaderPolicy.defaults();

    private final String sink;
    private final Captures captures;

    CaptureEndpoint(String uri, CaptureComponent component, String sink, Captures captures) {
        super(uri, component);
        this.sink = sink;
        this.captures = captures;
    }

    @Override
    public boolean isLenientProperties() {
        return true;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                String failure = captures.nextFailure(sink);
                if (failure != null) {
                    if ("unavailable".equals(failure)) {
                        throw new ConnectException(sink + " is unavailable (simulated)");
                    }
                    int status = Integer.parseInt(failure);
                    throw new HttpOperationFailedException(sink, status, "simulated", null, Map.of(), "");
                }
                Map<String, Object> headers = new LinkedHashMap<>();
                exchange.getMessage().getHeaders().forEach((k, v) -> {
                    if (POLICY.allowsOutbound(k) && v != null) {
                        headers.put(k, v);
                    }
                });
                String body = exchange.getMessage().getBody(String.class);
                captures.add(sink, new Captures.Message(body, headers,
                        exchange.getMessage().getHeader(KafkaConstants.KEY, String.class),
                        exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class),
                        new LinkedHashMap<>(exchange.getMessage().getHeaders())));
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        // Inputs of routes under test are replaced; other consumers of the set stay quiet.
        return new DefaultConsumer(this, processor);
    }
}
