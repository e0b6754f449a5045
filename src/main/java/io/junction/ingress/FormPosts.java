package io.junction.ingress;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.quarkus.arc.Unremovable;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * HTML forms posted to a raw {@code platform-http} route. Camel hands such a route the form's fields as a map, and
 * only those the header policy lets through, so a Kafka or file sink stored an empty record for a form whose fields
 * were not on the allowlist. Here the route gets the form itself, as a body like any other content type: URL-encoded
 * text with every field and value as sent, in order, re-encoded from what Vert.x decoded (a space sent as %20
 * arrives as +). A multipart form (file uploads) cannot be carried that way and is refused with 415.
 * A route that wants Camel's map asks for it with {@code populateBodyWithForm=true} in its URI.
 */
public final class FormPosts extends RoutePolicySupport {

    static final String URLENCODED = "application/x-www-form-urlencoded";
    static final String MULTIPART = "multipart/form-data";

    /** Puts {@link #factory()} into the gateway's Camel context. */
    @ApplicationScoped
    static class Installer {
        @Produces
        @Unremovable
        @ApplicationScoped
        CamelContextCustomizer installFormPosts() {
            return (CamelContext context) -> context.addRoutePolicyFactory(factory());
        }
    }

    /** Installs {@link FormPosts} on every route consuming from platform-http that did not ask for the map. */
    public static RoutePolicyFactory factory() {
        return (CamelContext context, String routeId, NamedNode node) -> {
            if (node instanceof RouteDefinition def && def.getInput() != null) {
                String uri = def.getInput().getEndpointUri();
                if (uri != null && uri.startsWith("platform-http:")
                        && !uri.toLowerCase(Locale.ROOT).contains("populatebodywithform=true")) {
                    return new FormPosts();
                }
            }
            return null;
        };
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (!(exchange.getIn() instanceof HttpMessage http)) {
            return;
        }
        HttpServerRequest request = http.getRequest();
        String type = request.getHeader("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals(URLENCODED)) {
            http.setBody(encode(request.formAttributes()));
        } else if (mediaType.equals(MULTIPART)) {
            http.setBody("multipart/form-data cannot be carried by this route: send the content itself (for example"
                    + " application/json or application/octet-stream), or a URL-encoded form\n");
            http.setHeader(Exchange.HTTP_RESPONSE_CODE, 415);
            http.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.setRouteStop(true);
        }
    }

    /** The form as URL-encoded text, fields and repeated values in the order they were sent. */
    static String encode(MultiMap form) {
        StringBuilder out = new StringBuilder();
        for (var field : form) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}
