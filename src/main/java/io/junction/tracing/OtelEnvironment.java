package io.junction.tracing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Reads the standard OpenTelemetry environment variables ({@code OTEL_TRACES_EXPORTER},
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_ZIPKIN_ENDPOINT}, ...) the way every other OpenTelemetry
 * SDK does, and hands them to Quarkus' OpenTelemetry settings, which only know {@code quarkus.otel.*}.
 * <p>
 * Tracing is off unless asked for: {@code OTEL_TRACES_EXPORTER} naming an exporter, an OTLP endpoint, or
 * {@code OTEL_SDK_DISABLED=false}. Off, Camel installs no tracer at all, so a gateway that exports nowhere pays nothing
 * per event and logs no failed exports. Its ordinal sits between the built-in defaults (250) and
 * {@code config/application.properties} (260): the file, system properties and {@code QUARKUS_OTEL_*} variables still win.
 */
public final class OtelEnvironment implements ConfigSource {

    static final int ORDINAL = 255;
    /** The exporters Junction ships; {@link ZipkinExport} refuses any other name at start-up. */
    static final Set<String> EXPORTERS = Set.of("otlp", "zipkin", "none");

    private final Map<String, String> properties;

    public OtelEnvironment() {
        this(System.getenv());
    }

    OtelEnvironment(Map<String, String> env) {
        this.properties = Map.copyOf(map(env));
    }

    static Map<String, String> map(Map<String, String> env) {
        Map<String, String> p = new HashMap<>();
        String exporter = exporter(env);
        boolean disabled = "true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"));
        boolean asked = env.containsKey("OTEL_TRACES_EXPORTER") || env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
                || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                || "false".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"));
        boolean on = asked && !disabled && !"none".equals(exporter);
        p.put("quarkus.otel.sdk.disabled", Boolean.toString(!on));
        p.put("junction.tracing.exporter", on ? exporter : "none");
        copy(env, "OTEL_SERVICE_NAME", p, "quarkus.otel.service.name");
        copy(env, "OTEL_RESOURCE_ATTRIBUTES", p, "quarkus.otel.resource.attributes");
        copy(env, "OTEL_TRACES_SAMPLER_ARG", p, "quarkus.otel.traces.sampler.arg");
        copy(env, "OTEL_EXPORTER_OTLP_ENDPOINT", p, "quarkus.otel.exporter.otlp.endpoint");
        copy(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", p, "quarkus.otel.exporter.otlp.traces.endpoint");
        copy(env, "OTEL_EXPORTER_OTLP_PROTOCOL", p, "quarkus.otel.exporter.otlp.protocol");
        copy(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", p, "quarkus.otel.exporter.otlp.traces.protocol");
        copy(env, "OTEL_EXPORTER_OTLP_HEADERS", p, "quarkus.otel.exporter.otlp.headers");
        copy(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", p, "quarkus.otel.exporter.otlp.traces.headers");
        // The specification gives these in milliseconds; a bare number is seconds to Quarkus.
        millis(env, "OTEL_BSP_SCHEDULE_DELAY", p, "quarkus.otel.bsp.schedule.delay");
        millis(env, "OTEL_BSP_EXPORT_TIMEOUT", p, "quarkus.otel.bsp.export.timeout");
        millis(env, "OTEL_EXPORTER_OTLP_TIMEOUT", p, "quarkus.otel.exporter.otlp.timeout");
        copy(env, "OTEL_BSP_MAX_QUEUE_SIZE", p, "quarkus.otel.bsp.max.queue.size");
        copy(env, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", p, "quarkus.otel.bsp.max.export.batch.size");
        copy(env, "OTEL_EXPORTER_ZIPKIN_ENDPOINT", p, "junction.tracing.zipkin-endpoint");
        if ("zipkin".equals(exporter) && !env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
            // Quarkus' OTLP span processor stands aside only when its traces endpoint is blank (it would otherwise
            // export to localhost:4317 beside Zipkin and log every failure).
            p.put("quarkus.otel.exporter.otlp.traces.endpoint", " ");
        }
        return p;
    }

    /** The first exporter named (the specification allows a list; one backend is what a gateway needs). */
    static String exporter(Map<String, String> env) {
        String value = env.getOrDefault("OTEL_TRACES_EXPORTER", "otlp").trim();
        int comma = value.indexOf(',');
        String first = (comma < 0 ? value : value.substring(0, comma)).trim().toLowerCase(Locale.ROOT);
        return first.isEmpty() ? "otlp" : first;
    }

    private static void copy(Map<String, String> env, String name, Map<String, String> p, String key) {
        String v = env.get(name);
        if (v != null && !v.isBlank()) {
            p.put(key, v.trim());
        }
    }

    private static void millis(Map<String, String> env, String name, Map<String, String> p, String key) {
        String v = env.get(name);
        if (v != null && v.trim().matches("\\d+")) {
            p.put(key, v.trim() + "ms");
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "OpenTelemetry environment (OTEL_*)";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
