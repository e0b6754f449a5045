package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark harness working: runs {@code bench/run.sh --quick} (tiny inputs, one round) against the real
 * local brokers and checks that it produced a results table with a Junction and a baseline row for every scenario.
 * Only that something was measured is asserted, never how fast: the machine is shared and noisy.
 */
class BenchHarnessIT {

    private static final Path ROOT = Path.of(System.getProperty("junction.root", ".")).toAbsolutePath().normalize();
    private static final List<String> SCENARIOS = List.of("kafka", "kafka-batch", "amqp", "rabbitmq", "webhook");

    @Test
    void quickRunWritesAJunctionAndABaselineRowForEveryScenario() throws Exception {
        Path results = runScript("bench-quick", 10, "bench/run.sh", "--quick");
        assertThat(results).as("results file").isRegularFile();
        String markdown = Files.readString(results);

        for (String scenario : SCENARIOS) {
            String table = table(markdown, scenario);
            assertThat(msgsPerSecond(table, "Junction")).as("%s: Junction msgs/s in\n%s", scenario, table).isPositive();
            assertThat(msgsPerSecond(table, "baseline")).as("%s: baseline msgs/s in\n%s", scenario, table).isPositive();
        }
    }

    @Test
    void shortSoakCountsEveryEventAndWritesASampleForEveryInterval() throws Exception {
        Path md = runScript("bench-soak", 5, "bench/soak.sh", "--seconds", "6", "--soak-interval", "2",
                "--rate", "300", "--results", ROOT.resolve("target/bench-soak").toString());
        assertThat(Files.readString(md)).as(md.toString())
                .contains("**Delivery:** 1800 sent, 0 missing on the output, 0 duplicates.");
        Path csv = Path.of(md.toString().replaceAll("\\.md$", ".csv"));
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).as(csv.toString()).hasSize(4);   // header + 3 intervals of 2 s
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            assertThat(Double.parseDouble(cells[1])).as("offered msgs/s in %s", row).isPositive();
            assertThat(Double.parseDouble(cells[6])).as("RSS MB in %s", row).isPositive();
        }
    }

    /**
     * Runs a bench script from the repository root (output in target/it-logs/NAME.log), asserts it exits 0 within
     * the limit, and returns the results file it printed last ("results: PATH"), so that a test never reads an
     * older or a concurrent run's results.
     */
    private static Path runScript(String name, int minutes, String script, String... args) throws Exception {
        Path log = ROOT.resolve("target/it-logs/" + name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new java.util.ArrayList<>(List.of("bash", ROOT.resolve(script).toString()));
        command.addAll(List.of(args));
        Process run = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!run.waitFor(minutes, TimeUnit.MINUTES)) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
            fail(script + " did not finish within " + minutes + " minutes (log: " + log + ")");
        }
        String output = Files.readString(log);
        assertThat(run.exitValue()).as("exit code of %s, output:\n%s", script, output).isZero();
        String printed = output.lines().filter(l -> l.startsWith("results: ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no 'results: PATH' line in:\n" + output));
        return Path.of(printed.substring("results: ".length()).trim());
    }

    /** The table that follows the scenario's {@code <!-- scenario: ID -->} marker. */
    private static String table(String markdown, String scenario) {
        String marker = "<!-- scenario: " + scenario + " -->";
        int start = markdown.indexOf(marker);
        assertThat(start).as("marker %s in the results:\n%s", marker, markdown).isNotNegative();
        StringBuilder table = new StringBuilder();
        for (String line : markdown.substring(start + marker.length()).strip().split("\n")) {
            if (!line.startsWith("|")) {
                break;
            }
            table.append(line).append('\n');
        }
        return table.toString();
    }

    /** The msgs/s cell (second column) of the row whose system cell starts with {@code system}. */
    private static double msgsPerSecond(String table, String system) {
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 2 && cells[1].trim().toLowerCase(Locale.ROOT).startsWith(system.toLowerCase(Locale.ROOT))) {
                try {
                    return Double.parseDouble(cells[2].trim());
                } catch (NumberFormatException e) {
                    throw new AssertionError("not a number in the msgs/s column: " + line);
                }
            }
        }
        throw new AssertionError("no row for " + system);
    }
}
