package io.junction.tracing;

import jakarta.inject.Singleton;

import io.junction.config.JunctionConfig;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.quarkus.opentelemetry.runtime.config.runtime.BatchSpanProcessorConfig;
import io.quarkus.opentelemetry.runtime.config.runtime.OTelRuntimeConfig;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * {@code OTEL_TRACES_EXPORTER=zipkin}: spans go to a Zipkin server ({@code OTEL_EXPORTER_ZIPKIN_ENDPOINT}) in batches,
 * with the same batch settings ({@code OTEL_BSP_*}) Quarkus gives its OTLP exporter. Quarkus exports OTLP itself;
 * Zipkin is the one other backend the OpenTelemetry specification names, and the one whose server runs locally
 * (deploy/local/brokers.sh start zipkin). Only built when tracing is on; with any other exporter it passes nothing.
 */
@Singleton
public class ZipkinExport implements SpanProcessor {

    private final SpanProcessor batch;

    ZipkinExport(JunctionConfig config, OTelRuntimeConfig otel) {
        String exporter = config.tracing().exporter();
        if (!OtelEnvironment.EXPORTERS.contains(exporter)) {
            throw new IllegalArgumentException("OTEL_TRACES_EXPORTER=" + exporter
                    + " is not an exporter Junction ships: use otlp (OTEL_EXPORTER_OTLP_ENDPOINT), zipkin "
                    + "(OTEL_EXPORTER_ZIPKIN_ENDPOINT) or none");
        }
        if (!"zipkin".equals(exporter)) {
            batch = null;
            return;
        }
        BatchSpanProcessorConfig bsp = otel.bsp();
        batch = BatchSpanProcessor.builder(ZipkinSpanExporter.builder()
                // The JDK's HTTP client, not OkHttp: one dependency less in the image.
                .setSender(URLConnectionSender.create(config.tracing().zipkinEndpoint())).build())
                .setScheduleDelay(bsp.scheduleDelay())
                .setMaxQueueSize(bsp.maxQueueSize())
                .setMaxExportBatchSize(bsp.maxExportBatchSize())
                .setExporterTimeout(bsp.exportTimeout())
                .build();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        batch.onEnd(span);
    }

    @Override
    public boolean isEndRequired() {
        return batch != null;
    }

    @Override
    public CompletableResultCode shutdown() {
        return batch == null ? CompletableResultCode.ofSuccess() : batch.shutdown();
    }

    @Override
    public CompletableResultCode forceFlush() {
        return batch == null ? CompletableResultCode.ofSuccess() : batch.forceFlush();
    }
}
