package io.junction.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Keeps the reload-scaling benchmark working: runs {@code bench/reload-scaling.sh --quick} (10 and 50 routes, three
 * edits each) and checks that every size has a row with measured figures. Nothing asserts speed.
 */
class ReloadScalingHarnessIT {

    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| (\\d+) \\| [\\d.]+ \\| (\\d+) \\|", Pattern.MULTILINE);

    @Test
    void quickRunMeasuresEverySize() throws Exception {
        Path root = GatewayProcess.ROOT;
        Path log = Files.createTempFile("reload-scaling", ".log");
        Process run = new ProcessBuilder("bash", root.resolve("bench/reload-scaling.sh").toString(), "--quick")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(run.waitFor(10, TimeUnit.MINUTES)).as("finished within 10 minutes, log: " + log).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(output).isZero();
        Matcher last = Pattern.compile("results: (.+)$", Pattern.MULTILINE).matcher(output);
        assertThat(last.find()).as(output).isTrue();
        String table = Files.readString(Path.of(last.group(1).strip()));
        Matcher rows = ROW.matcher(table);
        int sizes = 0;
        while (rows.find()) {
            sizes++;
            assertThat(Long.parseLong(rows.group(2))).as("edit live ms, " + rows.group(1) + " routes").isPositive();
            assertThat(Long.parseLong(rows.group(3))).as("start ms, " + rows.group(1) + " routes").isPositive();
        }
        assertThat(sizes).as(table).isEqualTo(2);
    }
}
