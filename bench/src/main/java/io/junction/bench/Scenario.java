package io.junction.bench;

import java.util.List;

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

    /** Contenders besides Junction and the baseline: tools users already run for the same job. */
    default List<Peer> peers() {
        return List.of();
    }

    /** A peer: its id (in topic names, logs and the CSV) and the label of its row. */
    record Peer(String id, String label) {
    }

    /** The label of a contender's row. */
    default String label(String contender) {
        if (Measurement.JUNCTION.equals(contender)) {
            return junctionLabel();
        }
        if (Measurement.JUNCTION_BASE.equals(contender)) {
            return junctionLabel() + ", the build compared against";
        }
        if (Measurement.BASELINE.equals(contender)) {
            return baselineLabel();
        }
        return peers().stream().filter(p -> p.id().equals(contender)).map(Peer::label).findFirst().orElse(contender);
    }

    /** Junction, the baseline, then the peers. */
    default List<String> contenders() {
        List<String> all = new java.util.ArrayList<>(List.of(Measurement.JUNCTION, Measurement.BASELINE));
        peers().forEach(p -> all.add(p.id()));
        return all;
    }

    Measurement measure(String contender, int round) throws Exception;
}
