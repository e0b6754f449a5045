package io.junction.bench;

/** One comparison: Junction's route and a hand-written baseline, on the same broker, same records and payload. */
public interface Scenario {

    /** kafka, amqp or webhook. */
    String id();

    String title();

    String junctionLabel();

    String baselineLabel();

    /** The throughput target from the issue, as a fraction of the baseline. */
    double target();

    /** What the latency columns mean in this scenario. */
    String latencyDefinition();

    Measurement measure(boolean junction, int round) throws Exception;
}
