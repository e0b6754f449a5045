package io.junction.bench;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Closed-loop HTTP load at a fixed concurrency: {@code concurrency} keep-alive connections, each with exactly one
 * POST in flight; the next request on a connection goes out when the previous answer arrived. Latency is the time
 * from handing the request to the client until the whole answer was read, per request. Runs on one Vert.x event
 * loop (non-blocking), so the generator itself stays light on a small machine. The same generator drives Junction
 * and the baseline.
 */
public final class HttpLoad implements AutoCloseable {

    /** One measured phase. */
    public record Result(long ok, long failed, double seconds, double[] latenciesMs, String firstFailure) {
        public double okPerSecond() {
            return seconds > 0 ? ok / seconds : Double.NaN;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final URI target;
    private final int payloadSize;
    private final AtomicLong nextId = new AtomicLong();

    public HttpLoad(URI target, int concurrency, int payloadSize) {
        this.target = target;
        this.payloadSize = payloadSize;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                .setConnectTimeout(5000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(concurrency));
    }

    /** Sends {@code requests} POSTs with {@code concurrency} in flight and waits for every answer. */
    public Result run(int requests, int concurrency, int expectedStatus, long timeoutSeconds) throws Exception {
        AtomicLong issued = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLongArray nanos = new AtomicLongArray(requests);
        String[] firstFailure = {null};
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong finished = new AtomicLong();
        long start = System.nanoTime();
        Runnable[] worker = new Runnable[1];
        worker[0] = () -> {
            long n = issued.getAndIncrement();
            if (n >= requests) {
                return;
            }
            byte[] body = Payload.json(nextId.incrementAndGet(), System.currentTimeMillis(), payloadSize);
            long t0 = System.nanoTime();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(target.getHost())
                    .setPort(target.getPort()).setURI(target.getRawPath()).putHeader("Content-Type", "application/json")
                    .setTimeout(30_000);
            client.request(options)
                    .compose(req -> req.send(Buffer.buffer(body)))
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(r -> {
                        nanos.set((int) n, System.nanoTime() - t0);
                        if (r.succeeded() && r.result() == expectedStatus) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            synchronized (firstFailure) {
                                if (firstFailure[0] == null) {
                                    firstFailure[0] = r.succeeded() ? "HTTP " + r.result() : String.valueOf(r.cause());
                                }
                            }
                        }
                        if (finished.incrementAndGet() == requests) {
                            done.complete(null);
                        } else {
                            worker[0].run();
                        }
                    });
        };
        vertx.runOnContext(v -> {
            for (int i = 0; i < Math.min(concurrency, requests); i++) {
                worker[0].run();
            }
        });
        if (requests == 0) {
            done.complete(null);
        }
        done.get(timeoutSeconds, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] ms = new double[requests];
        for (int i = 0; i < requests; i++) {
            ms[i] = nanos.get(i) / 1e6;
        }
        return new Result(ok.get(), failed.get(), seconds, ms, firstFailure[0]);
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }
}
