package io.junction.connectors.webhook;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.TimeUtils;

/**
 * One webhook path and its options. Secrets are given through placeholders ({{env:NAME}}), never literally, and
 * several may be listed, comma-separated, while a sender rotates them.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "junction-webhook", title = "Junction Webhook",
        syntax = "junction-webhook:path", consumerOnly = true, category = { Category.HTTP })
public final class WebhookEndpoint extends DefaultEndpoint {

    @UriPath(description = "The URL path senders post to.")
    @Metadata(required = true)
    private final String path;
    @UriParam(description = "Who may post: none, github, stripe, standard-webhooks, hmac, api-key or bearer.",
            defaultValue = "none", enums = "none,github,stripe,standard-webhooks,hmac,api-key,bearer")
    private String verifier = "none";
    @UriParam(description = "Secrets, keys or tokens, comma-separated (several during rotation). Reference them:"
            + " {{env:NAME}}.",
            secret = true)
    private String secrets = "";
    @UriParam(description = "hmac: the header carrying the signature.", defaultValue = "X-Signature")
    private String signatureHeader = "X-Signature";
    @UriParam(description = "hmac: sha1, sha256 or sha512.", defaultValue = "sha256", enums = "sha1,sha256,sha512")
    private String algorithm = "sha256";
    @UriParam(description = "hmac: hex or base64.", defaultValue = "hex", enums = "hex,base64")
    private String encoding = "hex";
    @UriParam(description = "hmac: text before the signature, e.g. sha256=.", defaultValue = "")
    private String signaturePrefix = "";
    @UriParam(description = "api-key: the header carrying the key.", defaultValue = "X-Api-Key")
    private String apiKeyHeader = "X-Api-Key";
    @UriParam(description = "stripe, standard-webhooks: how far the signed timestamp may be from now.",
            defaultValue = "300s")
    private String tolerance = "300s";
    @UriParam(description = "Largest accepted body in bytes; larger requests get 413.", defaultValue = "1048576")
    private long maxBodySize = 1024 * 1024;
    @UriParam(description = "Accepted content types, comma-separated; others get 415.",
            defaultValue = "application/json,application/cloudevents+json,application/x-www-form-urlencoded")
    private String contentTypes = "application/json,application/cloudevents+json,application/x-www-form-urlencoded";
    @UriParam(description = "Accepted methods; others get 405.", defaultValue = "POST")
    private String methods = "POST";
    @UriParam(description = "Requests per second for the route (0: no limit); excess gets 429 with Retry-After.",
            defaultValue = "0")
    private double rateLimit;
    @UriParam(description = "Burst above the route rate (default: the rate).", defaultValue = "0")
    private double rateBurst;
    @UriParam(description = "Requests per second per client address (0: no limit).", defaultValue = "0")
    private double clientRateLimit;
    @UriParam(description = "Burst above the client rate (default: the rate).", defaultValue = "0")
    private double clientRateBurst;
    @UriParam(description = "Status answered once the event is stored: 200, 201, 202 or 204.", defaultValue = "202")
    private int responseCode = 202;
    @UriParam(description = "empty, or id for a JSON body with the event id.",
            defaultValue = "empty", enums = "empty,id")
    private String responseBody = "empty";
    @UriParam(description = "Header identifying a delivery; auto uses webhook-id, X-GitHub-Delivery, Idempotency-Key"
            + " or the Stripe event id.",
            defaultValue = "auto")
    private String idempotencyHeader = "auto";
    @UriParam(description = "Answer a redelivered delivery id 2xx without publishing it again.", defaultValue = "true")
    private boolean idempotency = true;
    @UriParam(description = "auto: CloudEvents in (binary or structured) go out in Kafka binary mode; wrap: plain"
            + " requests become CloudEvents; off.",
            defaultValue = "auto", enums = "auto,wrap,off")
    private String cloudEvents = "auto";
    @UriParam(description = "wrap: the CloudEvent type.", defaultValue = "com.example.webhook")
    private String cloudEventType = "com.example.webhook";
    @UriParam(description = "wrap: the CloudEvent source (default: the path).", defaultValue = "")
    private String cloudEventSource = "";
    @UriParam(description = "Retry-After sent with 503 answers.", defaultValue = "5s")
    private String retryAfter = "5s";
    @UriParam(description = "How long a sender waits at most; past it, 503 with Retry-After.", defaultValue = "30s")
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
    public String getSecrets() {
        return secrets;
    }

    public String getSignatureHeader() {
        return signatureHeader;
    }

    public String getAlgorithm() {
        return algorithm;
    }

    public String getEncoding() {
        return encoding;
    }

    public String getSignaturePrefix() {
        return signaturePrefix;
    }

    public String getApiKeyHeader() {
        return apiKeyHeader;
    }

    public String getTolerance() {
        return tolerance;
    }

    public String getContentTypes() {
        return contentTypes;
    }

    public String getMethods() {
        return methods;
    }

    public String getRetryAfter() {
        return retryAfter;
    }

    public String getRequestTimeout() {
        return requestTimeout;
    }
}
