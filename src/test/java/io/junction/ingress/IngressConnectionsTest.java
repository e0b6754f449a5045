package io.junction.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The shipped configuration does not keep idle ingress connections for Quarkus' default 30 minutes. */
class IngressConnectionsTest {

    @Test
    void idleIngressConnectionsAreClosedWithinTwoMinutes() throws Exception {
        Properties shipped = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("config/application.properties"))) {
            shipped.load(in);
        }
        String idle = shipped.getProperty("quarkus.http.idle-timeout");
        assertThat(idle).as("quarkus.http.idle-timeout in config/application.properties").isNotNull();
        Duration timeout = Duration.parse("PT" + idle.toUpperCase(java.util.Locale.ROOT));
        assertThat(timeout).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2));
    }
}
