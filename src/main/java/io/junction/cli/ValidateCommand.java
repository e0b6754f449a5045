package io.junction.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.routes.FolderProperties;
import io.junction.routes.Problem;
import io.junction.routes.RouteSet;
import io.junction.routes.RouteSetLoader;
import io.junction.routes.RouteSources;
import io.junction.routes.SourceFile;
import io.junction.schemas.SchemaStore;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = {
        "Check route and connector files without running them: YAML syntax, the Camel YAML DSL, endpoint options,",
        "connector references and parameters, placeholders, duplicate route ids. The gateway's reload runs the same",
        "checks, so a file this command rejects is never loaded. Versioned schemas (schemas/NAME/N.json or N.avsc beside the",
        "routes) are held to their subject's compatibility mode: a breaking version is named with its field.",
        "Prints file:line:col: error|warning: message. Exit 0 clean, 1 errors, 2 usage." })
public final class ValidateCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Route files, connector files or directories.")
    List<Path> paths;

    @Option(names = "--connectors", paramLabel = "DIR", description = "Connector directories used to resolve kamelet: references (repeatable). Default: connectors, if it exists.")
    List<Path> connectors;

    @Option(names = "--format", defaultValue = "text", description = "text or json.")
    Format format;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + p);
            }
        }
        List<Path> connectorDirs = connectors != null ? connectors
                : Files.isDirectory(Path.of("connectors")) ? List.of(Path.of("connectors")) : List.of();
        List<SourceFile> files = RouteSources.scan(paths, connectorDirs);
        RouteSet set;
        List<Problem> folders;
        List<Problem> built = List.of();
        List<Problem> configured;
        try (DefaultCamelContext context = OfflineCamel.start(paths)) {
            folders = FolderProperties.install(context, paths);
            set = new RouteSetLoader(context).load(files);
            if (set.errors().isEmpty()) {
                built = io.junction.routes.RouteBuildCheck.check(context, set);
            }
            configured = OfflineCamel.configuredBeans(context);
        }
        List<Problem> problems = new ArrayList<>(set.problems());
        problems.addAll(built);
        problems.addAll(configured);
        problems.addAll(folders);
        problems.addAll(new SchemaStore(OfflineCamel.schemaRoots(paths)).check());
        problems.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line)
                .thenComparingInt(Problem::column));
        PrintWriter out = spec.commandLine().getOut();
        long errors = problems.stream().filter(Problem::isError).count();
        // The files the user named (or that lie under a directory they named), not the connectors read beside them.
        long named = files.stream().filter(f -> paths.stream().anyMatch(p -> f.path().startsWith(p))).count();
        if (format == Format.json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("files", named);
            body.put("routes", set.routes().size());
            body.put("errors", errors);
            body.put("warnings", problems.size() - errors);
            body.put("problems", problems.stream().map(Problem::asMap).toList());
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } else {
            problems.forEach(p -> out.println(p.format()));
            spec.commandLine().getErr().printf("%d file(s), %d route(s): %d error(s), %d warning(s)%n",
                    named, set.routes().size(), errors, problems.size() - errors);
        }
        out.flush();
        return errors > 0 ? 1 : 0;
    }
}
