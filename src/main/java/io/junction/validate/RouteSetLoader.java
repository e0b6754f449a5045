package io.junction.validate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.junction.deadletter.DeadLetterPolicy;
import io.junction.metrics.EventMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesBuilderLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a complete set of route and connector files into a validated {@link RouteSet}: YAML syntax, the Camel YAML
 * DSL (parsed by Camel itself, so exactly what Camel JBang and Kaoto accept), unique route ids across files, and
 * every endpoint and connector reference. Nothing is added to the Camel context: the reload applies the set later,
 * and only when it has no errors. The {@code validate} command runs the same code.
 */
public final class RouteSetLoader {

    /** Top-level items that apply to every route of the context. */
    private static final Set<String> SHARED_ITEMS = Set.of("routeConfiguration", "route-configuration", "beans",
            "routeTemplate", "route-template");
    /** Top-level items that apply to the routes of their own file. */
    private static final Set<String> FILE_ITEMS = Set.of("errorHandler", "error-handler", "onException",
            "on-exception", "intercept", "interceptFrom", "intercept-from", "interceptSendToEndpoint",
            "intercept-send-to-endpoint", "onCompletion", "on-completion");
    private static final Set<String> ROUTE_ITEMS = Set.of("route", "from");
    /** Valid Camel YAML, but not something Junction can reload route by route (documented in docs/routes.md). */
    private static final Map<String, String> UNSUPPORTED_ITEMS = Map.of(
            "templatedRoute", "use a route whose from/to name the connector (kamelet:NAME?param=...)",
            "templated-route", "use a route whose from/to name the connector (kamelet:NAME?param=...)",
            "rest", "use a route from platform-http:/path (or kamelet:webhook-source)",
            "restConfiguration", "configure HTTP in config/application.properties",
            "rest-configuration", "configure HTTP in config/application.properties");

    private final CamelContext context;
    private final EndpointCheck endpoints;
    private final ExpressionCheck expressions;
    private final DeadLetterPolicy deadLetters;

    public RouteSetLoader(CamelContext context) {
        this.context = context;
        this.endpoints = new EndpointCheck(context);
        this.expressions = new ExpressionCheck(context);
        this.deadLetters = new DeadLetterPolicy(context);
    }

    public RouteSet load(List<SourceFile> files) {
        List<Problem> problems = new ArrayList<>();
        Map<String, RouteSet.KameletUnit> kamelets = new LinkedHashMap<>();
        Map<String, Node> kameletTemplates = new HashMap<>();
        for (SourceFile f : files) {
            if (f.kind() == SourceFile.Kind.KAMELET) {
                loadKamelet(f, kamelets, kameletTemplates, problems);
            }
        }

        Map<String, RouteSet.RouteUnit> routes = new LinkedHashMap<>();
        Map<String, String> declared = new HashMap<>();
        List<Map.Entry<SourceFile, Node>> routeNodes = new ArrayList<>();
        List<RouteConfigurationDefinition> configurations = new ArrayList<>();
        MessageDigest shared = sha256();
        Map<String, String> fileHashes = new HashMap<>();
        for (SourceFile f : files) {
            if (f.kind() == SourceFile.Kind.ROUTE) {
                loadRoutes(f, routes, declared, routeNodes, kamelets, configurations, shared, fileHashes, problems);
            }
        }

        for (RouteSet.KameletUnit k : kamelets.values()) {
            Node template = kameletTemplates.get(k.name());
            if (template != null) {
                problems.addAll(endpoints.check(k.file(), template, kamelets, true));
                problems.addAll(expressions.check(k.file(), template, true));
            }
        }
        // Endpoints and expressions are checked on the YAML itself, so they are reported even when Camel refused
        // the file.
        InternalEndpointCheck internal = new InternalEndpointCheck();
        for (Map.Entry<SourceFile, Node> r : routeNodes) {
            problems.addAll(endpoints.check(r.getKey(), r.getValue(), kamelets, false));
            problems.addAll(expressions.check(r.getKey(), r.getValue(), false));
            internal.scan(r.getKey(), r.getValue());
        }
        problems.addAll(internal.problems());
        return new RouteSet(files, routes, kamelets, configurations,
                HexFormat.of().formatHex(shared.digest()), fileHashes, problems);
    }

