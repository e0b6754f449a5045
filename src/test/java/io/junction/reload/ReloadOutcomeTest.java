package io.junction.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.junction.routes.Problem;
import org.junit.jupiter.api.Test;

class ReloadOutcomeTest {

    static ReloadOutcome rejected(int routesRunning) {
        ReloadPlan plan = new ReloadPlan(List.of("a"), List.of(), List.of(), List.of(), Set.of(), Set.of(), false);
        return new ReloadOutcome(ReloadOutcome.Result.REJECTED, Instant.now(), 3, "d", plan,
                List.of(Problem.error("a.yaml", 4, 7, "route a failed to start: boom")), routesRunning);
    }

    /** Issue 26's outside look: at first start the log said previous routes keep running when none had run. */
    @Test
    void aRejectionSaysWhetherAnyRoutesKeepRunning() {
        assertThat(rejected(0).summary()).startsWith("rejected, no routes are running: a.yaml:4:7")
                .doesNotContain("previous");
        assertThat(rejected(2).summary()).startsWith("rejected, previous routes keep running: a.yaml:4:7");
    }
}
