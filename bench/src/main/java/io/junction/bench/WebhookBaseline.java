package io.junction.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Baseline for webhook → Kafka: a bare Vert.x HTTP server (the same Vert.x the gateway runs on) that hands each
 * POST body to a KafkaProducer configured like Junction's kafka-sink and answers 202 only in the send callback,
 * i.e. after Kafka acknowledged the record (500 if it did not), the guarantee Junction's webhook-source →
 * kafka-sink gives. One server instance per core, as Quarkus does.
 */
public final class WebhookBaseline {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String brokers = args.get("brokers", "127.0.0.1:9092");
        String out = args.required("out");
        String path = args.get("path", "/bench/hook");
        int port = args.integer("port", 0);
        int instances = args.integer("instances", Runtime.getRuntime().availableProcessors());

        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.junctionEquivalentProducer(brokers));
        producer.partitionsFor(out); // metadata up front: send() must not block an event loop on the first request
        Vertx vertx = Vertx.vertx();
        CountDownLatch deployed = new CountDownLatch(1);
        vertx.deployVerticle(() -> new Server(producer, out, path, port), new DeploymentOptions().setInstances(instances))
                .onComplete(r -> {
                    if (r.failed()) {
                        r.cause().printStackTrace();
                        System.exit(1);
                    }
                    deployed.countDown();
                });
        if (!deployed.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the HTTP server did not start");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            producer.close();
        }));
        System.out.println("READY");
        System.out.flush();
    }

    static final class Server extends AbstractVerticle {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final String path;
        private final int port;

        Server(KafkaProducer<byte[], byte[]> producer, String topic, String path, int port) {
            this.producer = producer;
            this.topic = topic;
            this.path = path;
            this.port = port;
        }

        @Override
        public void start(io.vertx.core.Promise<Void> started) {
            vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1")
                    .onComplete(r -> {
                        if (r.succeeded()) {
                            started.complete();
                        } else {
                            started.fail(r.cause());
                        }
                    });
        }

        private void handle(HttpServerRequest request) {
            if (!path.equals(request.path())) {
                request.response().setStatusCode(404).end();
                return;
            }
            if (request.method() != HttpMethod.POST) {
                request.response().setStatusCode(405).end();
                return;
            }
            Context context = vertx.getOrCreateContext();
            request.body().onComplete(body -> {
                if (body.failed()) {
                    request.response().setStatusCode(400).end();
                    return;
                }
                RecordHeaders headers = new RecordHeaders();
                // Junction passes allow-listed request headers on as record headers; content-type is the one sent.
                String contentType = request.getHeader("Content-Type");
                if (contentType != null) {
                    headers.add("content-type", contentType.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                try {
                    producer.send(new ProducerRecord<>(topic, (Integer) null, (byte[]) null, body.result().getBytes(), headers),
                            (metadata, error) -> context.runOnContext(v ->
                                    request.response().setStatusCode(error == null ? 202 : 500).end()));
                } catch (RuntimeException e) {
                    request.response().setStatusCode(500).end();
                }
            });
        }
    }
}
