package io.junction.connectors.webhook;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code junction-webhook:/path?options}: webhook ingress that is safe to expose to the internet. Verifies
 * signatures over the raw body, enforces limits, answers only after the route has stored the event, and drops
 * redeliveries. Used through the webhook-source connector; see {@link WebhookEndpoint} for the options.
 */
@Component("junction-webhook")
public final class WebhookComponent extends DefaultComponent {

    public static final String SCHEME = "junction-webhook";
    /** Paths whose route is being replaced answer 503, not 404. */
    final WebhookHandover handover = new WebhookHandover();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String path = remaining.startsWith("/") ? remaining : "/" + remaining;
        WebhookEndpoint endpoint = new WebhookEndpoint(uri, this, path);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