    private void loadKamelet(SourceFile f, Map<String, RouteSet.KameletUnit> kamelets, Map<String, Node> templates,
            List<Problem> problems) {
        Optional<Node> root = parseYaml(f, problems);
        if (root.isEmpty()) {
            return;
        }
        Node doc = root.get();
        Node nameNode = YamlNodes.get(YamlNodes.get(doc, "metadata"), "name");
        String name = YamlNodes.text(nameNode);
        if (!"Kamelet".equals(YamlNodes.text(YamlNodes.get(doc, "kind"))) || name == null) {
            problems.add(Problem.error(f.name(), YamlNodes.line(doc), YamlNodes.column(doc),
                    "a connector file must be a Kamelet: kind: Kamelet with metadata.name"));
            return;
        }
        Node template = YamlNodes.get(YamlNodes.get(doc, "spec"), "template");
        if (template == null) {
            problems.add(Problem.error(f.name(), YamlNodes.line(doc), YamlNodes.column(doc),
                    "kamelet " + name + " has no spec.template"));
            return;
        }
        String expectedFile = name + ".kamelet.yaml";
        if (!f.path().getFileName().toString().equals(expectedFile)) {
            problems.add(Problem.warning(f.name(), YamlNodes.line(nameNode), YamlNodes.column(nameNode),
                    "kamelet " + name + " is in a file not named " + expectedFile
                            + "; Camel JBang and Kaoto look connectors up by file name"));
        }
        RouteSet.KameletUnit existing = kamelets.get(name);
        if (existing != null) {
            problems.add(Problem.error(f.name(), YamlNodes.line(nameNode), YamlNodes.column(nameNode),
                    "duplicate kamelet '" + name + "': already defined in " + existing.file().name() + ":"
                            + existing.line()));
            return;
        }
        try {
            RouteBuilder builder = (RouteBuilder) routesLoader("kamelet.yaml").loadRoutesBuilder(resource(f));
            builder.configureRoutes(context);
            List<RouteTemplateDefinition> defs = builder.getRouteTemplateCollection().getRouteTemplates();
            if (defs.size() != 1) {
                problems.add(Problem.error(f.name(), 1, 1, "kamelet " + name + " did not produce one route template"));
                return;
            }
            kamelets.put(name, new RouteSet.KameletUnit(name, f, YamlNodes.line(nameNode), defs.get(0),
                    EndpointCheck.kameletRefs(template)));
            templates.put(name, template);
        } catch (Exception e) {
            problems.add(fromException(f, e, doc));
        }
    }

