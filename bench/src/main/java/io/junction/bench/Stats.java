package io.junction.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles and medians, nearest-rank, no interpolation: what was observed, not an estimate between samples. */
public final class Stats {

    private Stats() {
    }

    /** The p-th percentile (0 < p <= 100) of the values; NaN when there are none. Sorts a copy. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The median of the values that are not NaN; for an even count the mean of the middle two. */
    public static double median(List<Double> values) {
        double[] v = values.stream().filter(d -> d != null && !d.isNaN()).mapToDouble(Double::doubleValue).sorted()
                .toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2.0;
    }
}
