package io.junction.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.junction.it.Processes;

/**
 * deploy/observability as Prometheus reads it: promtool accepts the alerting rules, their unit tests
 * (prometheus-rules.test.yaml) pass, and every dashboard query parses as PromQL (checked by promtool as recording
 * rules). ObservabilityIT checks that the metrics they name are the ones a running gateway exports.
 */
class ObservabilityFilesTest {

    @BeforeAll
    static void promtool() throws Exception {
        Assumptions.assumeTrue(Processes.run(ObservabilityFiles.DIR, "promtool", "--version").exit() == 0,
                "promtool is not installed (Debian: apt-get install prometheus)");
    }

    @Test
    void promtoolAcceptsTheAlertingRules() throws Exception {
        Processes.Result r = Processes.run(ObservabilityFiles.DIR, "promtool", "check", "rules", "prometheus-rules.yaml");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("SUCCESS: 5 rules found");
    }

    @Test
    void theAlertsFireWhenTheyShouldAndOnlyThen() throws Exception {
        Processes.Result r = Processes.run(ObservabilityFiles.DIR, "promtool", "test", "rules",
                "prometheus-rules.test.yaml");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("SUCCESS");
    }

    @Test
    void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws Exception {
        List<String> queries = ObservabilityFiles.dashboardQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: dashboard:query").append(i).append("\n        expr: '")
                    .append(queries.get(i).replace("'", "''")).append("'\n");
        }
        Files.writeString(dir.resolve("dashboard-rules.yaml"), rules);
        Processes.Result r = Processes.run(dir, "promtool", "check", "rules", "dashboard-rules.yaml");
        assertThat(r.exit()).as(r.out() + "\n" + rules).isZero();
        assertThat(r.out()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void theDashboardAndTheRulesNameJunctionsMetrics() throws Exception {
        assertThat(ObservabilityFiles.metricNames(ObservabilityFiles.dashboardQueries())).contains(
                "junction_events_total", "junction_event_duration_seconds_bucket", "junction_kafka_consumer_lag",
                "junction_dead_letters_total", "junction_webhook_requests_total", "junction_reload_failing");
        assertThat(ObservabilityFiles.metricNames(ObservabilityFiles.ruleExpressions())).contains(
                "junction_kafka_consumer_lag", "junction_dead_letters_total", "junction_reload_failing",
                "junction_events_total", "junction_webhook_requests_total");
    }
}