    private void loadRoutes(SourceFile f, Map<String, RouteSet.RouteUnit> routes, Map<String, String> declared,
            List<Map.Entry<SourceFile, Node>> routeNodes,
            Map<String, RouteSet.KameletUnit> kamelets, List<RouteConfigurationDefinition> configurations,
            MessageDigest shared, Map<String, String> fileHashes, List<Problem> problems) {
        Optional<Node> root = parseYaml(f, problems);
        if (root.isEmpty()) {
            return;
        }
        if (!(root.get() instanceof SequenceNode items)) {
            problems.add(Problem.error(f.name(), YamlNodes.line(root.get()), YamlNodes.column(root.get()),
                    "a route file is a YAML list: each item starts with '- route:', '- from:', "
                            + "'- routeConfiguration:' or '- beans:'"));
            return;
        }
        List<Node> routeItems = new ArrayList<>();
        MessageDigest fileLevel = sha256();
        boolean hasBeans = false;
        int errorsBefore = countErrors(problems);
        for (Node item : items.getValue()) {
            NodeTuple entry = YamlNodes.singleEntry(item);
            String key = entry == null ? null : YamlNodes.text(entry.getKeyNode());
            if (key == null) {
                problems.add(Problem.error(f.name(), YamlNodes.line(item), YamlNodes.column(item),
                        "each item of a route file has exactly one key, such as 'route:' or 'from:'"));
            } else if (ROUTE_ITEMS.contains(key)) {
                routeItems.add(item);
            } else if (SHARED_ITEMS.contains(key)) {
                shared.update(YamlNodes.hash(item).getBytes(StandardCharsets.UTF_8));
                hasBeans |= "beans".equals(key);
            } else if (FILE_ITEMS.contains(key)) {
                fileLevel.update(YamlNodes.hash(item).getBytes(StandardCharsets.UTF_8));
            } else if (UNSUPPORTED_ITEMS.containsKey(key)) {
                problems.add(Problem.error(f.name(), YamlNodes.line(item), YamlNodes.column(item),
                        "'" + key + "' is not supported by Junction's route reload")
                        .withHint(UNSUPPORTED_ITEMS.get(key)));
            } else {
                Problem p = Problem.error(f.name(), YamlNodes.line(entry.getKeyNode()),
                        YamlNodes.column(entry.getKeyNode()), "unknown top-level item '" + key + "'");
                String near = Suggestions.nearest(List.of("route", "from", "routeConfiguration", "beans",
                        "routeTemplate", "errorHandler", "onException", "intercept", "onCompletion"), key);
                problems.add(near != null ? p.withHint("did you mean '" + near + "'?") : p);
            }
        }
        String stem = f.path().getFileName().toString().replaceFirst("\\.(yaml|yml)$", "");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < routeItems.size(); i++) {
            NodeTuple entry = YamlNodes.singleEntry(routeItems.get(i));
            Node body = entry.getValueNode();
            Node idNode = "route".equals(YamlNodes.text(entry.getKeyNode())) ? YamlNodes.get(body, "id") : null;
            String id = YamlNodes.text(idNode);
            Node at = idNode != null ? idNode : entry.getKeyNode();
            if (id == null) {
                // A stable id, so that metrics, dead-letter topics and reloads keep naming the same route.
                id = routeItems.size() == 1 ? stem : stem + "-" + (i + 1);
                problems.add(Problem.warning(f.name(), YamlNodes.line(at), YamlNodes.column(at),
                        "route has no id; Junction names it '" + id + "'")
                        .withHint("set route.id so metrics and dead-letter topics keep their name if the file moves"));
            }
            String where = f.name() + ":" + YamlNodes.line(at);
            String first = declared.putIfAbsent(id, where);
            if (first != null) {
                problems.add(Problem.error(f.name(), YamlNodes.line(at), YamlNodes.column(at),
                        "duplicate route id '" + id + "': already defined at " + first)
                        .withHint("route ids are unique across all route files"));
                id = null;
            }
            ids.add(id);
            routeNodes.add(Map.entry(f, body));
        }
        if (countErrors(problems) > errorsBefore) {
            return;
        }
        fileHashes.put(f.name(), HexFormat.of().formatHex(fileLevel.digest()));

