package io.junction.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private final String secret = "s3cr3t-" + UUID.randomUUID();

    @AfterEach
    void forget() {
        Secrets.clear();
    }

    @Test
    void registeredValuesAreMaskedWhereverTheyAppear() {
        Secrets.register(secret);
        Secrets.register(secret + "-longer");
        Secrets.register("abc"); // too short to mean anything
        Secrets.register("junction"); // a plain word: the local brokers' default password

        assertThat(Secrets.mask("GET https://hooks.example.com/" + secret + "/x failed"))
                .isEqualTo("GET https://hooks.example.com/******/x failed");
        assertThat(Secrets.mask("a " + secret + "-longer b")).isEqualTo("a ****** b");
        assertThat(Secrets.mask("abc junction")).isEqualTo("abc junction");
        assertThat(Secrets.mask(null)).isNull();
    }

    /** A secret in an endpoint parameter appears percent-encoded in endpoint URIs, HTTP request lines and forms. */
    @Test
    void aSecretIsMaskedPercentEncodedToo() throws Exception {
        String raw = "Path Sec+ret/" + UUID.randomUUID() + "=ä";
        Secrets.register(raw);
        String encoded = java.net.URLEncoder.encode(raw, java.nio.charset.StandardCharsets.UTF_8);
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            String uri = camel.getEndpoint("log:x?marker=RAW(" + raw + ")").getEndpointUri();
            String normalized = org.apache.camel.util.URISupport.normalizeUri("log:x?marker=" + encoded);
            for (String text : List.of(uri, normalized, "?k=" + encoded, "?k=" + encoded.replace("+", "%20"),
                    "?k=" + org.apache.camel.util.UnsafeUriCharactersEncoder.encode(raw))) {
                assertThat(Secrets.mask(text)).as(text).doesNotContain(raw.substring(5, 9)).contains(Secrets.MASK);
            }
        }
    }

    /**
     * Round 4, M-1: Camel masks what looks like URI user info before the text reaches us; a secret with an @ in a URI
     * path came out as "127.0.0.1:xxxxxx@9fK2mQ7vLp3Rt8ZwB", its tail in clear.
     */
    @Test
    void aSecretCutByCamelsUserInfoMaskingIsMaskedToo() {
        String raw = "Xy@9fK2mQ7vLp3Rt8ZwB";
        Secrets.register(raw);
        String camel = org.apache.camel.util.URISupport.sanitizeUri("http://127.0.0.1:28555/s/" + raw + "/x");
        assertThat(camel).as("Camel's own masking cuts the secret").doesNotContain(raw);
        assertThat(Secrets.mask(camel)).doesNotContain("9fK2mQ7v").doesNotContain("Rt8ZwB");
        // The second probe: the tail as an HTTP client writes it (space and non-ASCII letters percent-encoded).
        Secrets.register("Zq9@kLm:7/Wx +\u00dc\u20acrT55");
        assertThat(Secrets.mask("invoking http://127.0.0.1:xxxxxx@kLm:7/Wx%20+%C3%9C%E2%82%ACrT55 failed"))
                .isEqualTo("invoking http://127.0.0.1:xxxxxx@" + Secrets.MASK + " failed");
    }

    /** The third probe: Camel splits a secret with '/', '?' or '#' in an endpoint URI, and its parts were in clear. */
    @Test
    void aSecretSplitByAUrisDelimitersIsMaskedInEveryPart() throws Exception {
        String raw = "pQ7wX2zR/kT9mV4sL?nB3cY6hJ#fD8gH5jK&aZ1xC4vB=mN8bV2cX";
        Secrets.register(raw);
        String normalized = org.apache.camel.util.URISupport.normalizeUri("https://127.0.0.1:8443/in/" + raw);
        String masked = Secrets.mask(org.apache.camel.util.URISupport.sanitizeUri(normalized));
        for (String part : new String[] { "pQ7wX2zR", "kT9mV4sL", "nB3cY6hJ", "fD8gH5jK", "aZ1xC4vB", "mN8bV2cX" }) {
            assertThat(masked).as(normalized).doesNotContain(part);
            assertThat(Secrets.mask("at " + part + ".")).isEqualTo("at " + Secrets.MASK + ".");
        }
        assertThat(Secrets.mask("a short part: /abc?")).as("parts under 8 characters are words").contains("abc");
        // CI found "junction" masked in every log line: a token's path had been split into its words.
        Secrets.register("/tmp/junction/admin-token-2f9Kq8");
        assertThat(Secrets.mask("junction 0.1.0 started; admin-token kept")).isEqualTo("junction 0.1.0 started; admin-token kept");
        Secrets.registerConfig("junction.admin.token-file", "/var/lib/junction-state/admin-token");
        assertThat(Secrets.mask("kept in /var/lib/junction-state/admin-token")).as("a token's file is not the token")
                .isEqualTo("kept in /var/lib/junction-state/admin-token");
    }

    @Test
    void configKeysThatNameASecretRegisterTheirValue() {
        Secrets.registerConfig("junction.amqp.password", secret);
        Secrets.registerConfig("junction.kafka.brokers", "127.0.0.1:9092");
        assertThat(Secrets.mask(secret + "@127.0.0.1:9092")).isEqualTo("******@127.0.0.1:9092");
    }

    /** L4: an expression that reads the environment ({@code ${sysenv.X}}, {@code ${env:X}}) masks like a placeholder. */
    @Test
    void environmentReadsInExpressionsRegisterTheirValues() {
        String path = System.getenv("PATH");
        assertThat(path).as("a variable long enough to count as a secret").hasSizeGreaterThanOrEqualTo(12);
        for (String reference : new String[] { "${sysenv.PATH}", "${env:PATH}", "${env.PATH}", "${sysenv:PATH}",
                "$simple{sysenv.PATH}", "${env:path}", "{{env:path}}" }) {
            Secrets.clear();
            Secrets.registerEnvReferences("- setHeader: {name: x, simple: \"" + reference + "\"}");
            assertThat(Secrets.mask("value " + path)).as(reference).isEqualTo("value ******");
        }
    }

    @Test
    void anEnvironmentReferenceWithNoValueRegistersNothing() {
        Secrets.registerEnvReferences("uri: https://x/{{env:JUNCTION_NO_SUCH_VARIABLE_" + UUID.randomUUID().toString()
                .replace("-", "_") + "}}");
        assertThat(Secrets.mask("nothing to hide")).isEqualTo("nothing to hide");
    }

    @Test
    void aLoggedExceptionKeepsItsClassAndStackButNotTheSecret() {
        Secrets.register(secret);
        IllegalStateException cause = new IllegalStateException("token " + secret + " refused");
        RuntimeException top = new RuntimeException("sending failed", cause);
        Throwable masked = MaskedThrowable.of(top);
        assertThat(masked.toString()).isEqualTo("java.lang.RuntimeException: sending failed");
        assertThat(masked.getCause().toString()).isEqualTo("java.lang.IllegalStateException: token ****** refused");
        assertThat(masked.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
        Throwable clean = new RuntimeException("nothing secret");
        assertThat(MaskedThrowable.of(clean)).isSameAs(clean);
    }
}
