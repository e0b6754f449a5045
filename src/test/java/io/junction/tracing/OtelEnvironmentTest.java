package io.junction.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OtelEnvironmentTest {

    @Test
    void tracingStaysOffWhenNothingAsksForIt() {
        Map<String, String> p = OtelEnvironment.map(Map.of("OTEL_SERVICE_NAME", "orders-gateway"));
        assertThat(p).containsEntry("quarkus.otel.sdk.disabled", "true")
                .containsEntry("junction.tracing.exporter", "none")
                .containsEntry("quarkus.otel.service.name", "orders-gateway");
    }

    @Test
    void anOtlpEndpointTurnsTracingOnWithOtlp() {
        Map<String, String> p = OtelEnvironment.map(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "OTEL_EXPORTER_OTLP_HEADERS", "api-key=abc"));
        assertThat(p).containsEntry("quarkus.otel.sdk.disabled", "false")
                .containsEntry("junction.tracing.exporter", "otlp")
                .containsEntry("quarkus.otel.exporter.otlp.endpoint", "http://collector:4318")
                .containsEntry("quarkus.otel.exporter.otlp.protocol", "http/protobuf")
                .containsEntry("quarkus.otel.exporter.otlp.headers", "api-key=abc")
                .doesNotContainKey("quarkus.otel.exporter.otlp.traces.endpoint");
    }

    @Test
    void zipkinSilencesTheOtlpProcessorAndTakesItsEndpoint() {
        Map<String, String> p = OtelEnvironment.map(Map.of("OTEL_TRACES_EXPORTER", "zipkin",
                "OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans"));
        assertThat(p).containsEntry("quarkus.otel.sdk.disabled", "false")
                .containsEntry("junction.tracing.exporter", "zipkin")
                .containsEntry("junction.tracing.zipkin-endpoint", "http://zipkin:9411/api/v2/spans")
                .containsEntry("quarkus.otel.exporter.otlp.traces.endpoint", " ");
    }

    @Test
    void theSdkSwitchAndNoneWinOverEverythingElse() {
        assertThat(OtelEnvironment.map(Map.of("OTEL_TRACES_EXPORTER", "zipkin", "OTEL_SDK_DISABLED", "true")))
                .containsEntry("quarkus.otel.sdk.disabled", "true").containsEntry("junction.tracing.exporter", "none");
        assertThat(OtelEnvironment.map(Map.of("OTEL_TRACES_EXPORTER", "none",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")))
                .containsEntry("quarkus.otel.sdk.disabled", "true");
        assertThat(OtelEnvironment.map(Map.of("OTEL_SDK_DISABLED", "false")))
                .containsEntry("quarkus.otel.sdk.disabled", "false").containsEntry("junction.tracing.exporter", "otlp");
    }

    @Test
    void theFirstOfSeveralExportersIsTakenAndMillisecondsStayMilliseconds() {
        Map<String, String> p = OtelEnvironment.map(Map.of("OTEL_TRACES_EXPORTER", " Zipkin , otlp",
                "OTEL_BSP_SCHEDULE_DELAY", "200", "OTEL_BSP_EXPORT_TIMEOUT", "soon"));
        assertThat(p).containsEntry("junction.tracing.exporter", "zipkin")
                .containsEntry("quarkus.otel.bsp.schedule.delay", "200ms")
                .doesNotContainKey("quarkus.otel.bsp.export.timeout");
    }

    @Test
    void anUnknownExporterIsPassedOnToBeRefusedAtStart() {
        assertThat(OtelEnvironment.map(Map.of("OTEL_TRACES_EXPORTER", "jaeger")))
                .containsEntry("junction.tracing.exporter", "jaeger");
        assertThat(OtelEnvironment.EXPORTERS).doesNotContain("jaeger");
    }
}
