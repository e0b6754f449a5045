package io.junction.routes;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;

/**
 * The {@code application.properties} of a routes folder, as a Camel JBang example folder holds one beside its route
 * files: its keys fill the placeholders of the routes. It comes last: the gateway's configuration
 * ({@code config/}, the environment, system properties) wins for a key both set, so an operator can override an
 * example's value without editing it. Read once, when the gateway or the command starts.
 */
public final class FolderProperties implements PropertiesSource, Ordered {

    public static final String FILE = "application.properties";
    /**
     * Keys that configure Camel, Quarkus or Spring themselves (components, beans, route templates, data sources,
     * JBang's dependencies), or beans through Camel Forage's JBang plugin: stock Camel (with the plugin) acts on them,
     * here they would be ignored, so each is named.
     */
    private static final List<String> NOT_APPLIED = List.of("camel.", "quarkus.", "spring.", "forage.");

    private final Properties properties;

    private FolderProperties(Properties properties) {
        this.properties = properties;
    }

    /**
     * Adds the properties files of these folders (a file's: its folder's) to the context, and returns what is worth
     * a warning: unreadable files, and keys that configure Camel itself, which only the configuration does.
     */
    public static List<Problem> install(CamelContext context, List<Path> routePaths) {
        Properties all = new Properties();
        List<Problem> problems = new ArrayList<>();
        for (Path p : routePaths) {
            Path dir = Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
            Path file = dir == null ? null : dir.resolve(FILE);
            if (file == null || !Files.isRegularFile(file)) {
                continue;
            }
            Properties own = new Properties();
            try {
                // As a route file is (eleventh probe: 112 MB of keys ran the gateway out of heap at every start).
                if (Files.size(file) > RouteSources.MAX_BYTES) {
                    problems.add(Problem.warning(file.toString(), 1, 1, "not read: it is " + Files.size(file) / 1024
                            + " KiB, the most a routes folder's properties file may be is "
                            + RouteSources.MAX_BYTES / 1024 + " KiB").withHint("keep data in a file a route reads,"
                                    + " or set the keys in config/application.properties or the environment"));
                    continue;
                }
            } catch (IOException e) {
                problems.add(Problem.warning(file.toString(), 1, 1, "cannot read it: " + Problem.rootMessage(e)));
                continue;
            }
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                own.load(in);
            } catch (IOException | IllegalArgumentException e) {
                problems.add(Problem.warning(file.toString(), 1, 1, "cannot read it: " + Problem.rootMessage(e)));
                continue;
            }
            List<String> lines = lines(file);
            for (String key : own.stringPropertyNames()) {
                String k = key.toLowerCase(Locale.ROOT);
                // camel.kamelet.NAME.PARAM is a Kamelet parameter, which the kamelet component reads as a placeholder.
                if (NOT_APPLIED.stream().anyMatch(k::startsWith) && !k.startsWith("camel.kamelet.")) {
                    problems.add(Problem.warning(file.toString(), lineOf(lines, key), 1, "'" + key
                            + "' is not applied: a routes folder's properties fill placeholders only")
                            .withHint(hint(k, own.getProperty(key))));
                }
                all.putIfAbsent(key, own.getProperty(key)); // the first folder named wins, as the first route path
            }
        }
        if (!all.isEmpty()) {
            context.getPropertiesComponent().addPropertiesSource(new FolderProperties(all));
        }
        return problems;
    }

    /** What to do instead, by what the key configures. */
    private static String hint(String key, String value) {
        if (key.startsWith("forage.")) {
            return "Camel Forage's plugin makes beans (a JMS connection factory, a data source...) from these keys;"
                    + " Junction does not run it: declare the bean in a route file (beans:) or with camel.beans.* in"
                    + " config/application.properties";
        }
        if (key.startsWith("camel.route-template") || key.startsWith("camel.routetemplate")) {
            return "a route made from a template is written in a route file: - templatedRoute: {routeTemplateRef:"
                    + " TEMPLATE_ID, routeId: ROUTE_ID, parameters: [{name: NAME, value: VALUE}]}";
        }
        if (key.startsWith("spring.")) {
            return "Junction runs on Quarkus, not Spring Boot: a data source is quarkus.datasource.* in"
                    + " config/application.properties (docs/configuration.md)";
        }
        if (key.startsWith("camel.jbang.")) {
            return "add what it needs with ./junction build --with GROUP:ARTIFACT:VERSION";
        }
        if (key.startsWith("camel.main.") || key.startsWith("camel.server.")) {
            return "a setting of Camel JBang's runner, not needed here: the gateway loads the routes folder itself"
                    + " and serves HTTP on quarkus.http.port (config/application.properties)";
        }
        // Camel Quarkus reads camel.component.*, camel.beans.*, camel.vault.* ... from the configuration as is.
        String copy = "copy the line to config/application.properties (or the environment), where the gateway reads"
                + " the same key at start";
        if (key.startsWith("camel.beans.")) {
            return copy + ", or declare the bean in a route file (beans:)";
        }
        String v = value == null ? "" : value.strip();
        String bean = v.startsWith("#bean:") ? v.substring(6) : v.startsWith("#") && !v.contains(":") ? v.substring(1)
                : null;
        return bean == null ? copy : copy + ", with the bean it names: its camel.beans." + bean + " lines, or '"
                + bean + "' declared in a route file (beans:)";
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The line that sets this key (1 when it cannot be told, e.g. a key written with escapes). */
    static int lineOf(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.startsWith(key) && (line.length() == key.length()
                    || " \t=:".indexOf(line.charAt(key.length())) >= 0)) {
                return i + 1;
            }
        }
        return 1;
    }

    @Override
    public String getName() {
        return "routes folder " + FILE;
    }

    @Override
    public String getProperty(String name) {
        return properties.getProperty(name);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST;
    }
}
