package io.junction.bench;

import java.nio.file.Path;

/** What every scenario of one run shares: options, the run id, topic admin, the launcher, the broker pids. */
public final class RunContext {

    final BenchOptions options;
    final String runId;
    final KafkaTopics topics;
    final Launcher launcher;
    final long kafkaPid;
    final long artemisPid;

    RunContext(BenchOptions options, String runId, KafkaTopics topics) {
        this.options = options;
        this.runId = runId;
        this.topics = topics;
        this.launcher = new Launcher(options);
        this.kafkaPid = ProcStats.pidFrom(options.kafkaPidFile());
        this.artemisPid = ProcStats.pidFrom(options.artemisPidFile());
    }

    /**
     * A name unique to this run, scenario, round and contender (j: Junction, b: baseline, else the peer's id), e.g.
     * bench-20250101t120000-kafka-r1-j-in.
     */
    String name(String scenario, int round, String contender, String suffix) {
        String who = Measurement.JUNCTION.equals(contender) ? "j" : Measurement.JUNCTION_BASE.equals(contender) ? "jb"
                : Measurement.BASELINE.equals(contender) ? "b" : contender;
        return "bench-" + runId + "-" + scenario + "-r" + round + "-" + who + "-" + suffix;
    }

    Path dir(String scenario, int round, String contender) {
        return options.workDir.resolve(scenario + "-r" + round + "-" + contender);
    }

    CpuSample sample(long delivered, long pid) {
        return CpuSample.take(delivered, pid, kafkaPid, artemisPid);
    }

    /**
     * Waits until the topic holds at least {@code target} records and returns a CPU sample taken at that moment,
     * with the count then seen. Fails if the contender died or nothing arrived for the run's timeout.
     */
    CpuSample awaitCount(String topic, long target, ManagedProcess process) throws Exception {
        long deadline = System.nanoTime() + options.timeoutSeconds * 1_000_000_000L;
        while (true) {
            long count = topics.count(topic, options.partitions);
            if (count >= target) {
                return sample(count, process.pid());
            }
            process.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(topic + ": " + count + " of " + target + " records after "
                        + options.timeoutSeconds + " s (log: " + process.log() + ")\n" + process.logTail(30));
            }
            Thread.sleep(25);
        }
    }
}
