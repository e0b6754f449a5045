package io.junction.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.junction.routes.Pipes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "migrate", description = {
        "Rewrite Camel K Pipe (and KameletBinding) files as plain Camel route files, the format Junction, Camel JBang",
        "and Kaoto all read. Camel deprecates Pipe loading from 4.23. Prints the route file; --write replaces",
        "each FILE with it. Exit 0 done, 1 a file could not be rewritten, 2 usage." })
public final class MigrateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Pipe or KameletBinding files.")
    List<Path> files;

    @Option(names = "--write", description = "Replace each file with its route file instead of printing it.")
    boolean write;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int failed = 0;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
            }
            String route;
            try {
                route = Pipes.toRouteFile(Files.readString(file));
            } catch (IllegalArgumentException | ClassCastException e) {
                spec.commandLine().getErr().println(file + ":1:1: error: cannot migrate: " + e.getMessage());
                failed++;
                continue;
            }
            if (write) {
                Files.writeString(file, route);
                spec.commandLine().getErr().println(file + ": rewritten as a route file");
            } else {
                spec.commandLine().getOut().print(route);
            }
        }
        spec.commandLine().getOut().flush();
        return failed > 0 ? 1 : 0;
    }
}
