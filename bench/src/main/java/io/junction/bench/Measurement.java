package io.junction.bench;

/**
 * One contender in one round of one scenario. CPU figures are milliseconds of CPU time (user + system) per 1000
 * messages during the measured phase, for the contender's process and for the brokers it used.
 */
public record Measurement(String scenario, String system, String contender, int round, double msgsPerSecond,
                          double p50Ms, double p99Ms, double peakRssMb, double cpuMsPer1k, double kafkaCpuMsPer1k,
                          double artemisCpuMsPer1k, double measuredSeconds, String notes) {

    static final String JUNCTION = "junction";
    /** The other build of Junction in a comparison run (bench/compare.sh REV). */
    static final String JUNCTION_BASE = "junction-base";
    static final String BASELINE = "baseline";

    /** How a contender is named in the console and the notes: Junction, baseline, or the peer's id. */
    static String display(String contender) {
        return JUNCTION.equals(contender) ? "Junction" : JUNCTION_BASE.equals(contender) ? "Junction (base)" : contender;
    }

    /** Junction, of this build or of the one compared against. */
    static boolean isJunction(String contender) {
        return JUNCTION.equals(contender) || JUNCTION_BASE.equals(contender);
    }

    static final String CSV_HEADER = "scenario,system,round,msgs_per_s,p50_ms,p99_ms,peak_rss_mb,cpu_ms_per_1k,"
            + "kafka_cpu_ms_per_1k,artemis_cpu_ms_per_1k,measured_s,notes";

    String csv() {
        return String.join(",", scenario, contender, String.valueOf(round),
                f(msgsPerSecond), f(p50Ms), f(p99Ms), f(peakRssMb), f(cpuMsPer1k), f(kafkaCpuMsPer1k),
                f(artemisCpuMsPer1k), f(measuredSeconds), '"' + notes.replace("\"", "'") + '"');
    }

    private static String f(double d) {
        return Double.isNaN(d) ? "" : String.format(java.util.Locale.ROOT, "%.2f", d);
    }
}