        List<RouteDefinition> defs;
        try {
            Resource resource = resource(f);
            RoutesBuilderLoader loader = routesLoader("yaml");
            if (hasBeans) {
                // Beans are bound while pre-parsing, as Camel does, so routes of this file can refer to them.
                loader.preParseRoute(resource);
            }
            RoutesBuilder rb = loader.loadRoutesBuilder(resource);
            if (rb instanceof RouteConfigurationBuilder cb) {
                cb.setCamelContext(context);
                cb.getRouteConfigurationCollection().setCamelContext(context);
                cb.configuration();
                configurations.addAll(cb.getRouteConfigurationCollection().getRouteConfigurations());
            }
            RouteBuilder builder = (RouteBuilder) rb;
            defs = builder.configureRoutes(context).getRoutes();
            for (RouteTemplateDefinition t : builder.getRouteTemplateCollection().getRouteTemplates()) {
                kamelets.putIfAbsent(t.getId(), new RouteSet.KameletUnit(t.getId(), f, 1, t, Set.of()));
            }
        } catch (Exception e) {
            problems.add(fromException(f, e, items));
            return;
        }
        if (defs.size() != routeItems.size()) {
            problems.add(Problem.error(f.name(), 1, 1, "Camel read " + defs.size() + " routes where the file lists "
                    + routeItems.size() + "; check the items for nesting mistakes"));
            return;
        }
        for (int i = 0; i < routeItems.size(); i++) {
            Node item = routeItems.get(i);
            RouteDefinition def = defs.get(i);
            String id = ids.get(i);
            if (!def.hasCustomIdAssigned()) {
                def.routeId(id);
            }
            deadLetters.apply(id, def);
            EventMetrics.recordFilterOutcomes(def);
            routes.put(id, new RouteSet.RouteUnit(id, f, YamlNodes.line(item), YamlNodes.column(item),
                    YamlNodes.hash(item), EndpointCheck.kameletRefs(YamlNodes.singleEntry(item).getValueNode()), def));
        }
    }

    private static Optional<Node> parseYaml(SourceFile f, List<Problem> problems) {
        if (!f.readable()) {
            problems.add(Problem.error(f.name(), 1, 1, "cannot read file (" + f.sha256() + ")"));
            return Optional.empty();
        }
        try {
            Optional<Node> root = YamlNodes.compose(f.text(), f.name());
            int before = problems.size();
            root.ifPresent(r -> YamlNodes.duplicateKeys(r, (first, again) -> problems.add(Problem.error(f.name(),
                    YamlNodes.line(again), YamlNodes.column(again), "duplicate key " + YamlNodes.text(again)
                            + " (first at line " + YamlNodes.line(first) + ")"))));
            return problems.size() > before ? Optional.empty() : root;
        } catch (MarkedYamlEngineException e) {
            problems.add(marked(f, e));
        } catch (YamlEngineException e) {
            problems.add(Problem.error(f.name(), 1, 1, "YAML: " + e.getMessage()));
        }
        return Optional.empty();
    }

    /** Turns what Camel threw while reading a file into a problem at the line it names, or at the item. */
    static Problem fromException(SourceFile f, Throwable e, Node fallback) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException m && m.getProblemMark().isPresent()) {
                return hinted(marked(f, m));
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return Problem.error(f.name(), YamlNodes.line(fallback), YamlNodes.column(fallback), message);
    }

    /** Camel's messages for the most common mistakes, with what to do about them. */
    private static final Map<String, String> HINTS = Map.of(
            "Unsupported field: steps", "in a route, steps go under from:",
            "Unknown node id", "a step (EIP) of that name does not exist; check the spelling against the Camel YAML DSL");

    private static Problem hinted(Problem p) {
        for (Map.Entry<String, String> h : HINTS.entrySet()) {
            if (p.message().startsWith(h.getKey()) && p.hint() == null) {
                return p.withHint(h.getValue());
            }
        }
        return p;
    }

    private static Problem marked(SourceFile f, MarkedYamlEngineException e) {
        var mark = e.getProblemMark().orElseThrow();
        String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
        String context = e.getContext();
        String message = problem;
        if (context != null && !context.isBlank()) {
            // Unclosed constructs are noticed where the file ends: say where they began.
            String started = e.getContextMark().filter(m -> m.getLine() != mark.getLine())
                    .map(m -> " (started at line " + YamlNodes.line(m) + ")").orElse("");
            message = context + started + ": " + problem;
        }
        return Problem.error(f.name(), YamlNodes.line(mark), YamlNodes.column(mark), message.strip());
    }

    private RoutesBuilderLoader routesLoader(String extension) throws Exception {
        return PluginHelper.getRoutesLoader(context).getRoutesLoader(extension);
    }

    private static Resource resource(SourceFile f) {
        return ResourceHelper.fromBytes(f.location(), f.content());
    }

    private static int countErrors(List<Problem> problems) {
        return (int) problems.stream().filter(Problem::isError).count();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
