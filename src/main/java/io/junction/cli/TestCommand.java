package io.junction.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.junction.routes.FolderProperties;
import io.junction.testing.RouteTestRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test", description = {
        "Run route tests (*.test.yaml beside the routes) offline: the routes' real steps and connectors, with sources",
        "and transports replaced in memory; no broker, no network. Ends with 'N passed, N failed'; exit 1 on failure." })
public final class TestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Test files or directories. Default: routes.")
    List<Path> paths;

    @Option(names = "--connectors", paramLabel = "DIR", description = "Connector directories (repeatable). Default: connectors.")
    List<Path> connectors;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write the results as JUnit XML, for CI systems.")
    Path junitXml;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Path> roots = paths == null || paths.isEmpty() ? List.of(Path.of("routes")) : paths;
        List<Path> tests = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + root);
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.getFileName().toString().matches(".*\\.test\\.ya?ml")).sorted().forEach(tests::add);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        RouteTestRunner runner = new RouteTestRunner(() -> {
            var context = OfflineCamel.create(roots);
            FolderProperties.install(context, roots); // the warnings are validate's to show
            return context;
        },
                connectors != null ? connectors
                        : Files.isDirectory(Path.of("connectors")) ? List.of(Path.of("connectors")) : List.of(),
                OfflineCamel.config());
        List<RouteTestRunner.Result> results = new ArrayList<>();
        for (Path file : tests) {
            results.addAll(runner.run(file, r -> {
                out.printf("%s  %s: %s (%d ms)%n", r.passed() ? "PASS" : "FAIL", file, r.name(), r.millis());
                r.failures().forEach(f -> out.println("      " + f.replace("\n", "\n      ")));
                out.flush();
            }));
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        out.printf("%d passed, %d failed%n", results.size() - failed, failed);
        out.flush();
        if (junitXml != null) {
            writeJunit(results);
        }
        return failed > 0 ? 1 : 0;
    }

    private void writeJunit(List<RouteTestRunner.Result> results) throws IOException {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long failed = results.stream().filter(r -> !r.passed()).count();
        sb.append("<testsuite name=\"junction route tests\" tests=\"").append(results.size()).append("\" failures=\"")
                .append(failed).append("\">\n");
        for (RouteTestRunner.Result r : results) {
            sb.append("  <testcase classname=\"").append(xml(r.file().toString())).append("\" name=\"")
                    .append(xml(r.name())).append("\" time=\"").append(r.millis() / 1000.0).append("\"");
            if (r.passed()) {
                sb.append("/>\n");
            } else {
                String text = String.join("\n", r.failures());
                sb.append(">\n    <failure message=\"").append(xml(r.failures().get(0))).append("\">")
                        .append(xml(text)).append("</failure>\n  </testcase>\n");
            }
        }
        sb.append("</testsuite>\n");
        if (junitXml.getParent() != null) {
            Files.createDirectories(junitXml.getParent());
        }
        Files.writeString(junitXml, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
