package io.junction.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.junction.secrets.Secrets;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

/** What leaves through the OpenTelemetry SDK holds no secret, wherever a span was given it. */
class MaskedTracerTest {

    final String secret = "k3y-" + UUID.randomUUID();
    final List<SpanData> exported = new CopyOnWriteArrayList<>();
    final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    exported.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            })).build();

    @Test
    void secretsAndUriCredentialsAreMaskedInEveryPartOfASpan() {
        Secrets.register(secret);
        MaskedTracer tracer = new MaskedTracer(provider.get("test"));
        String url = "https://partner.example/hook?key=" + secret + "&apikey=plain-apikey-value";

        Span span = tracer.spanBuilder("send " + secret).setAttribute("camel.uri", url).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            span.setAttribute("http.url", url);
            span.setAttribute(AttributeKey.stringKey("server.address"), "user:" + secret + "@partner.example");
            span.setAttribute("http.status_code", 500L);
            span.addEvent("error", Attributes.of(AttributeKey.stringKey("message"), "POST " + url + " failed"));
            span.recordException(new IllegalStateException("cannot reach " + url,
                    new RuntimeException("cause holds " + secret)));
            span.setStatus(StatusCode.ERROR, "failed: " + url);
            Span.current().updateName("renamed " + secret);
        } finally {
            span.end();
        }

        assertThat(exported).hasSize(1);
        SpanData data = exported.get(0);
        String everything = data.getName() + data.getAttributes() + data.getEvents() + data.getStatus();
        assertThat(everything).doesNotContain(secret).doesNotContain("plain-apikey-value").contains(Secrets.MASK);
        assertThat(data.getAttributes().get(AttributeKey.longKey("http.status_code"))).isEqualTo(500L);
        assertThat(data.getName()).isEqualTo("renamed " + Secrets.MASK);
        assertThat(data.getEvents()).extracting(e -> e.getName()).containsExactly("error", "exception");
        assertThat(data.getEvents().get(1).getAttributes().get(AttributeKey.stringKey("exception.type")))
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(data.getEvents().get(1).getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
                .contains("Caused by: java.lang.RuntimeException: cause holds " + Secrets.MASK);
        assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void aChildSpanFindsItsMaskedParent() {
        MaskedTracer tracer = new MaskedTracer(provider.get("test"));
        Span parent = tracer.spanBuilder("parent").startSpan();
        try (Scope ignored = parent.makeCurrent()) {
            tracer.spanBuilder("child").startSpan().end();
        } finally {
            parent.end();
        }
        assertThat(exported).hasSize(2);
        assertThat(exported.get(0).getParentSpanId()).isEqualTo(exported.get(1).getSpanId());
        assertThat(exported.get(0).getTraceId()).isEqualTo(exported.get(1).getTraceId());
    }
}
