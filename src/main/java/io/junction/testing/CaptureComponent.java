package io.junction.testing;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * Stands in for a transport (kafka, http, amqp, file...) in route tests: sending records the message in
 * {@link Captures} (or fails as the test planned), consuming produces nothing. Any option is accepted, so the
 * routes' real URIs work unchanged.
 */
public final class CaptureComponent extends DefaultComponent {

    private final String scheme;
    private final Captures captures;

    public CaptureComponent(String scheme, Captures captures) {
        this.scheme = scheme;
        this.captures = captures;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        String path = remaining.startsWith("//") && !scheme.startsWith("http") ? remaining.substring(2) : remaining;
        String sink = scheme.startsWith("http") ? scheme + ":" + (path.startsWith("//") ? path : "//" + path) : scheme + ":" + path;
        CaptureEndpoint endpoint = new CaptureEndpoint(uri, this, sink, captures);
        // The real component's options stay on the URI; here they mean nothing.
        parameters.clear();
        return endpoint;
    }

    @Override
    public boolean useRawUri() {
        return true;
    }
}
