package io.junction.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "junction", mixinStandardHelpOptions = true, versionProvider = JunctionCommand.Version.class,
        description = "Declarative event-routing gateway: Camel YAML routes from disk, bridged across Kafka, AMQP, "
                + "RabbitMQ, MQTT, HTTP and files.",
        subcommands = { RunCommand.class, ValidateCommand.class, TestCommand.class, ConnectorsCommand.class,
                DlqCommand.class, ReplayCommand.class, SchemasCommand.class, MigrateCommand.class })
public final class JunctionCommand {

    /** Runs the command line; returns the process exit code (0 ok, 1 findings or failure, 2 usage). */
    public static int execute(String... args) {
        return new CommandLine(new JunctionCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JunctionCommand.class.getPackage().getImplementationVersion();
            return new String[] { "junction " + (v == null ? "(development build)" : v) };
        }
    }
}
