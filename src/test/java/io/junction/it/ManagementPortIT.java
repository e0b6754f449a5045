package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management port faces browsers on the operator's machine (H1) and every label of its metrics is bounded
 * (H2): requests made as a web page of another origin, a DNS-rebinding page or a scripted client would make them.
 * The gateway runs as shipped: prod profile, no admin token configured.
 */
class ManagementPortIT {

    @TempDir
    static Path tmp;
    static GatewayProcess gateway;
    static Path tokenFile;
    static String token;
    static final String DLQ_ROUTE = "mgmt-" + Long.toHexString(System.nanoTime());

    @BeforeAll
    static void start() throws Exception {
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(routes.resolve("hooks.yaml"), """
                - route:
                    id: %s
                    from:
                      uri: kamelet:webhook-source
                      parameters:
                        path: /hooks/mgmt
                      steps:
                        - to: "log:mgmt"
                - route:
                    id: raw-wildcard
                    from:
                      uri: "platform-http:/files/*"
                      steps:
                        - setBody:
                            constant: ok
                """.formatted(DLQ_ROUTE));
        tokenFile = tmp.resolve("state/admin-token");
        gateway = GatewayProcess.start("management", GatewayProcess.env("JUNCTION_ADMIN_TOKEN", "",
                "JUNCTION_ADMIN_TOKEN_FILE", tokenFile.toString(),
                // Small, so that a few connections fill it (the default is an eighth of the heap).
                "JUNCTION_INGRESS_MAX_BYTES_IN_FLIGHT", "4M", "JUNCTION_INGRESS_BODY_TIMEOUT", "5s"), routes)
                .awaitReady();
        token = Files.readString(tokenFile).strip();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    /**
     * The eleventh probe (High, no token needed): 300 connections each sending a 1 MB body all but its last byte ran a
     * 256 MB gateway out of heap, on the webhook port and on the management port before any token check. The ingress
     * holds at most max-bytes-in-flight of bodies: the request that does not fit is answered 503 before its body is
     * read, and a body that never finishes is cut after body-timeout, giving its bytes back. The management port
     * refuses a body over 64 KiB before reading it.
     */
    @Test
    void bodiesHeldAtOnceAreBoundedAndOneThatNeverFinishesIsCut() throws Exception {
        int ingress = gateway.ingress("/").getPort();
        java.util.List<Socket> held = new java.util.ArrayList<>();
        try {
            String refused = null;
            while (refused == null && held.size() <= 5) {
                Socket s = halfSent(ingress, "/hooks/mgmt", 1_000_000);
                held.add(s);
                refused = answer(s);
            }
            assertThat(refused).as("a body over the budget (4M here) is refused before it is read").isEqualTo("HTTP/1.1 503");
            assertThat(held.size()).as("the bodies let in before it (1 MB each)").isBetween(4, 5);
            Socket first = held.get(0);
            first.setSoTimeout(15_000);
            assertThat(first.getInputStream().read()).as("a body that never finishes is cut after body-timeout")
                    .isEqualTo(-1);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        org.awaitility.Awaitility.await("the cut bodies gave their bytes back").atMost(java.time.Duration.ofSeconds(20))
                .until(() -> gateway.post("/hooks/mgmt", "application/json", "{}".getBytes(StandardCharsets.UTF_8))
                        .statusCode() / 100 == 2);
        try (Socket s = halfSent(java.net.URI.create(gateway.managementUri()).getPort(), "/admin/replay", 1_000_000)) {
            assertThat(answer(s)).as("the management port takes no body over 64 KiB").isEqualTo("HTTP/1.1 413");
        }
    }

    static Socket halfSent(int port, String path, int length) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + length + "\r\n\r\n{\"half\":").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** The status line's start if the gateway answers at once, or null while it waits for the rest of the body. */
    static String answer(Socket s) throws IOException {
        s.setSoTimeout(400);
        try {
            return new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        } catch (java.net.SocketTimeoutException waiting) {
            return null;
        }
    }

    /** Without a configured token the gateway made one, kept where only its user reads it; reads need it too. */
    @Test
    void withoutAConfiguredTokenOneIsMadeAndEveryAdminCallNeedsIt() throws Exception {
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Files.getPosixFilePermissions(tokenFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(gateway.log())).doesNotContain(token);
        for (String path : new String[] { "/admin/dlq", "/admin/routes", "/admin/events", "/admin/reload" }) {
            assertThat(request("GET", path, Map.of()).status).as(path).isEqualTo(401);
            assertThat(request("GET", path, Map.of("Authorization", "Bearer " + token)).status).as(path)
                    .isEqualTo(200);
        }
        // The scheme in any case (RFC 7235); the token exactly.
        assertThat(request("GET", "/admin/routes", Map.of("Authorization", "bearer " + token)).status).isEqualTo(200);
        assertThat(request("GET", "/admin/routes", Map.of("Authorization", "Bearer " + token.toUpperCase())).status)
                .isEqualTo(401);
        // A bad limit is the caller's mistake, said as such (the ninth probe: limit=-1 answered 500).
        for (String limit : new String[] { "-1", "0", "lots" }) {
            Answer bad = request("GET", "/admin/events?limit=" + limit, Map.of("Authorization", "Bearer " + token));
            assertThat(bad.status).as(limit).isEqualTo(400);
            assertThat(bad.body).contains("limit must be a whole number from 1 to 1000");
        }
        // Probes and scrapes need no token.
        assertThat(request("GET", "/q/health/ready", Map.of()).status).isEqualTo(200);
    }

    /** No CORS unless configured, and a page of another origin is refused before anything runs. */
    @Test
    void webPagesOfOtherOriginsGetNoCorsAndAreRefused() throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        Answer read = request("GET", "/admin/routes", with(auth, "Origin", "http://evil.example"));
        assertThat(read.status).isEqualTo(403);
        assertThat(read.headers).doesNotContainIgnoringCase("access-control-allow-origin");
        assertThat(read.body).contains("junction.admin.cors-origins").doesNotContain(DLQ_ROUTE);

        Answer reload = request("POST", "/admin/reload", with(auth, "Origin", "http://evil.example"));
        assertThat(reload.status).isEqualTo(403);
        assertThat(reload.headers).doesNotContainIgnoringCase("access-control-allow-origin");

        // An <img> or a form from another site sends no Origin on a GET, but says where it comes from.
        assertThat(request("GET", "/admin/routes", with(auth, "Sec-Fetch-Site", "cross-site")).status).isEqualTo(403);
        // The dashboard's own calls (same origin) go through, without CORS headers.
        Answer own = request("GET", "/admin/routes", with(with(auth, "Origin", gateway.managementUri()),
                "Sec-Fetch-Site", "same-origin"));
        assertThat(own.status).isEqualTo(200);
        assertThat(own.headers).doesNotContainIgnoringCase("access-control-allow-origin");
    }

