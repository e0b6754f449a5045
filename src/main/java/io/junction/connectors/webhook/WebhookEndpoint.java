package io.junction.connectors.webhook;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.TimeUtils;

/**
 * One webhook path and its options. Secrets are given through placeholders ({{env:NAME}}), never literally, and
 * several may be listed, comma-separated, while a sender rotates them.
 */
public final class WebhookEndpoint extends DefaultEndpoint {

    private final String path;
    /** none, github, stripe, standard-webhooks, hmac, api-key or bearer. */
    private String verifier = "none";
    private String secrets = "";
    private String signatureHeader = "X-Signature";
    private String algorithm = "sha256";
    private String encoding = "hex";
    private String signaturePrefix = "";
    private String apiKeyHeader = "X-Api-Key";
    private String tolerance = "300s";
    private long maxBodySize = 1024 * 1024;
    private String contentTypes = "application/json,application/cloudevents+json,application/x-www-form-urlencoded";
    private String methods = "POST";
    private double rateLimit;
    private double rateBurst;
    private double clientRateLimit;
    private double clientRateBurst;
    private int responseCode = 202;
    /** empty, or id: a JSON body with the event id. */
    private String responseBody = "empty";
    /** Header whose value identifies a delivery; auto picks the sender's (webhook-id, X-GitHub-Delivery, Stripe event id). */
    private String idempotencyHeader = "auto";
    private boolean idempotency = true;
    /** auto: CloudEvents in are published as CloudEvents (Kafka binary mode); wrap: plain requests become CloudEvents. */
    private String cloudEvents = "auto";
    private String cloudEventType = "com.example.webhook";
    private String cloudEventSource = "";
    private String retryAfter = "5s";
    /** How long a sender waits at most: past it, 503 with Retry-After (a redelivery is then recognised by its id). */
    private String requestTimeout = "30s";

    WebhookEndpoint(String uri, WebhookComponent component, String path) {
        super(uri, component);
        this.path = path;
    }

    void validate() {
        if (!List.of("none", "github", "stripe", "standard-webhooks", "hmac", "api-key", "bearer").contains(verifier)) {
            throw new IllegalArgumentException("verifier must be none, github, stripe, standard-webhooks, hmac, api-key "
                    + "or bearer, not " + verifier);
        }
        if (!"none".equals(verifier) && secretList().isEmpty()) {
            throw new IllegalArgumentException("verifier " + verifier + " needs secrets (reference them: {{env:NAME}})");
        }
        boolean signs = List.of("github", "stripe", "standard-webhooks", "hmac").contains(verifier);
        boolean signedHeader = "standard-webhooks".equals(verifier) && "webhook-id".equalsIgnoreCase(idempotencyHeader);
        if (signs && !"auto".equals(idempotencyHeader) && !signedHeader) {
            throw new IllegalArgumentException("idempotencyHeader " + idempotencyHeader + " is not covered by the "
                    + verifier + " signature, so a captured request re-sent with another value would pass as a new "
                    + "delivery: leave it auto, and the delivery id comes from what is signed");
        }
        if (!List.of(200, 201, 202, 204).contains(responseCode)) {
            throw new IllegalArgumentException("responseCode must be 200, 201, 202 or 204, not " + responseCode);
        }
        newVerifier();
    }

    WebhookVerifier newVerifier() {
        List<String> s = secretList();
        Duration tol = Duration.ofMillis(TimeUtils.toMilliSeconds(tolerance));
        return switch (verifier) {
            case "github" -> new GitHubVerifier(s);
            case "stripe" -> new StripeVerifier(s, tol);
            case "standard-webhooks" -> new StandardWebhooksVerifier(s, tol);
            case "hmac" -> new HmacVerifier(signatureHeader, algorithm, encoding, signaturePrefix, s);
            case "api-key" -> TokenVerifier.apiKey(apiKeyHeader, s);
            case "bearer" -> TokenVerifier.bearer(s);
            default -> null;
        };
    }

