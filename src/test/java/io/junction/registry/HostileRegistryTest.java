package io.junction.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.junction.routes.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction schemas pull} against a registry that answers as an attacker would (round 4 of the outside probe):
 * what it says is data, never a file name it chooses, a terminal escape, or an answer read without end.
 */
class HostileRegistryTest {

    @TempDir
    Path into;
    HttpServer registry;
    String base;
    /** Lets the stalled answer end when the test is over. */
    final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    static final String SCHEMA = "{\"schema\":\"{\\\"type\\\":\\\"object\\\"}\",\"schemaType\":\"JSON\",\"id\":1,\"version\":1}";

    @BeforeEach
    void start() throws Exception {
        Map<String, String> answers = Map.of(
                "/subjects", "[\"ok\",\"outside\",\"evil\\u001b]0;owned\\u0007\\nok/1.json: written\",\"negative\",\"big\",\"drip\",\"bidi\\u202eflip\\u2028x\"]",
                "/subjects/ok/versions", "[1]",
                "/subjects/ok/versions/1", SCHEMA,
                "/subjects/negative/versions", "[-1,1]",
                "/subjects/big/versions", "[1]",
                "/subjects/drip/versions", "[1]",
                "/subjects/outside/versions", "[1]",
                "/subjects/outside/versions/1", "{\"schema\":\"{\\\"properties\\\":{\\\"a\\\":{\\\"$id\\\":"
                        + "\\\"https://x/o.json\\\",\\\"$ref\\\":\\\"#/$defs/n\\\"}}}\",\"schemaType\":\"JSON\","
                        + "\"id\":2,\"version\":1}");
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            try (OutputStream out = exchange.getResponseBody()) {
                if (path.equals("/subjects/big/versions/1")) {
                    // More than any schema, sent without a length: the client must stop reading, not fill its heap.
                    exchange.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[1024 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    for (int i = 0; i <= RegistryClient.MAX_ANSWER / chunk.length; i++) {
                        out.write(chunk);
                    }
                } else if (path.equals("/subjects/drip/versions/1")) {
                    // The first bytes of an answer that never ends: the client must give up on its own deadline.
                    exchange.sendResponseHeaders(200, 0);
                    out.write(' ');
                    out.flush();
                    released.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } else if (answers.containsKey(path)) {
                    byte[] body = answers.get(path).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                } else {
                    byte[] body = "{\"error_code\":40401,\"message\":\"Subject not found\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(404, body.length);
                    out.write(body);
                }
            } catch (java.io.IOException | InterruptedException e) {
                // the client hung up on the endless answer, as it should
            }
        });
        registry.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        registry.start();
        base = "http://127.0.0.1:" + registry.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        released.countDown();
        registry.stop(0);
    }

    @Test
    void whatAHostileRegistrySaysIsKeptAsDataAndBounded() throws Exception {
        RegistryPush.Outcome outcome = RegistryPull.pull(
                new RegistryClient(base, null, null, java.time.Duration.ofSeconds(3)), List.of(), into);

        assertThat(Files.readString(into.resolve("ok/1.json"))).contains("object");
        List<String> printed = outcome.problems().stream().map(Problem::format).toList();
        assertThat(printed).as("no escape sequence or line break reaches the terminal")
                .allSatisfy(p -> assertThat(p).doesNotContain("\u001b").doesNotContain("\n").doesNotContain("\u0007"))
                .anySatisfy(p -> assertThat(p).contains("\\u001b]0;owned"));
        assertThat(printed).anySatisfy(p -> assertThat(p).contains("version '-1' of subject negative"));
        assertThat(printed).as("nor a character that reverses or breaks the line as shown")
                .allSatisfy(p -> assertThat(p).doesNotContain("\u202e").doesNotContain("\u2028"))
                .anySatisfy(p -> assertThat(p).contains("bidi\\u202eflip\\u2028x"));
        assertThat(into.resolve("negative")).as("nothing written from a refused answer").doesNotExist();
        assertThat(printed).anySatisfy(p -> assertThat(p).contains("answered more than 16 MiB"));
        assertThat(into.resolve("big/1.json")).doesNotExist();
        assertThat(printed).anySatisfy(p -> assertThat(p).contains("did not answer in full within 3 s"));
        assertThat(into.resolve("drip/1.json")).doesNotExist();
        // The tenth probe (Low): pull wrote schemas that validate and reload then refused.
        assertThat(printed).anySatisfy(p -> assertThat(p).contains("outside/1.json").contains("refers outside itself")
                .contains("$id 'https://x/o.json' below the root"));
        assertThat(into.resolve("outside/1.json")).doesNotExist();
    }
}
