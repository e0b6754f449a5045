package io.junction.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Apache Camel's Kamelet catalog (org.apache.camel.kamelets:camel-kamelets, on the class path under
 * {@code kamelets/}), as the fallback behind Junction's connectors: a route naming a Kamelet that no connector
 * directory holds gets the catalog's, as Camel JBang would.
 */
final class ApacheKamelets {

    /** How a catalog Kamelet is named in problems, so that nobody looks for it on disk. */
    static final String PREFIX = "camel-kamelets:";
    private static final String DIRECTORY = "kamelets/";

    private ApacheKamelets() {
    }

    /** The catalog's Kamelet of this name, or null when the catalog has none. */
    static SourceFile find(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            return null;
        }
        String resource = DIRECTORY + name + ".kamelet.yaml";
        try (InputStream in = ApacheKamelets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] content = in.readNBytes(RouteSources.MAX_BYTES);
            return new SourceFile(Path.of(resource), PREFIX + name + ".kamelet.yaml", SourceFile.Kind.KAMELET,
                    content, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static volatile java.util.Set<String> names;

    /** The names of every Kamelet in the catalog (read from its jar once), for "did you mean" hints. */
    static java.util.Set<String> names() {
        java.util.Set<String> known = names;
        if (known != null) {
            return known;
        }
        java.util.Set<String> found = new java.util.TreeSet<>();
        java.net.URL one = ApacheKamelets.class.getClassLoader().getResource(DIRECTORY + "timer-source.kamelet.yaml");
        if (one != null && "jar".equals(one.getProtocol())) {
            try {
                var connection = (java.net.JarURLConnection) one.openConnection();
                connection.setUseCaches(false);
                try (var jar = connection.getJarFile()) {
                    jar.stream().map(java.util.jar.JarEntry::getName)
                            .filter(n -> n.startsWith(DIRECTORY) && n.endsWith(".kamelet.yaml"))
                            .forEach(n -> found.add(n.substring(DIRECTORY.length(), n.length() - ".kamelet.yaml".length())));
                }
            } catch (IOException | ClassCastException e) {
                // no hints from the catalog, nothing else changes
            }
        }
        names = java.util.Set.copyOf(found);
        return names;
    }

    static boolean isCatalog(SourceFile f) {
        return f.name().startsWith(PREFIX);
    }

    /**
     * Classes a catalog Kamelet's template beans name ({@code type: "#class:..."}) that are not on the class path: a
     * Camel component Junction does not ship (its package names it), or a client library (a JDBC driver, IBM MQ's).
     */
    static java.util.List<Problem> missingClasses(SourceFile f, org.snakeyaml.engine.v2.nodes.Node template,
            org.apache.camel.CamelContext context) {
        java.util.List<Problem> problems = new java.util.ArrayList<>();
        if (!(YamlNodes.get(template, "beans") instanceof org.snakeyaml.engine.v2.nodes.SequenceNode beans)) {
            return problems;
        }
        for (org.snakeyaml.engine.v2.nodes.Node bean : beans.getValue()) {
            org.snakeyaml.engine.v2.nodes.Node typeNode = YamlNodes.get(bean, "type");
            String type = YamlNodes.text(typeNode);
            if (type == null || !type.startsWith("#class:")) {
                continue;
            }
            String name = type.substring("#class:".length()).strip();
            if (context.getClassResolver().resolveClass(name) != null) {
                continue;
            }
            problems.add(Problem.error(f.name(), YamlNodes.line(typeNode), YamlNodes.column(typeNode),
                    "it needs class " + name + ", which Junction does not have").withHint(AddOnHint.forClass(name)));
        }
        return problems;
    }
}
