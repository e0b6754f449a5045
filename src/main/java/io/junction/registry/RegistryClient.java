package io.junction.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.routes.Problem;
import io.junction.schemas.Compatibility;

/**
 * A schema registry through the Confluent-compatible REST API, which Confluent Schema Registry serves at its root and
 * Apicurio Registry under {@code /apis/ccompat/v7}. The base URL is that API's root. Credentials, when the registry
 * needs them, are HTTP basic (Confluent Cloud's API key and secret) and come from the environment, never from files.
 */
public final class RegistryClient {

    /** One registered version: the registry's global id, the subject's version number, the schema text and type. */
    public record Version(int id, int version, String schema, String type) {
    }

    /** The registry answered with an error: its HTTP status, and its message. */
    public static final class RegistryException extends IOException {
        private final int status;

        RegistryException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** How long one call may take, its answer read in full: a registry that drips its answer is cut off too. */
    private final Duration deadline;

    /**
     * @param base     the Confluent-compatible API root, e.g. {@code http://127.0.0.1:8085/apis/ccompat/v7}
     * @param user     basic-auth user (API key), or null
     * @param password basic-auth password (API secret), or null
     */
    public RegistryClient(String base, String user, String password) {
        this(base, user, password, Duration.ofSeconds(30));
    }

    RegistryClient(String base, String user, String password, Duration deadline) {
        this.deadline = deadline;
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.base = URI.create(b);
        this.authorization = user == null || user.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** A client for the URL with the credentials in JUNCTION_REGISTRY_USER / JUNCTION_REGISTRY_PASSWORD, if set. */
    public static RegistryClient fromEnvironment(String base) {
        return new RegistryClient(base, System.getenv("JUNCTION_REGISTRY_USER"), System.getenv("JUNCTION_REGISTRY_PASSWORD"));
    }

    public String base() {
        return base.toString();
    }

    /** Every subject the registry holds. */
    public List<String> subjects() throws IOException {
        List<String> out = new ArrayList<>();
        call("GET", "/subjects", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The subject's version numbers, oldest first; empty when the subject does not exist. */
    public List<Integer> versions(String subject) throws IOException {
        List<Integer> out = new ArrayList<>();
        try {
            for (JsonNode n : call("GET", "/subjects/" + path(subject) + "/versions", null)) {
                // A version becomes a file name (N.json): a positive integer, or the answer is refused whole.
                if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
                    throw new IOException("the registry lists version '" + n + "' of subject " + subject
                            + ": not a positive integer, nothing pulled from that answer");
                }
                out.add(n.asInt());
            }
        } catch (RegistryException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        return out;
    }

    /** One version of a subject ({@code latest} for the newest). */
    public Version version(String subject, String version) throws IOException {
        JsonNode v = call("GET", "/subjects/" + path(subject) + "/versions/" + path(version), null);
        return new Version(v.path("id").asInt(), v.path("version").asInt(), v.path("schema").asText(),
                v.path("schemaType").asText("AVRO"));
    }

    /** The schema a registry id names (what a framed payload carries). */
    public Version schema(int id) throws IOException {
        JsonNode v = call("GET", "/schemas/ids/" + id, null);
        return new Version(id, 0, v.path("schema").asText(), v.path("schemaType").asText("AVRO"));
    }

    /** The version under which the subject already holds this schema, if it does. */
    public Optional<Version> lookup(String subject, String type, String schema) throws IOException {
        try {
            JsonNode v = call("POST", "/subjects/" + path(subject), body(type, schema));
            return Optional.of(new Version(v.path("id").asInt(), v.path("version").asInt(), schema, type));
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Registers a schema under a subject and returns its id; the registry refuses (409) a version that breaks the
     * subject's compatibility, and answers with the existing id for a schema it already holds.
     */
    public int register(String subject, String type, String schema) throws IOException {
        return call("POST", "/subjects/" + path(subject) + "/versions", body(type, schema)).path("id").asInt();
    }

    /** Whether the registry would take this schema as the subject's next version under the subject's mode. */
    public boolean compatible(String subject, String type, String schema) throws IOException {
        return call("POST", "/compatibility/subjects/" + path(subject) + "/versions/latest", body(type, schema))
                .path("is_compatible").asBoolean();
    }

    /** The subject's own compatibility mode, if it has one (else the registry's global mode applies). */
    public Optional<Compatibility> compatibility(String subject) throws IOException {
        try {
            JsonNode c = call("GET", "/config/" + path(subject), null);
            String level = c.path("compatibilityLevel").asText(c.path("compatibility").asText(""));
            return level.isEmpty() ? Optional.empty() : Optional.of(Compatibility.parse(level));
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets the subject's compatibility mode. */
    public void compatibility(String subject, Compatibility mode) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("compatibility", mode.name());
        call("PUT", "/config/" + path(subject), body);
    }

    private static ObjectNode body(String type, String schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema);
        if (!"AVRO".equals(type)) {
            body.put("schemaType", type); // AVRO is the API's default, and older registries reject the field for it
        }
        return body;
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Far above any schema; a registry's answer is read up to this and refused beyond. */
    static final int MAX_ANSWER = 16 * 1024 * 1024;

    /**
     * Collects an answer up to {@link #MAX_ANSWER} bytes; beyond, it stops reading (the connection is dropped) and
     * fails.
     */
    private final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final java.util.concurrent.CompletableFuture<byte[]> body = new java.util.concurrent.CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private java.util.concurrent.Flow.Subscription subscription;

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> buffers) {
            for (java.nio.ByteBuffer b : buffers) {
                if (bytes.size() + b.remaining() > MAX_ANSWER) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("the registry at " + base + " answered more than "
                            + MAX_ANSWER / (1024 * 1024) + " MiB: not read"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(deadline)
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        req.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            req.header("Content-Type", CONTENT_TYPE);
        }
        HttpResponse<byte[]> res;
        var answered = http.sendAsync(req.build(), info -> new BoundedBody());
        try {
            res = answered.get(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            answered.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the registry at " + base, e);
        } catch (java.util.concurrent.TimeoutException e) {
            answered.cancel(true);
            throw new IOException("the registry at " + base + " did not answer in full within "
                    + deadline.toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io && io.getMessage() != null
                    && io.getMessage().startsWith("the registry at ")) {
                throw io;
            }
            throw new IOException("not reachable (" + Problem.rootMessage(e.getCause()) + ")", e.getCause());
        }
        String text = new String(res.body(), StandardCharsets.UTF_8);
        JsonNode answer;
        try {
            answer = text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        } catch (IOException e) {
            answer = JSON.getNodeFactory().textNode(text);
        }
        if (res.statusCode() / 100 != 2) {
            String message = answer.path("message").asText(answer.isTextual() ? answer.asText() : text);
            throw new RegistryException(res.statusCode(), method + " " + path + ": " + res.statusCode() + " "
                    + message.strip());
        }
        return answer;
    }
}
