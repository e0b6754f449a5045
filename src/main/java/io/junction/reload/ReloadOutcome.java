package io.junction.reload;

import java.time.Instant;
import java.util.List;

import io.junction.routes.Problem;

/** The result of one reload attempt, as the admin API and the log report it. */
public record ReloadOutcome(Result result, Instant at, long durationMillis, String digest, ReloadPlan plan,
        List<Problem> problems, int routes) {

    public enum Result {
        /** The new set runs. */
        APPLIED,
        /** The files changed in ways that do not change any route (comments, formatting, order). */
        UNCHANGED,
        /** The new set was refused; the previous one keeps running. */
        REJECTED
    }

    public boolean rejected() {
        return result == Result.REJECTED;
    }

    public String summary() {
        return switch (result) {
            case APPLIED -> "applied: " + plan.added().size() + " added, " + plan.changed().size() + " replaced, "
                    + plan.removed().size() + " removed, " + plan.unchanged().size() + " untouched (" + durationMillis
                    + " ms)";
            case UNCHANGED -> "no route changed";
            case REJECTED -> (routes == 0 ? "rejected, no routes are running: " : "rejected, previous routes keep"
                    + " running: ") + errors();
        };
    }

    /** The errors, one after the other. */
    public String errors() {
        return problems.stream().filter(Problem::isError).map(Problem::format).reduce((a, b) -> a + "; " + b)
                .orElse("");
    }
}
