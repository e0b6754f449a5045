package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingress port faces the internet: with a certificate and key from files it speaks TLS (and, as configured, not
 * plain HTTP); without one, and without plain HTTP explicitly allowed, the gateway refuses to start.
 */
class IngressTlsIT {

    @TempDir
    Path dir;

    @Test
    void webhooksAreServedOverTlsWithTheConfiguredCertificateAndNotInPlainText() throws Exception {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        // A throwaway self-signed certificate for 127.0.0.1, as an operator would mount from a Kubernetes secret.
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(),
                "-out", cert.toString()).redirectErrorStream(true).start();
        assertThat(openssl.waitFor()).as(new String(openssl.getInputStream().readAllBytes())).isZero();

        String topic = Kafka.uniqueTopic("it-tls");
        Kafka.createTopic(topic, 1);
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("hook.yaml"), WebhookToKafkaIT.route("tls-hook", "/tls", topic, Kafka.BROKERS));
        int tlsPort = GatewayProcess.freePort();
        Map<String, String> tls = GatewayProcess.env(
                "-Djunction.ingress.plain-http", "false",
                "-Dquarkus.http.ssl.certificate.files", cert.toString(),
                "-Dquarkus.http.ssl.certificate.key-files", key.toString(),
                "-Dquarkus.http.ssl-port", String.valueOf(tlsPort),
                "-Dquarkus.http.insecure-requests", "disabled");

        try (GatewayProcess gateway = GatewayProcess.start("tls", tls, routes).awaitReady()) {
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(cert))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tlsPort
                    + "/tls")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"over\":\"tls\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(gateway.logTail()).isEqualTo(202);
            assertThat(Kafka.read(topic, 1, Duration.ofSeconds(30))).hasSize(1);

            assertThatThrownBy(() -> gateway.post("/tls", "application/json", "{}".getBytes()))
                    .as("no plain-text listener").isInstanceOf(ConnectException.class);
            HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + tlsPort + "/tls")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString())).as("the certificate is the one configured")
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    @Test
    void withoutACertificateAndWithoutPlainHttpAllowedTheGatewayRefusesToStart() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        GatewayProcess gateway = GatewayProcess.start("no-tls", GatewayProcess.env("-Djunction.ingress.plain-http",
                "false"), routes);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> !gateway.alive());
            assertThat(gateway.awaitExit()).isNotZero();
            assertThat(gateway.logTail()).contains("The ingress port has no TLS certificate")
                    .contains("junction.ingress.plain-http=true");
        } finally {
            gateway.close();
        }
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
