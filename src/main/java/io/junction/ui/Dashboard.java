package io.junction.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.buffer.Buffer;

/**
 * The live dashboard on the management port, {@code /ui}: one self-contained page (no build step, no framework)
 * over the admin API and {@code /q/metrics}. The page itself holds no data; everything it shows comes from admin
 * API calls made with the same bearer token the API asks of any client (entered once, kept for the browser tab).
 */
@ApplicationScoped
public class Dashboard {

    private final Buffer page = load("index.html");

    void register(@Observes ManagementInterface management) {
        management.router().get("/ui").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                // The page is the same for everyone and may be cached briefly; its data never is.
                .putHeader("Cache-Control", "no-cache").putHeader("X-Frame-Options", "DENY")
                .putHeader("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; "
                        + "style-src 'unsafe-inline'; connect-src 'self'")
                .end(page));
        management.router().get("/ui/").handler(ctx -> ctx.redirect("/ui"));
    }

    private static Buffer load(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard page " + name + " is missing from the build");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
