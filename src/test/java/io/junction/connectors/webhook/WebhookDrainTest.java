package io.junction.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.junction.idempotency.IdempotencyStore;
import io.junction.idempotency.JunctionIdempotentRepository;
import io.junction.idempotency.MemoryIdempotencyStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request admitted just before its route stops (a reload replacing it) waits for a worker before its exchange
 * exists. The stop must wait for it: stopping the route's steps under it failed the event, which a dead-letter
 * policy then stored in the dead letter and answered 202, so the event never reached its topic.
 */
class WebhookDrainTest {

    Vertx vertx;
    HttpServer server;
    DefaultCamelContext camel;
    final HttpClient http = HttpClient.newHttpClient();
    final CountDownLatch claiming = new CountDownLatch(1);
    final CountDownLatch mayClaim = new CountDownLatch(1);
    final List<String> stored = new CopyOnWriteArrayList<>();

    /** A shared store (PostgreSQL) that is slow to answer: the request sits on its worker, not yet in the route. */
    final class SlowStore implements IdempotencyStore {
        final MemoryIdempotencyStore keys = new MemoryIdempotencyStore(Duration.ofHours(1), 1_000);

        @Override
        public boolean claim(String scope, String key, Duration lease) {
            claiming.countDown();
            try {
                mayClaim.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return keys.claim(scope, key, lease);
        }

        @Override
        public void complete(String scope, String key) {
            keys.complete(scope, key);
        }

        @Override
        public void release(String scope, String key) {
            keys.release(scope, key);
        }

        @Override
        public boolean done(String scope, String key) {
            return keys.done(scope, key);
        }

        @Override
        public boolean seen(String scope, String key, Duration lease) {
            return keys.seen(scope, key, lease);
        }
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        server = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("router", router);
        camel.getRegistry().bind("junctionIdempotency",
                new JunctionIdempotentRepository(new SlowStore(), Duration.ofMinutes(5)));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("junction-webhook:/hooks/drain").routeId("drain")
                        .process(e -> stored.add(e.getIn().getBody(String.class)));
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        mayClaim.countDown();
        camel.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStopWaitsForARequestAdmittedBeforeIt() throws Exception {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + "/hooks/drain"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "d-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(claiming.await(10, TimeUnit.SECONDS)).as("the request reached its worker").isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                camel.getRouteController().stopRoute("drain", 20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The stop waits while the request is pending; before, it returned at once (nothing in flight).
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !stopping.isDone());
        mayClaim.countDown();

        HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
        stopping.get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(stored).containsExactly("{\"n\":1}");
    }
}
