package io.junction.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.junction.routes.RouteSources;
import io.junction.routes.SourceFile;
import io.junction.routes.BoundedYaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "connectors", description = {
        "List the connectors (Kamelets) with their parameters.",
        "--format markdown writes the reference page: ./junction connectors --format markdown > docs/connectors.md" })
public final class ConnectorsCommand implements Callable<Integer> {

    enum Format { text, markdown }

    @Parameters(paramLabel = "DIR", arity = "0..*", description = "Connector directories. Default: connectors.")
    List<Path> dirs;

    @Option(names = "--format", defaultValue = "text", description = "text or markdown.")
    Format format;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One connector as its Kamelet declares it. */
    record Connector(String name, String type, String title, String description, List<String> required,
            Map<String, Map<String, Object>> properties) {
    }

    @Override
    public Integer call() {
        List<Connector> connectors = read(dirs == null || dirs.isEmpty() ? List.of(Path.of("connectors")) : dirs);
        PrintWriter out = spec.commandLine().getOut();
        out.print(format == Format.markdown ? markdown(connectors) : text(connectors));
        out.flush();
        return 0;
    }

    @SuppressWarnings("unchecked")
    static List<Connector> read(List<Path> dirs) {
        List<Connector> list = new ArrayList<>();
        for (SourceFile f : RouteSources.scan(List.of(), dirs)) {
            if (!f.readable()) {
                throw new IllegalArgumentException("cannot read " + f.name() + " (" + f.sha256() + ")");
            }
            Map<String, Object> doc = (Map<String, Object>) BoundedYaml.load(f.text(), f.name());
            Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
            Map<String, Object> labels = (Map<String, Object>) metadata.getOrDefault("labels", Map.of());
            Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) doc.get("spec")).get("definition");
            list.add(new Connector(String.valueOf(metadata.get("name")),
                    String.valueOf(labels.getOrDefault("camel.apache.org/kamelet.type", "")),
                    String.valueOf(definition.get("title")), String.valueOf(definition.get("description")).strip(),
                    (List<String>) definition.getOrDefault("required", List.of()),
                    (Map<String, Map<String, Object>>) definition.getOrDefault("properties", Map.of())));
        }
        return list;
    }

    static String text(List<Connector> connectors) {
        StringBuilder sb = new StringBuilder();
        for (Connector c : connectors) {
            sb.append(String.format("%-18s %-7s %s%n", c.name(), c.type(), c.title()));
            c.properties().forEach((name, p) -> sb.append(String.format("    %-24s%s%n", name,
                    c.required().contains(name) ? "required" : "default " + p.getOrDefault("default", "-"))));
        }
        return sb.toString();
    }

    static String markdown(List<Connector> connectors) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Connectors\n\n");
        sb.append("<!-- Generated from connectors/*.kamelet.yaml by `./junction connectors --format markdown > "
                + "docs/connectors.md`; do not edit by hand (a test fails when this page is stale). -->\n\n");
        sb.append("Connectors are Kamelets: a route uses one as `kamelet:NAME` with the parameters below, on the URI "
                + "or under `parameters:`. Delivery guarantees per path are in [delivery.md](delivery.md).\n\n");
        sb.append("| connector | type | title |\n|---|---|---|\n");
        for (Connector c : connectors) {
            sb.append("| [").append(c.name()).append("](#").append(c.name()).append(") | ").append(c.type())
                    .append(" | ").append(c.title()).append(" |\n");
        }
        for (Connector c : connectors) {
            sb.append("\n## ").append(c.name()).append("\n\n");
            sb.append("**").append(c.title()).append("** (").append(c.type()).append(")\n\n");
            sb.append(c.description()).append("\n\n");
            sb.append("| parameter | required | type | default | description |\n|---|---|---|---|---|\n");
            c.properties().forEach((name, p) -> {
                Object def = p.get("default");
                String description = String.valueOf(p.getOrDefault("description", ""));
                Object example = p.get("example");
                if (example != null) {
                    description += " Example: `" + example + "`.";
                }
                if (p.get("enum") != null) {
                    description += " One of " + p.get("enum") + ".";
                }
                if ("password".equals(p.get("format"))) {
                    description += " Secret: reference it, never write it into the route.";
                }
                sb.append("| `").append(name).append("` | ").append(c.required().contains(name) ? "yes" : "")
                        .append(" | ").append(p.getOrDefault("type", "")).append(" | ")
                        .append(def == null ? "" : "`" + def + "`").append(" | ")
                        .append(description.replace("|", "\\|").replace("\n", " ")).append(" |\n");
            });
        }
        return sb.toString();
    }
}
