package io.junction.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.junction.registry.RegistryClient;
import io.junction.registry.RegistryPull;
import io.junction.registry.RegistryPush;
import io.junction.routes.Problem;
import io.junction.schemas.SchemaStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "schemas", description = {
        "Keep the schemas beside the routes (schemas/NAME/N.json or N.avsc) and a schema registry in step, through",
        "the Confluent-compatible API (Confluent Schema Registry; Apicurio Registry at /apis/ccompat/v7).",
        "Credentials: JUNCTION_REGISTRY_USER and JUNCTION_REGISTRY_PASSWORD (HTTP basic), if the registry needs them." },
        subcommands = { SchemasCommand.Push.class, SchemasCommand.Pull.class })
public final class SchemasCommand {

    static final String DEFAULT_REGISTRY = "http://127.0.0.1:8085/apis/ccompat/v7";

    abstract static class RegistryOptions {
        @Option(names = "--registry", paramLabel = "URL", defaultValue = "${env:JUNCTION_REGISTRY_URL:-" + DEFAULT_REGISTRY + "}",
                description = "The registry's Confluent-compatible API root (default: $JUNCTION_REGISTRY_URL, else ${DEFAULT-VALUE}).")
        String registry;

        @Spec
        CommandLine.Model.CommandSpec spec;

        int report(RegistryPush.Outcome outcome) {
            PrintWriter out = spec.commandLine().getOut();
            outcome.lines().forEach(out::println);
            outcome.problems().forEach(p -> spec.commandLine().getErr().println(p.format()));
            return outcome.problems().stream().anyMatch(Problem::isError) ? 1 : 0;
        }
    }

    @Command(name = "push", description = {
            "Register every subject's compatibility mode and versions (oldest first) in the registry, after checking",
            "them as validate does. Versions the registry holds already are left alone; a version it refuses (it",
            "breaks the subject's mode there) stops that subject with the registry's reason. Exit 0 all registered,",
            "1 refused or unreachable, 2 usage." })
    static final class Push extends RegistryOptions implements Callable<Integer> {

        @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = "routes",
                description = "Route directories holding schemas/ directories (default: routes).")
        List<Path> paths;

        @Option(names = "--subject", paramLabel = "NAME", description = "Push only this subject (repeatable).")
        List<String> subjects = List.of();

        @Override
        public Integer call() {
            for (Path p : paths) {
                if (!Files.exists(p)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + p);
                }
            }
            SchemaStore store = new SchemaStore(paths);
            List<Problem> local = store.check();
            if (local.stream().anyMatch(Problem::isError)) {
                local.forEach(p -> spec.commandLine().getErr().println(p.format()));
                spec.commandLine().getErr().println("nothing pushed: fix the schemas first");
                return 1;
            }
            return report(RegistryPush.push(store, RegistryClient.fromEnvironment(registry), subjects));
        }
    }

    @Command(name = "pull", description = {
            "Copy subjects from the registry into a schemas/ directory: NAME/N.json or NAME/N.avsc per registry",
            "version, and NAME/subject.yaml with the subject's mode. Files already there with other content are",
            "left alone and reported. Exit 0 all copied, 1 something not copied, 2 usage." })
    static final class Pull extends RegistryOptions implements Callable<Integer> {

        @Option(names = "--into", paramLabel = "DIR", required = true, description = "The schemas/ directory to write, e.g. routes/orders/schemas.")
        Path into;

        @Parameters(paramLabel = "SUBJECT", arity = "0..*", description = "Subjects to copy (default: all the registry holds).")
        List<String> subjects = List.of();

        @Override
        public Integer call() {
            return report(RegistryPull.pull(RegistryClient.fromEnvironment(registry), subjects, into));
        }
    }
}
