package io.junction.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A webhook path between two routes: 503 with Retry-After, never the 404 a sender would not retry. */
class WebhookHandoverTest {

    Vertx vertx;
    Router router;
    HttpServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        router = Router.router(vertx);
        server = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    Route serve(String path, int status) {
        return router.route(path).handler(ctx -> ctx.response().setStatusCode(status).end());
    }

    @Test
    void aPathBeingReplacedAnswers503UntilTheNextRouteTakesIt() throws Exception {
        WebhookHandover handover = new WebhookHandover();
        Route old = serve("/hooks/a", 202);
        assertThat(post("/hooks/a").statusCode()).isEqualTo(202);

        handover.vacate(router, "/hooks/a", 7);
        old.remove();
        HttpResponse<String> between = post("/hooks/a");
        assertThat(between.statusCode()).isEqualTo(503);
        assertThat(between.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(between.body()).contains("retry later");
        assertThat(post("/hooks/b").statusCode()).as("other paths are not affected").isEqualTo(404);

        handover.occupy("/hooks/a");
        serve("/hooks/a", 200);
        assertThat(post("/hooks/a").statusCode()).isEqualTo(200);
    }

    @Test
    void aPathWhoseRouteWasRemovedForGoodIsGoneAfterTheGracePeriod() throws Exception {
        WebhookHandover handover = new WebhookHandover(Duration.ofMillis(300));
        Route old = serve("/hooks/a", 202);
        handover.vacate(router, "/hooks/a", 1);
        old.remove();
        assertThat(post("/hooks/a").statusCode()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(post("/hooks/a").statusCode())
                .isEqualTo(404));
    }
}
