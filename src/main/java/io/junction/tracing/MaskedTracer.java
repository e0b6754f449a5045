package io.junction.tracing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.junction.secrets.Secrets;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.camel.util.URISupport;

/**
 * The tracer Camel's spans are made with, masking every text that goes into a span as logs, dead letters and the
 * admin API mask it: known secret values ({@link Secrets}: {@code {{env:…}}} references and secret configuration) and
 * the credentials Camel itself hides in URIs (query options such as {@code apikey}, {@code password}, {@code token},
 * and a URI's user info). Camel's decorators set endpoint URIs, host names and exception messages as attributes and
 * events of their own, so masking only Camel's {@code camel.uri} left {@code http.url} and exception text in clear;
 * here every attribute, event, status text and name is masked before the span holds it, for every exporter.
 */
final class MaskedTracer implements Tracer {

    private static final Pattern WORD = Pattern.compile("\\S+");

    private final Tracer tracer;

    MaskedTracer(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public SpanBuilder spanBuilder(String spanName) {
        return new Builder(tracer.spanBuilder(mask(spanName)));
    }

    static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        if (text.indexOf('=') < 0 && text.indexOf('@') < 0) {
            return Secrets.mask(text);
        }
        // Camel's URI masking, word by word: on a whole message or stack trace its "option=value" match would run on
        // to the next '&', however far away.
        Matcher words = WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (words.find()) {
            String word = words.group();
            words.appendReplacement(out, Matcher.quoteReplacement(
                    word.indexOf('=') >= 0 || word.indexOf('@') >= 0 ? URISupport.sanitizeUri(word) : word));
        }
        words.appendTail(out);
        return Secrets.mask(out.toString());
    }

    @SuppressWarnings("unchecked")
    static <T> T mask(AttributeKey<T> key, T value) {
        if (value instanceof String s) {
            return (T) mask(s);
        }
        if (value instanceof java.util.List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
            return (T) list.stream().map(v -> mask((String) v)).toList();
        }
        return value;
    }

    static Attributes mask(Attributes attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return attributes;
        }
        AttributesBuilder masked = Attributes.builder();
        attributes.forEach((key, value) -> put(masked, key, value));
        return masked.build();
    }

    @SuppressWarnings("unchecked")
    private static <T> void put(AttributesBuilder builder, AttributeKey<T> key, Object value) {
        builder.put(key, mask(key, (T) value));
    }

    private static final class Builder implements SpanBuilder {

        private final SpanBuilder builder;

        Builder(SpanBuilder builder) {
            this.builder = builder;
        }

        @Override
        public SpanBuilder setParent(Context context) {
            builder.setParent(context);
            return this;
        }

        @Override
        public SpanBuilder setNoParent() {
            builder.setNoParent();
            return this;
        }

        @Override
        public SpanBuilder addLink(SpanContext spanContext) {
            builder.addLink(spanContext);
            return this;
        }

        @Override
        public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
            builder.addLink(spanContext, mask(attributes));
            return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, String value) {
            builder.setAttribute(key, mask(value));
            return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, long value) {
            builder.setAttribute(key, value);
            return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, double value) {
            builder.setAttribute(key, value);
            return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, boolean value) {
            builder.setAttribute(key, value);
            return this;
        }

        @Override
        public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
            builder.setAttribute(key, mask(key, value));
            return this;
        }

        @Override
        public SpanBuilder setSpanKind(SpanKind spanKind) {
            builder.setSpanKind(spanKind);
            return this;
        }

        @Override
        public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
            builder.setStartTimestamp(startTimestamp, unit);
            return this;
        }

        @Override
        public Span startSpan() {
            return new Masked(builder.startSpan());
        }
    }

    /** A started span; made current by Camel, so code that renames {@code Span.current()} reaches it too. */
    private static final class Masked implements Span {

        private final Span span;

        Masked(Span span) {
            this.span = span;
        }

        @Override
        public <T> Span setAttribute(AttributeKey<T> key, T value) {
            span.setAttribute(key, mask(key, value));
            return this;
        }

        @Override
        public Span addLink(SpanContext spanContext, Attributes attributes) {
            span.addLink(spanContext, mask(attributes));
            return this;
        }

        @Override
        public Span addEvent(String name, Attributes attributes) {
            span.addEvent(mask(name), mask(attributes));
            return this;
        }

        @Override
        public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
            span.addEvent(mask(name), mask(attributes), timestamp, unit);
            return this;
        }

        @Override
        public Span setStatus(StatusCode statusCode, String description) {
            span.setStatus(statusCode, mask(description));
            return this;
        }

        @Override
        public Span recordException(Throwable exception, Attributes additionalAttributes) {
            // The event the SDK would record, with the message and the stack trace's text masked.
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            AttributesBuilder event = Attributes.builder()
                    .put("exception.type", exception.getClass().getName())
                    .put("exception.stacktrace", mask(trace.toString()));
            if (exception.getMessage() != null) {
                event.put("exception.message", mask(exception.getMessage()));
            }
            if (additionalAttributes != null) {
                event.putAll(mask(additionalAttributes));
            }
            span.addEvent("exception", event.build());
            return this;
        }

        @Override
        public Span updateName(String name) {
            span.updateName(mask(name));
            return this;
        }

        @Override
        public void end() {
            span.end();
        }

        @Override
        public void end(long timestamp, TimeUnit unit) {
            span.end(timestamp, unit);
        }

        @Override
        public SpanContext getSpanContext() {
            return span.getSpanContext();
        }

        @Override
        public boolean isRecording() {
            return span.isRecording();
        }
    }
}
