package io.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** docs/connectors.md is generated from the Kamelets; this fails when someone changed one and not the other. */
class ConnectorDocsTest {

    @Test
    void connectorReferenceIsUpToDate() throws Exception {
        String generated = ConnectorsCommand.markdown(ConnectorsCommand.read(List.of(Path.of("connectors"))));
        assertThat(Files.readString(Path.of("docs/connectors.md")))
                .as("docs/connectors.md is stale: run ./junction connectors --format markdown > docs/connectors.md")
                .isEqualTo(generated);
    }

    @Test
    void everyConnectorHasAFullDefinition() {
        var connectors = ConnectorsCommand.read(List.of(Path.of("connectors")));
        assertThat(connectors).extracting(ConnectorsCommand.Connector::name).contains("kafka-source", "kafka-sink",
                "amqp-source", "amqp-sink", "rabbitmq-source", "rabbitmq-sink", "mqtt-source", "http-sink",
                "file-source", "file-sink", "log-sink", "webhook-source");
        for (var c : connectors) {
            assertThat(c.type()).as(c.name()).isIn("source", "sink", "action");
            assertThat(c.title()).as(c.name()).isNotBlank().isNotEqualTo("null");
            assertThat(c.description()).as(c.name()).hasSizeGreaterThan(40);
            assertThat(c.properties().keySet()).as(c.name()).containsAll(c.required());
            c.properties().forEach((name, p) -> {
                assertThat(p).as(c.name() + "." + name).containsKeys("title", "description", "type");
            });
        }
    }
}
