package io.junction.bench;

/** CPU time used so far by the contender and the brokers, and how many messages had arrived, at one moment. */
public record CpuSample(long nanoTime, long delivered, double processMs, double kafkaMs, double artemisMs) {

    static CpuSample take(long delivered, long pid, long kafkaPid, long artemisPid) {
        return new CpuSample(System.nanoTime(), delivered, ProcStats.cpuMillis(pid), ProcStats.cpuMillis(kafkaPid),
                ProcStats.cpuMillis(artemisPid));
    }

    double seconds(CpuSample later) {
        return (later.nanoTime - nanoTime) / 1e9;
    }

    double processPer1k(CpuSample later) {
        return per1k(later.processMs - processMs, later);
    }

    double kafkaPer1k(CpuSample later) {
        return per1k(later.kafkaMs - kafkaMs, later);
    }

    double artemisPer1k(CpuSample later) {
        return per1k(later.artemisMs - artemisMs, later);
    }

    private double per1k(double cpuMs, CpuSample later) {
        long n = later.delivered - delivered;
        return n > 0 ? cpuMs * 1000.0 / n : Double.NaN;
    }
}
