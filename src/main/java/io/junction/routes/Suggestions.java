package io.junction.routes;

import java.util.Collection;
import java.util.Comparator;
import java.util.Set;

import org.apache.camel.catalog.SuggestionStrategy;

/** "Did you mean" for misspelled names: the closest candidates by edit distance, ignoring case and dashes. */
public final class Suggestions implements SuggestionStrategy {

    @Override
    public String[] suggestEndpointOptions(Set<String> names, String unknownOption) {
        String best = nearest(names, unknownOption);
        return best == null ? null : new String[] { best };
    }

    /** The closest candidate, or null when nothing is close enough to be a plausible typo. */
    public static String nearest(Collection<String> candidates, String wrong) {
        if (wrong == null || candidates == null || candidates.isEmpty()) {
            return null;
        }
        String w = normalize(wrong);
        int limit = Math.max(2, w.length() / 3);
        return candidates.stream()
                .filter(c -> distance(normalize(c), w) <= limit)
                .min(Comparator.comparingInt((String c) -> distance(normalize(c), w)).thenComparing(c -> c))
                .orElse(null);
    }

    private static String normalize(String s) {
        return s.replace("-", "").replace("_", "").toLowerCase();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