    /** DNS rebinding: a page whose host name resolves to 127.0.0.1 is same-origin to the browser, not to us. */
    @Test
    void aHostNameThatIsNotAllowedIsRefused() throws Exception {
        Answer rebound = request("GET", "/q/health/ready", Map.of("Host", "rebind.attacker.example:" + port()));
        assertThat(rebound.status).isEqualTo(421);
        assertThat(rebound.body).contains("junction.admin.allowed-hosts");
        assertThat(request("GET", "/admin/dlq", Map.of("Host", "rebind.attacker.example",
                "Authorization", "Bearer " + token)).status).isEqualTo(421);
        assertThat(request("GET", "/q/health/ready", Map.of("Host", "localhost:" + port())).status).isEqualTo(200);
        assertThat(request("GET", "/q/health/ready", Map.of("Host", "10.1.2.3:" + port())).status).isEqualTo(200);
        assertThat(request("GET", "/q/health/ready", Map.of("Host", "[::1]:" + port())).status).isEqualTo(200);
    }

    /** GETs create nothing, and dead-letter listings are this gateway's routes only. */
    @Test
    void deadLetterReadsCreateNoTopicAndListOnlyThisGatewaysRoutes() throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        String stranger = "stranger-" + Long.toHexString(System.nanoTime());
        Answer unknown = request("GET", "/admin/dlq?route=" + stranger, auth);
        assertThat(unknown.status).isEqualTo(404);
        assertThat(request("GET", "/admin/dlq?topic=" + stranger + ".dlq", auth).status).isEqualTo(404);
        assertThat(Kafka.topicExists(stranger + ".dlq")).isFalse();

