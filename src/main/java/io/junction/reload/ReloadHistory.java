package io.junction.reload;

import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The last applied and the last rejected reload, for the admin API, plus the reload metrics
 * ({@code junction_reload_total{result}} and {@code junction_reload_failing}).
 */
@ApplicationScoped
public class ReloadHistory {

    private final AtomicReference<ReloadOutcome> lastApplied = new AtomicReference<>();
    private final AtomicReference<ReloadOutcome> lastRejected = new AtomicReference<>();
    private final AtomicReference<ReloadOutcome> last = new AtomicReference<>();
    private final MeterRegistry registry;

    public ReloadHistory(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("junction.reload.failing", this, h -> h.failing() ? 1 : 0)
                .description("1 while the newest route files are rejected and the previous routes keep running")
                .register(registry);
    }

    public void record(ReloadOutcome outcome) {
        last.set(outcome);
        if (outcome.rejected()) {
            lastRejected.set(outcome);
        } else {
            lastApplied.set(outcome);
        }
        Counter.builder("junction.reload").description("Route reload attempts by result")
                .tag("result", outcome.result().name().toLowerCase()).register(registry).increment();
    }

    public ReloadOutcome lastApplied() {
        return lastApplied.get();
    }

    public ReloadOutcome lastRejected() {
        return lastRejected.get();
    }

    public ReloadOutcome last() {
        return last.get();
    }

    /** True while the newest version of the files is refused. */
    public boolean failing() {
        ReloadOutcome o = last.get();
        return o != null && o.rejected();
    }
}
