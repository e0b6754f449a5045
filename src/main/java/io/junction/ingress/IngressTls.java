package io.junction.ingress;

import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.junction.config.JunctionConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress port faces the internet, so it speaks TLS (quarkus.http.ssl.certificate.files and key-files) unless
 * plain HTTP is explicitly allowed (junction.ingress.plain-http=true: behind a TLS-terminating proxy, or on a
 * developer's machine), and then it says so at start.
 */
@ApplicationScoped
public class IngressTls {

    private static final Logger LOG = LoggerFactory.getLogger(IngressTls.class);

    void check(@Observes StartupEvent event,
            @ConfigProperty(name = "quarkus.http.ssl.certificate.files") Optional<List<String>> certificates,
            JunctionConfig config) {
        boolean plainHttp = config.ingress().plainHttp();
        boolean tls = certificates.isPresent() && !certificates.get().isEmpty();
        if (tls) {
            LOG.info("Ingress serves TLS with {}", certificates.get());
            return;
        }
        if (!plainHttp) {
            throw new IllegalStateException("The ingress port has no TLS certificate. Set "
                    + "quarkus.http.ssl.certificate.files and quarkus.http.ssl.certificate.key-files, or, behind a "
                    + "TLS-terminating proxy, junction.ingress.plain-http=true (docs/webhooks.md).");
        }
        LOG.warn("Ingress is plain HTTP (junction.ingress.plain-http=true): only behind a TLS-terminating proxy "
                + "or for local use");
    }
}
