package io.junction.tracing;

import java.util.Map;

import jakarta.inject.Singleton;

import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.quarkus.opentelemetry.runtime.AutoConfiguredOpenTelemetrySdkBuilderCustomizer;

/**
 * Keeps the OpenTelemetry SDK's own exporter lookup out of the way. The SDK reads {@code OTEL_TRACES_EXPORTER} (and
 * the metrics and logs ones) from the environment itself, over what Quarkus hands it, and then looks for an exporter
 * of that name on the class path: {@code otlp} is not there (Quarkus exports OTLP through Vert.x) and stops the gateway
 * at start. Junction reads those variables in {@link OtelEnvironment} instead, so the SDK always takes Quarkus'
 * exporters (the OTLP span processor and {@link ZipkinExport}); metrics and logs leave through Prometheus and the log.
 */
@Singleton
public class SdkExporters implements AutoConfiguredOpenTelemetrySdkBuilderCustomizer {

    static final Map<String, String> FIXED = Map.of("otel.traces.exporter", "cdi", "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    @Override
    public void customize(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        builder.addPropertiesCustomizer(properties -> FIXED);
    }
}