        // Another gateway's dead letter in the same cluster is not listed here.
        String foreign = "foreign-" + Long.toHexString(System.nanoTime()) + ".dlq";
        Kafka.send(foreign, "k", "{\"secret\":1}".getBytes(StandardCharsets.UTF_8),
                Map.of("junction.dlq.route", "foreign", "junction.dlq.id", "dl-foreign"));
        Answer all = request("GET", "/admin/dlq?samples=100", auth);
        assertThat(all.status).isEqualTo(200);
        assertThat(all.body).doesNotContain("dl-foreign").doesNotContain("secret");
        assertThat(request("GET", "/admin/dlq?route=" + DLQ_ROUTE, auth).status).isEqualTo(200);
        assertThat(Kafka.topicExists(DLQ_ROUTE + ".dlq")).as("listing a route's letters creates no topic").isFalse();
    }

    static Set<String> series() throws Exception {
        String metrics = gateway.management("/q/metrics").body();
        Matcher series = Pattern.compile("(?m)^http_server_requests_seconds_count\\{(.*)} ").matcher(metrics);
        Set<String> labels = new java.util.HashSet<>();
        while (series.find()) {
            labels.add(series.group(1));
        }
        return labels;
    }

    /** H2: invented methods and paths under a wildcard route make no new series; an invented method is 405. */
    @Test
    void requestsCannotMultiplyMetricSeries() throws Exception {
        Set<String> before = series(); // what the other tests' requests made
        for (int i = 0; i < 150; i++) {
            request("M" + i, "/q/health", Map.of());
            assertThat(ingress("X" + i, "/hooks/mgmt").status).isEqualTo(405);
            ingress("GET", "/files/" + i);
            ingress("Y" + i, "/nowhere/" + i);
        }
        // The ninth probe (Low): an invented method on /q/health answered 200, as if it were GET.
        Answer health = request("PROPFIND", "/q/health", Map.of());
        assertThat(health.status).isEqualTo(405);
        assertThat(health.headers).containsIgnoringCase("allow: GET, HEAD");
        assertThat(request("HEAD", "/q/health", Map.of()).status).isEqualTo(200);
        Answer hook = ingress("PROPFIND", "/hooks/mgmt");
        assertThat(hook.status).isEqualTo(405);
        assertThat(hook.headers).containsIgnoringCase("allow: POST");

        Set<String> labels = series();
        Set<String> added = new java.util.HashSet<>(labels);
        added.removeAll(before);
        assertThat(added).as("series added by 600 requests with invented methods and paths").hasSizeLessThan(8);
        assertThat(labels)
                .anySatisfy(l -> assertThat(l).contains("method=\"_OTHER\"").contains("uri=\"/hooks/mgmt\""))
                .anySatisfy(l -> assertThat(l).contains("method=\"GET\"").contains("uri=\"/files/*\""))
                .anySatisfy(l -> assertThat(l).contains("uri=\"NOT_FOUND\""))
                .noneSatisfy(l -> assertThat(l).containsPattern("method=\"[XYM]\\d+\"|uri=\"/files/\\d"));
    }

    static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> m = new java.util.LinkedHashMap<>(headers);
        m.put(name, value);
        return m;
    }

    record Answer(int status, String headers, String body) {
    }

    static int port() {
        return Integer.parseInt(gateway.managementUri().replaceFirst(".*:", ""));
    }

    static Answer request(String method, String path, Map<String, String> headers) throws IOException {
        return raw(port(), method, path, headers);
    }

    static Answer ingress(String method, String path) throws IOException {
        return raw(gateway.ingress("/").getPort(), method, path, Map.of("Content-Type", "application/json"));
    }

    /**
     * L3: framing a proxy could read differently is refused (Transfer-Encoding not ending in chunked, or with
     * Content-Length), and the plain-text port does not upgrade to h2c; a sound chunked request is answered.
     */
    @Test
    void ambiguousFramingIsRefusedAndH2cIsNotOffered() throws Exception {
        int port = gateway.ingress("/").getPort();
        Answer smuggled = raw(port, "POST", "/hooks/mgmt", Map.of("Content-Type", "application/json",
                "Transfer-Encoding", "xchunked"));
        assertThat(smuggled.status()).as(smuggled.headers()).isEqualTo(400);
        assertThat(smuggled.body()).contains("Transfer-Encoding and Content-Length");
        assertThat(exchange(port, "POST /hooks/mgmt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked, identity\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(exchange(port, "POST /hooks/mgmt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n"))
                .as("a coding nothing undoes").startsWith("HTTP/1.1 501");
        assertThat(exchange(port, "POST /hooks/mgmt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 202");
        String upgrade = exchange(port, "GET /files/x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");
        assertThat(upgrade).as("no switch to HTTP/2").doesNotStartWith("HTTP/1.1 101").startsWith("HTTP/1.1 200");

        // The eighth and ninth probes (Low): a request naming no host (HTTP/1.1 without Host; an HTTP/2 preface in
        // clear text) was answered with an error id, not a reason, and logged an ERROR each: a log anyone could fill.
        assertThat(exchange(port(), "GET /q/health HTTP/1.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("a Host header");
        assertThat(exchange(port, "POST /hooks/mgmt HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("a Host header");
        assertThat(exchange(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).contains("400").contains("only over TLS");
        // The tenth probe (Lows): two Host lines were served (RFC 9112 asks for 400); with two Authorization
        // headers the first decided on the management port.
        assertThat(exchange(port, "POST /hooks/mgmt HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400").contains("more than one Host");
        assertThat(exchange(port(), "GET /admin/routes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + token + "\r\nAuthorization: Bearer wrong\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("more than one Authorization header");
        String twice = "{\"route\":\"a\",\"route\":\"b\",\"dryRun\":true}";
        assertThat(exchange(port(), "POST /admin/dlq/replay HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + twice.length()
                + "\r\nConnection: close\r\n\r\n" + twice)).as("a field given twice").startsWith("HTTP/1.1 400")
                .contains("Duplicate field 'route'");
        assertThat(Files.readString(gateway.log())).doesNotContain("the 'Host' header is required")
                .doesNotContain("':authority' pseudo-header is required");
    }

    /** Sends {@code request} as written and returns the answer's text, up to the end of the first answer. */
    static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            byte[] buf = new byte[8192];
            int n = s.getInputStream().read(buf);
            return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
    }

    /** A raw HTTP/1.1 exchange: Java's client sends neither an invented method nor a Host of the caller's choice. */
    static Answer raw(int port, String method, String path, Map<String, String> headers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            if (!headers.containsKey("Host")) {
                req.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            return new Answer(status, head.toLowerCase(java.util.Locale.ROOT), body);
        }
    }
}
