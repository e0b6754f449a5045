package io.junction.routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;

/**
 * The complete set of routes and connectors read from disk at one moment, parsed by Camel and validated.
 * A reload applies a set only when {@link #hasErrors()} is false; the fingerprints say which routes changed.
 */
public final class RouteSet {

    /**
     * One route, where it was declared, and what Camel parsed from it: a route definition, or for a
     * {@code templatedRoute} the template instance Camel turns into a route when it is installed.
     */
    public record RouteUnit(String id, SourceFile file, int line, int column, String sourceHash,
            Set<String> kamelets, RouteDefinition definition, TemplatedRouteDefinition templated) {

        static RouteUnit of(String id, SourceFile file, org.snakeyaml.engine.v2.nodes.Node node, Set<String> kamelets,
                RouteDefinition definition) {
            return new RouteUnit(id, file, YamlNodes.line(node), YamlNodes.column(node), YamlNodes.hash(node),
                    kamelets, definition, null);
        }
    }

    /** One connector (Kamelet) and the route template Camel made of it. */
    /** A connector (or a route file's template): its template, the connectors it uses, what its parameters accept. */
    public record KameletUnit(String name, SourceFile file, int line, RouteTemplateDefinition template,
            Set<String> kamelets, Map<String, ParameterSpec> parameters) {
    }

    private final List<SourceFile> files;
    private final Map<String, RouteUnit> routes;
    private final Map<String, KameletUnit> kamelets;
    private final List<RouteConfigurationDefinition> routeConfigurations;
    private final String sharedHash;
    private final Map<String, String> fileLevelHashes;
    private final List<Problem> problems;
    private final String digest;

    RouteSet(List<SourceFile> files, Map<String, RouteUnit> routes, Map<String, KameletUnit> kamelets,
            List<RouteConfigurationDefinition> routeConfigurations, String sharedHash,
            Map<String, String> fileLevelHashes, List<Problem> problems) {
        this.files = List.copyOf(files);
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        this.kamelets = Collections.unmodifiableMap(new LinkedHashMap<>(kamelets));
        this.routeConfigurations = List.copyOf(routeConfigurations);
        this.sharedHash = sharedHash;
        this.fileLevelHashes = Map.copyOf(fileLevelHashes);
        this.problems = List.copyOf(problems);
        this.digest = RouteSources.digest(files);
    }

    public static RouteSet empty() {
        return new RouteSet(List.of(), Map.of(), Map.of(), List.of(), "", Map.of(), List.of());
    }

    /** The same set with more problems found beside it (a schema version breaking its contract). */
    public RouteSet withProblems(List<Problem> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Problem> all = new java.util.ArrayList<>(problems);
        all.addAll(more);
        return new RouteSet(files, routes, kamelets, routeConfigurations, sharedHash, fileLevelHashes, all);
    }

    public List<SourceFile> files() {
        return files;
    }

    public Map<String, RouteUnit> routes() {
        return routes;
    }

    public Map<String, KameletUnit> kamelets() {
        return kamelets;
    }

    public List<RouteConfigurationDefinition> routeConfigurations() {
        return routeConfigurations;
    }

    /** Hash of what applies to every route: route configurations and beans, from any file. */
    public String sharedHash() {
        return sharedHash;
    }

    public List<Problem> problems() {
        return problems;
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** Digest of the files this set was read from: equal digests, equal sets. */
    public String digest() {
        return digest;
    }

    /**
     * What a route's behaviour depends on: its own YAML, the file-level items beside it (error handlers,
     * interceptors), everything shared, and every connector it uses, directly or through another connector.
     * Two sets that give a route the same fingerprint run it identically, so a reload leaves it alone.
     */
    public String fingerprint(String routeId) {
        RouteUnit route = routes.get(routeId);
        if (route == null) {
            return null;
        }
        MessageDigest md = sha256();
        update(md, route.sourceHash());
        update(md, fileLevelHashes.getOrDefault(route.file().name(), ""));
        update(md, sharedHash);
        for (String name : kameletClosure(route.kamelets())) {
            KameletUnit k = kamelets.get(name);
            update(md, name);
            update(md, k == null ? "missing" : k.file().sha256());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The connectors reachable from {@code direct}, sorted. */
    public Set<String> kameletClosure(Set<String> direct) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(direct);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (seen.add(name)) {
                KameletUnit k = kamelets.get(name);
                if (k != null) {
                    todo.addAll(k.kamelets());
                }
            }
        }
        return seen;
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
