package io.junction.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/** A partner's webhook endpoint for outbound tests: records every request, answers a programmable status. */
public final class PartnerServer implements AutoCloseable {

    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body, long nanos,
            String query) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private volatile CountDownLatch gate;

    public PartnerServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime(),
                    exchange.getRequestURI().getRawQuery()));
            CountDownLatch held = gate;
            if (held != null) {
                try {
                    held.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = failuresLeft.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0
                    ? failureStatus : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next {@code n} requests are answered {@code status} ({@code Integer.MAX_VALUE}: all of them). */
    public void failNext(int n, int status) {
        failureStatus = status;
        failuresLeft.set(n);
    }

    /** From now on requests are recorded but not answered until {@link #release()}: a slow partner. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Answers the held requests and stops holding. */
    public void release() {
        CountDownLatch held = gate;
        gate = null;
        if (held != null) {
            held.countDown();
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