    List<String> secretList() {
        return Arrays.stream(secrets.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    List<String> contentTypeList() {
        return Arrays.stream(contentTypes.split(",")).map(x -> x.trim().toLowerCase(Locale.ROOT)).filter(x -> !x.isEmpty())
                .toList();
    }

    List<String> methodList() {
        return Arrays.stream(methods.split(",")).map(x -> x.trim().toUpperCase(Locale.ROOT)).toList();
    }

    long requestTimeoutMillis() {
        return TimeUtils.toMilliSeconds(requestTimeout);
    }

    long retryAfterSeconds() {
        return Math.max(1, TimeUtils.toMilliSeconds(retryAfter) / 1000);
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("junction-webhook only receives; send with an http endpoint");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        WebhookConsumer consumer = new WebhookConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    // Options, set from the URI.

    public String getPath() {
        return path;
    }

    public void setVerifier(String verifier) {
        this.verifier = verifier.toLowerCase(Locale.ROOT);
    }

    public String getVerifier() {
        return verifier;
    }

    public void setSecrets(String secrets) {
        this.secrets = secrets == null ? "" : secrets;
    }

    public void setSignatureHeader(String signatureHeader) {
        this.signatureHeader = signatureHeader;
    }

    public void setAlgorithm(String algorithm) {
        this.algorithm = algorithm;
    }

    public void setEncoding(String encoding) {
        this.encoding = encoding;
    }

    public void setSignaturePrefix(String signaturePrefix) {
        this.signaturePrefix = signaturePrefix == null ? "" : signaturePrefix;
    }

    public void setApiKeyHeader(String apiKeyHeader) {
        this.apiKeyHeader = apiKeyHeader;
    }

    public void setTolerance(String tolerance) {
        this.tolerance = tolerance;
    }

    public long getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(long maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public void setContentTypes(String contentTypes) {
        this.contentTypes = contentTypes;
    }

    public void setMethods(String methods) {
        this.methods = methods;
    }

    public double getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(double rateLimit) {
        this.rateLimit = rateLimit;
    }

    public double getRateBurst() {
        return rateBurst > 0 ? rateBurst : Math.max(1, rateLimit);
    }

    public void setRateBurst(double rateBurst) {
        this.rateBurst = rateBurst;
    }

    public double getClientRateLimit() {
        return clientRateLimit;
    }

    public void setClientRateLimit(double clientRateLimit) {
        this.clientRateLimit = clientRateLimit;
    }

    public double getClientRateBurst() {
        return clientRateBurst > 0 ? clientRateBurst : Math.max(1, clientRateLimit);
    }

    public void setClientRateBurst(double clientRateBurst) {
        this.clientRateBurst = clientRateBurst;
    }

    public int getResponseCode() {
        return responseCode;
    }

    public void setResponseCode(int responseCode) {
        this.responseCode = responseCode;
    }

    public String getResponseBody() {
        return responseBody;
    }

    public void setResponseBody(String responseBody) {
        this.responseBody = responseBody;
    }

    public String getIdempotencyHeader() {
        return idempotencyHeader;
    }

    public void setIdempotencyHeader(String idempotencyHeader) {
        this.idempotencyHeader = idempotencyHeader;
    }

    public boolean isIdempotency() {
        return idempotency;
    }

    public void setIdempotency(boolean idempotency) {
        this.idempotency = idempotency;
    }

    public String getCloudEvents() {
        return cloudEvents;
    }

    public void setCloudEvents(String cloudEvents) {
        this.cloudEvents = cloudEvents.toLowerCase(Locale.ROOT);
    }

    public String getCloudEventType() {
        return cloudEventType;
    }

    public void setCloudEventType(String cloudEventType) {
        this.cloudEventType = cloudEventType;
    }

    public String getCloudEventSource() {
        return cloudEventSource.isEmpty() ? path : cloudEventSource;
    }

    public void setCloudEventSource(String cloudEventSource) {
        this.cloudEventSource = cloudEventSource;
    }

    public void setRetryAfter(String retryAfter) {
        this.retryAfter = retryAfter;
    }

    public void setRequestTimeout(String requestTimeout) {
        this.requestTimeout = requestTimeout;
    }
}
