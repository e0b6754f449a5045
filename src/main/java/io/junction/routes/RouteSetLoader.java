package io.junction.routes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.junction.secrets.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesBuilderLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a complete set of route and connector files into a validated {@link RouteSet}: YAML syntax, the Camel YAML
 * DSL (parsed by Camel itself, so exactly what Camel JBang and Kaoto accept), unique route ids across files, and
 * every endpoint and connector reference. Loading is pure: nothing is added to the Camel context and no definition
 * is changed beyond its id; {@link RouteInstaller} installs a set later, and only when it has no errors. The
 * {@code validate} command runs the same code.
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
    private static final Set<String> TEMPLATED_ITEMS = Set.of("templatedRoute", "templated-route");
    /**
     * Valid Camel YAML that Junction refuses on purpose (docs/routes.md): REST runs on the gateway's one HTTP server,
     * whose port, TLS and limits are the gateway's configuration, not a route file's.
     */
    private static final Map<String, String> UNSUPPORTED_ITEMS = Map.of(
            "restConfiguration", "REST runs on the gateway's HTTP server: set camel.rest.* and quarkus.http.* keys "
                    + "in config/application.properties",
            "rest-configuration", "REST runs on the gateway's HTTP server: set camel.rest.* and quarkus.http.* keys "
                    + "in config/application.properties");

    private final CamelContext context;
    private final EndpointCheck endpoints;
    private final ExpressionCheck expressions;
    private final EipCheck eips;
    private final boolean caching;
    /** What each file gave at its last load, by file name: reused while its content and the context stay the same. */
    private final Map<String, RouteFile> routeFiles = new HashMap<>();
    private final Map<String, KameletFile> kameletFiles = new HashMap<>();
    /** Connectors and shared items (configurations, beans, templates) the cached route files were read against. */
    private String cachedContext = "";

    /** A loader that reads every file each time (validate, route tests, rollback). */
    public RouteSetLoader(CamelContext context) {
        this(context, false);
    }

    /**
     * @param caching keep what each file gave and read again only files whose content changed, as long as the
     *                connectors and the items shared by every route are unchanged. Camel definitions are reused,
     *                so only a caller that never installs a definition twice may cache: the gateway's reload,
     *                which restarts a route only when its fingerprint changed, which means it was read again.
     */
    public RouteSetLoader(CamelContext context, boolean caching) {
        this.context = context;
        this.endpoints = new EndpointCheck(context);
        this.expressions = new ExpressionCheck(context);
        this.eips = new EipCheck(context);
        this.caching = caching;
    }

    /** Forgets every cached file: after a failed start, definitions of the refused set may have been used. */
    public void forget() {
        routeFiles.clear();
        kameletFiles.clear();
        cachedContext = "";
    }

    public RouteSet load(List<SourceFile> files) {
        try {
            return loadAll(files);
        } catch (RuntimeException | StackOverflowError e) {
            forget();
            // A loader defect must refuse the set, never take the gateway (or its running routes) down.
            // Which file it was is not known here: name the set, not one file of it that may be innocent.
            return new RouteSet(files, Map.of(), Map.of(), List.of(), "", Map.of(), List.of(Problem.error(
                    "(routes)", 1, 1, "the route files could not be loaded: " + e).withHint(
                            "please report this with the files: it is a defect in Junction")));
        }
    }

    private RouteSet loadAll(List<SourceFile> files) {
        List<Problem> problems = new ArrayList<>();
        Map<String, RouteSet.KameletUnit> kamelets = new LinkedHashMap<>();
        List<KameletFile> connectors = new ArrayList<>();
        MessageDigest connectorDigest = sha256();
        for (SourceFile f : files) {
            if (f.kind() == SourceFile.Kind.KAMELET) {
                KameletFile k = kameletFiles.get(f.name());
                if (k == null || !k.file.sha256().equals(f.sha256())) {
                    k = loadKamelet(f);
                }
                connectors.add(k);
                connectorDigest.update((f.name() + "\0" + f.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
                problems.addAll(k.problems);
                if (k.unit != null) {
                    RouteSet.KameletUnit existing = kamelets.putIfAbsent(k.unit.name(), k.unit);
                    if (existing != null) {
                        problems.add(Problem.error(f.name(), k.unit.line(), 1, "duplicate kamelet '" + k.unit.name()
                                + "': already defined in " + existing.file().name() + ":" + existing.line()));
                    }
                }
            }
        }
        KameletCatalog.addAliases(kamelets);

        // Route files: reuse what did not change, then check that the context they were read against did not
        // either; if it did, every route restarts, so every file is read again for fresh definitions.
        List<SourceFile> routeSources = files.stream().filter(f -> f.kind() == SourceFile.Kind.ROUTE).toList();
        Map<String, RouteFile> read = new LinkedHashMap<>();
        for (SourceFile f : routeSources) {
            RouteFile cached = caching ? routeFiles.get(f.name()) : null;
            read.put(f.name(), cached != null && cached.file.sha256().equals(f.sha256()) ? cached : loadRouteFile(f));
        }
        String contextKey = contextKey(connectorDigest, read.values());
        if (caching && !contextKey.equals(cachedContext)) {
            for (SourceFile f : routeSources) {
                if (read.get(f.name()) == routeFiles.get(f.name())) {
                    read.put(f.name(), loadRouteFile(f));
                }
            }
        }

        // Everything a route file can refer to: connectors and the templates of every route file.
        for (RouteFile rf : read.values()) {
            for (RouteTemplateDefinition t : rf.templates) {
                kamelets.putIfAbsent(t.getId(), new RouteSet.KameletUnit(t.getId(), rf.file, 1, t, Set.of(), Map.of()));
            }
        }
        addFromApacheCatalog(read.values(), connectors, kamelets, problems);
        Map<String, List<Problem>> catalogErrors = new HashMap<>();
        for (KameletFile k : connectors) {
            if (!contextKey.equals(cachedContext)) {
                k.checks = null; // they may name templates of route files
            }
            boolean catalog = ApacheKamelets.isCatalog(k.file);
            if (k.checks == null && k.template != null && kamelets.get(k.unit.name()) == k.unit) {
                k.checks = new ArrayList<>(endpoints.check(k.file, k.template, kamelets, true));
                k.checks.addAll(expressions.check(k.file, k.template, true));
                if (catalog) {
                    k.checks.addAll(ApacheKamelets.missingClasses(k.file, k.template, context));
                }
            }
            if (k.checks != null && catalog) {
                // Said where the route names it: the user has no such file to open.
                catalogErrors.put(k.unit.name(), k.checks.stream().filter(Problem::isError).toList());
            } else if (k.checks != null) {
                problems.addAll(k.checks);
            }
        }
        endpoints.catalogErrors(catalogErrors);

        Map<String, RouteSet.RouteUnit> routes = new LinkedHashMap<>();
        Map<String, String> declared = new HashMap<>();
        List<RouteConfigurationDefinition> configurations = new ArrayList<>();
        Map<String, String> fileHashes = new HashMap<>();
        Set<String> restSourced = new LinkedHashSet<>();
        Map<String, Problem> unnamedRests = new LinkedHashMap<>();
        InternalEndpointCheck internal = new InternalEndpointCheck(endpoints);
        Set<String> beanNames = new HashSet<>();
        read.values().forEach(rf -> beanNames.addAll(rf.beanNames));
        eips.declaredBeans(beanNames);
        for (RouteFile rf : read.values()) {
            problems.addAll(rf.problems);
            if (rf.checks == null) {
                // Endpoints and expressions are checked on the YAML itself, so they are reported even when Camel
                // refused the file.
                rf.checks = new ArrayList<>();
                rf.internal = new InternalEndpointCheck(endpoints);
                for (Node node : rf.routeNodes) {
                    if (Preconditions.excludes(context, YamlNodes.text(YamlNodes.get(node, "precondition")))) {
                        continue;
                    }
                    rf.checks.addAll(endpoints.check(rf.file, node, kamelets, false));
                    rf.checks.addAll(expressions.check(rf.file, node, false));
                    rf.checks.addAll(eips.check(rf.file, node));
                    rf.internal.scan(rf.file, node);
                }
                for (Node node : rf.configurationNodes) {
                    rf.checks.addAll(eips.checkConfiguration(rf.file, node));
                }
                rf.templateNodes.forEach(node -> rf.internal.scanTemplate(rf.file, node));
                if (rf.pipeSpec != null) {
                    rf.checks.addAll(endpoints.checkPipe(rf.file, rf.pipeSpec, kamelets));
                }
            }
            problems.addAll(rf.checks);
            internal.addAll(rf.internal);
            if (rf.fileLevelHash != null) {
                fileHashes.put(rf.file.name(), rf.fileLevelHash);
            }
            configurations.addAll(rf.configurations);
            for (RouteSet.RouteUnit unit : rf.routes.values()) {
                int[] at = rf.idAt.get(unit.id());
                String first = declared.putIfAbsent(unit.id(), rf.file.name() + ":" + at[0]);
                if (first != null) {
                    problems.add(Problem.error(rf.file.name(), at[0], at[1], "duplicate route id '" + unit.id()
                            + "': already defined at " + first).withHint("route ids are unique across all route files"));
                    continue;
                }
                routes.put(unit.id(), unit);
            }
            restSourced.addAll(rf.restSourced);
            unnamedRests.putAll(rf.unnamedRests);
        }
        for (RouteFile rf : read.values()) {
            for (Node t : rf.templatedNodes) {
                RouteSet.KameletUnit template = kamelets.get(YamlNodes.text(YamlNodes.get(t, "routeTemplateRef")));
                if (template != null && template.template().getRoute().getInput() != null) {
                    Map<String, String> defaults = new HashMap<>();
                    template.template().getTemplateParameters().forEach(p -> {
                        if (p.getDefaultValue() != null) {
                            defaults.put(p.getName(), p.getDefaultValue());
                        }
                    });
                    internal.templated(rf.file, t, template.template().getRoute().getInput().getUri(), defaults);
                }
            }
        }
        problems.addAll(internal.problems());
        StepIds.check(routes.values(), problems);

        Set<String> inlined = RestInlining.apply(routes, restSourced);
        // An inlined verb is named by the direct: route it calls.
        unnamedRests.forEach((id, warning) -> {
            if (restSourced.contains(id)) {
                problems.add(warning);
            }
        });
        for (RouteFile rf : read.values()) {
            for (Node t : rf.templatedNodes) {
                checkTemplated(rf.file, t, kamelets, problems);
            }
        }

        if (caching) {
            routeFiles.clear();
            read.forEach((name, rf) -> {
                // Inlining moved steps between the definitions of these files: read them again next time.
                boolean touched = !rf.restSourced.isEmpty()
                        || rf.routes.keySet().stream().anyMatch(inlined::contains);
                if (!touched) {
                    routeFiles.put(name, rf);
                }
            });
            kameletFiles.clear();
            connectors.forEach(k -> kameletFiles.put(k.file.name(), k));
            cachedContext = contextKey;
        }
        return new RouteSet(files, routes, kamelets, configurations, sharedHash(read.values()), fileHashes, problems);
    }

    /** What every route depends on besides its own file: the connectors and the shared items of all files. */
    private static String contextKey(MessageDigest connectors, Iterable<RouteFile> files) {
        return HexFormat.of().formatHex(connectors.digest()) + "/" + sharedHash(files);
    }

    private static String sharedHash(Iterable<RouteFile> files) {
        MessageDigest shared = sha256();
        for (RouteFile rf : files) {
            shared.update(rf.sharedDigest.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(shared.digest());
    }

    /**
     * Kamelets the routes (or the connectors they use) name that no connector directory holds, taken from Apache's
     * Kamelet catalog: Junction's connectors, and the Apache names that run as one of them, come first.
     */
    private void addFromApacheCatalog(Collection<RouteFile> files, List<KameletFile> connectors,
            Map<String, RouteSet.KameletUnit> kamelets, List<Problem> problems) {
        Deque<String> wanted = new ArrayDeque<>();
        files.forEach(rf -> {
            rf.routeNodes.forEach(n -> wanted.addAll(EndpointCheck.kameletRefs(n)));
            if (rf.pipeSpec != null) {
                wanted.addAll(pipeKamelets(rf.pipeSpec)); // a Pipe names its Kamelets by ref: {kind, name}
            }
        });
        connectors.forEach(k -> {
            if (k.unit != null) {
                wanted.addAll(k.unit.kamelets());
            }
        });
        Set<String> tried = new HashSet<>();
        while (!wanted.isEmpty()) {
            String name = wanted.pop();
            if (kamelets.containsKey(name) || !tried.add(name)) {
                continue;
            }
            SourceFile f = ApacheKamelets.find(name);
            if (f == null) {
                continue;
            }
            KameletFile k = kameletFiles.get(f.name());
            if (k == null) {
                k = loadKamelet(f);
            }
            connectors.add(k);
            problems.addAll(k.problems);
            if (k.unit != null) {
                kamelets.put(name, k.unit);
                wanted.addAll(k.unit.kamelets());
            }
        }
    }

    private static List<String> pipeKamelets(Node spec) {
        List<Node> ends = new ArrayList<>();
        ends.add(YamlNodes.get(spec, "source"));
        ends.add(YamlNodes.get(spec, "sink"));
        if (YamlNodes.get(spec, "steps") instanceof SequenceNode steps) {
            ends.addAll(steps.getValue());
        }
        List<String> names = new ArrayList<>();
        for (Node end : ends) {
            Node ref = YamlNodes.get(end, "ref");
            if ("Kamelet".equals(YamlNodes.text(YamlNodes.get(ref, "kind")))) {
                names.add(YamlNodes.text(YamlNodes.get(ref, "name")));
            }
        }
        return names;
    }

    private KameletFile loadKamelet(SourceFile f) {
        KameletFile k = new KameletFile(f);
        List<Problem> problems = k.problems;
        Optional<Node> root = parseYaml(f, problems);
        if (root.isEmpty()) {
            return k;
        }
        Node doc = root.get();
        Node nameNode = YamlNodes.get(YamlNodes.get(doc, "metadata"), "name");
        String name = YamlNodes.text(nameNode);
        if (!"Kamelet".equals(YamlNodes.text(YamlNodes.get(doc, "kind"))) || name == null) {
            problems.add(Problem.error(f.name(), YamlNodes.line(doc), YamlNodes.column(doc),
                    "a connector file must be a Kamelet: kind: Kamelet with metadata.name"));
            return k;
        }
        Node template = YamlNodes.get(YamlNodes.get(doc, "spec"), "template");
        if (template == null) {
            Node flow = YamlNodes.get(YamlNodes.get(doc, "spec"), "flow");
            Problem p = Problem.error(f.name(), YamlNodes.line(flow == null ? doc : flow),
                    YamlNodes.column(flow == null ? doc : flow), "kamelet " + name + " has no spec.template");
            problems.add(flow == null ? p : p.withHint("spec.flow is the older name of spec.template (Kamelet"
                    + " v1alpha1): rename it"));
            return k;
        }
        String expectedFile = name + ".kamelet.yaml";
        if (!f.path().getFileName().toString().equals(expectedFile)) {
            problems.add(Problem.warning(f.name(), YamlNodes.line(nameNode), YamlNodes.column(nameNode),
                    "kamelet " + name + " is in a file not named " + expectedFile
                            + "; Camel JBang and Kaoto look connectors up by file name"));
        }
        try {
            RouteBuilder builder = (RouteBuilder) routesLoader("kamelet.yaml").loadRoutesBuilder(resource(f));
            builder.configureRoutes(context);
            List<RouteTemplateDefinition> defs = builder.getRouteTemplateCollection().getRouteTemplates();
            if (defs.size() != 1) {
                problems.add(Problem.error(f.name(), 1, 1, "kamelet " + name + " did not produce one route template"));
                return k;
            }
            k.unit = new RouteSet.KameletUnit(name, f, YamlNodes.line(nameNode), defs.get(0),
                    EndpointCheck.kameletRefs(template), ParameterSpec.of(doc));
            k.template = template;
        } catch (Exception e) {
            problems.add(fromException(f, e, doc));
        }
        return k;
    }

    /** Reads one route file: a list of Camel YAML DSL items, or a Camel K Pipe. Checks against others come later. */
    private RouteFile loadRouteFile(SourceFile f) {
        RouteFile rf = new RouteFile(f);
        List<Problem> problems = rf.problems;
        Optional<Node> root = parseYaml(f, problems);
        if (root.isEmpty()) {
            return rf;
        }
        if (root.get() instanceof MappingNode doc && YamlNodes.get(doc, "kind") != null) {
            loadPipe(rf, doc);
            return rf;
        }
        if (!(root.get() instanceof SequenceNode items)) {
            problems.add(Problem.error(f.name(), YamlNodes.line(root.get()), YamlNodes.column(root.get()),
                    "a route file is a YAML list: each item starts with '- route:', '- from:', "
                            + "'- routeConfiguration:' or '- beans:' (or it is a Camel K Pipe: kind: Pipe)"));
            return rf;
        }
        MessageDigest shared = sha256();
        boolean hasShared = false;
        List<Node> routeItems = new ArrayList<>();
        List<Node> templatedItems = new ArrayList<>();
        List<Node> restItems = new ArrayList<>();
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
            } else if (TEMPLATED_ITEMS.contains(key)) {
                templatedItems.add(item);
            } else if ("rest".equals(key)) {
                restItems.add(item);
            } else if (SHARED_ITEMS.contains(key)) {
                shared.update(YamlNodes.hash(item).getBytes(StandardCharsets.UTF_8));
                hasShared = true;
                if (key.equals("routeConfiguration") || key.equals("route-configuration")) {
                    rf.configurationNodes.add(entry.getValueNode());
                }
                if (key.equals("routeTemplate") || key.equals("route-template")) {
                    rf.templateNodes.add(entry.getValueNode());
                }
                if ("beans".equals(key)) {
                    hasBeans = true;
                    boundBeanProperties(f, entry.getValueNode(), problems);
                    if (entry.getValueNode() instanceof SequenceNode beans) {
                        beans.getValue().forEach(b -> {
                            String name = YamlNodes.text(YamlNodes.get(b, "name"));
                            if (name != null) {
                                rf.beanNames.add(name);
                            }
                        });
                    }
                }
            } else if (FILE_ITEMS.contains(key)) {
                fileLevel.update(YamlNodes.hash(item).getBytes(StandardCharsets.UTF_8));
            } else if (UNSUPPORTED_ITEMS.containsKey(key)) {
                problems.add(Problem.error(f.name(), YamlNodes.line(item), YamlNodes.column(item),
                        "'" + key + "' is not supported by Junction").withHint(UNSUPPORTED_ITEMS.get(key)));
            } else {
                Problem p = Problem.error(f.name(), YamlNodes.line(entry.getKeyNode()),
                        YamlNodes.column(entry.getKeyNode()), "unknown top-level item '" + key + "'");
                String near = Suggestions.nearest(List.of("route", "from", "routeConfiguration", "beans",
                        "routeTemplate", "templatedRoute", "rest", "errorHandler", "onException", "intercept",
                        "onCompletion"), key);
                problems.add(near != null ? p.withHint("did you mean '" + near + "'?") : p);
            }
        }
        String stem = f.path().getFileName().toString().replaceFirst("\\.(yaml|yml)$", "");
        RouteNaming naming = new RouteNaming(rf, stem, routeItems.size() + templatedItems.size());
        List<String> ids = new ArrayList<>();
        for (Node item : routeItems) {
            NodeTuple entry = YamlNodes.singleEntry(item);
            Node body = entry.getValueNode();
            Node idNode = "route".equals(YamlNodes.text(entry.getKeyNode())) ? YamlNodes.get(body, "id") : null;
            ids.add(naming.claim(idNode, entry.getKeyNode()));
            // The checks look for the 'from' key, which a '- from:' item holds itself.
            rf.routeNodes.add(idNode == null && "from".equals(YamlNodes.text(entry.getKeyNode())) ? item : body);
        }
        List<String> templatedIds = new ArrayList<>();
        for (Node item : templatedItems) {
            NodeTuple entry = YamlNodes.singleEntry(item);
            templatedIds.add(naming.claim(YamlNodes.get(entry.getValueNode(), "routeId"), entry.getKeyNode()));
        }
        for (Node item : restItems) {
            rf.routeNodes.add(YamlNodes.singleEntry(item).getValueNode());
        }
        // Files without shared items add nothing: adding or deleting such a file restarts no other route.
        rf.sharedDigest = hasShared ? HexFormat.of().formatHex(shared.digest()) : "";
        if (countErrors(problems) > errorsBefore) {
            return rf;
        }
        rf.fileLevelHash = HexFormat.of().formatHex(fileLevel.digest());

        RouteBuilder builder;
        List<RouteDefinition> defs;
        List<RestDefinition> rests;
        List<TemplatedRouteDefinition> templated;
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
                rf.configurations.addAll(cb.getRouteConfigurationCollection().getRouteConfigurations());
            }
            builder = (RouteBuilder) rb;
            defs = builder.configureRoutes(context).getRoutes();
            rests = builder.configureRests(context).getRests();
            templated = builder.getTemplatedRouteCollection().getTemplatedRoutes();
            rf.templates.addAll(builder.getRouteTemplateCollection().getRouteTemplates());
        } catch (Exception e) {
            problems.add(fromException(f, e, items));
            return rf;
        }
        for (Node item : templatedItems) {
            rf.templatedNodes.add(YamlNodes.singleEntry(item).getValueNode());
        }
        if (defs.size() != routeItems.size() || templated.size() != templatedItems.size()) {
            problems.add(Problem.error(f.name(), 1, 1, "Camel read " + (defs.size() + templated.size())
                    + " routes where the file lists " + (routeItems.size() + templatedItems.size())
                    + "; check the items for nesting mistakes"));
            return rf;
        }
        for (int i = 0; i < routeItems.size(); i++) {
            Node item = routeItems.get(i);
            RouteDefinition def = defs.get(i);
            if (def.getInput() == null) {
                // Found by fuzzing: Camel reads a route without from, and refuses it only when it starts.
                problems.add(Problem.error(f.name(), YamlNodes.line(item), YamlNodes.column(item),
                        "route has no 'from': every route starts with the endpoint it consumes from"));
                continue;
            }
            if (Preconditions.excludes(context, def.getPrecondition())) {
                continue; // Camel leaves it out, so Junction neither checks nor installs it
            }
            if (!def.hasCustomIdAssigned()) {
                def.routeId(ids.get(i));
            }
            rf.routes.put(ids.get(i), RouteSet.RouteUnit.of(ids.get(i), f, item,
                    EndpointCheck.kameletRefs(YamlNodes.singleEntry(item).getValueNode()), def));
        }
        for (int i = 0; i < templatedItems.size(); i++) {
            Node item = templatedItems.get(i);
            TemplatedRouteDefinition t = templated.get(i);
            t.setRouteId(templatedIds.get(i));
            rf.routes.put(templatedIds.get(i), new RouteSet.RouteUnit(templatedIds.get(i), f, YamlNodes.line(item),
                    YamlNodes.column(item), YamlNodes.hash(item), Set.of(t.getRouteTemplateRef()), null, t));
        }
        for (int i = 0; i < rests.size(); i++) {
            Node item = restItems.get(i);
            List<RouteDefinition> restRoutes;
            try {
                restRoutes = rests.get(i).asRouteDefinition(context);
            } catch (RuntimeException e) {
                problems.add(fromException(f, e, item));
                continue;
            }
            for (RouteDefinition def : restRoutes) {
                // Camel inlines these itself when it adds them; Junction has done it on the whole set already.
                def.markInlined();
                String id = def.getRouteId() != null ? naming.unique(def.getRouteId(), item) : naming.restRoute(item);
                if (id == null) {
                    continue;
                }
                if (def.getRouteId() == null) {
                    rf.unnamedRests.put(id, Problem.warning(f.name(), YamlNodes.line(item), YamlNodes.column(item),
                            "rest verb has no routeId; Junction names its route '" + id + "'")
                            .withHint("set routeId on the verb, or send it to a direct: route that has an id"));
                }
                if (!def.hasCustomIdAssigned()) {
                    def.routeId(id);
                }
                rf.routes.put(id, RouteSet.RouteUnit.of(id, f, item, Set.of(), def));
                rf.restSourced.add(id);
            }
        }
        return rf;
    }

    /** A Kamelet is a connector: where it goes, and how a route uses it. */
    private static String kameletHint(MappingNode doc) {
        String name = String.valueOf(YamlNodes.text(YamlNodes.get(YamlNodes.get(doc, "metadata"), "name")));
        return "a Kamelet is a connector, not a route: save it as connectors/" + name + ".kamelet.yaml, and use it"
                + " from a route as kamelet:" + name;
    }

    /**
     * A Camel K {@code Pipe}: one route from a source to a sink through optional steps, each a Kamelet or a URI.
     * Camel's YAML loader reads it; the route is named after {@code metadata.name}, as Camel does.
     */
    private void loadPipe(RouteFile rf, MappingNode doc) {
        SourceFile f = rf.file;
        List<Problem> problems = rf.problems;
        Node kind = YamlNodes.get(doc, "kind");
        String api = String.valueOf(YamlNodes.text(YamlNodes.get(doc, "apiVersion")));
        if (!"Pipe".equals(YamlNodes.text(kind)) || !api.startsWith("camel.apache.org/v1")) {
            Problem p = Problem.error(f.name(), YamlNodes.line(kind), YamlNodes.column(kind), "'kind: "
                    + YamlNodes.text(kind) + "' (" + api + ") is not a Camel route file: Camel 4 loads route lists "
                    + "and Camel K Pipes (apiVersion camel.apache.org/v1, kind: Pipe)");
            String k = YamlNodes.text(kind);
            problems.add("KameletBinding".equals(k)
                    ? p.withHint("a KameletBinding is the older form of a Pipe; './junction migrate " + f.name()
                            + "' writes it as a plain route file")
                    : "Integration".equals(k)
                            ? p.withHint("a Camel K Integration wraps a route list: its spec.flows, saved as a file"
                                    + " of its own (the list items, unindented), is a route file")
                            : "Kamelet".equals(k) ? p.withHint(kameletHint(doc)) : p);
            return;
        }
        Node nameNode = YamlNodes.get(YamlNodes.get(doc, "metadata"), "name");
        String stem = f.path().getFileName().toString().replaceFirst("\\.(yaml|yml)$", "");
        String id = new RouteNaming(rf, stem, 1).claim(nameNode, kind);
        problems.add(Problem.warning(f.name(), YamlNodes.line(kind), YamlNodes.column(kind),
                "Pipe files are deprecated in Camel from 4.23 (CAMEL-24807)")
                .withHint("'./junction migrate " + f.name() + "' writes the same route as a plain route file"));
        Node spec = YamlNodes.get(doc, "spec");
        rf.pipeSpec = spec;
        if (id == null) {
            return;
        }
        try {
            RouteBuilder builder = (RouteBuilder) routesLoader("yaml").loadRoutesBuilder(resource(f));
            List<RouteDefinition> defs = builder.configureRoutes(context).getRoutes();
            if (defs.size() != 1) {
                problems.add(Problem.error(f.name(), 1, 1, "Camel read " + defs.size() + " routes from the Pipe"));
                return;
            }
            RouteDefinition def = defs.get(0);
            if (!def.hasCustomIdAssigned()) {
                def.routeId(id);
            }
            rf.routes.put(id, RouteSet.RouteUnit.of(id, f, nameNode != null ? nameNode : kind,
                    EndpointCheck.kameletRefs(spec), def));
        } catch (Exception e) {
            problems.add(fromException(f, e, doc));
        }
    }

    /** A templatedRoute names a template that is loaded, and gives it the parameters it requires. */
    private static void checkTemplated(SourceFile f, Node body, Map<String, RouteSet.KameletUnit> templates,
            List<Problem> problems) {
        Node refNode = YamlNodes.get(body, "routeTemplateRef");
        String ref = YamlNodes.text(refNode);
        Node at = refNode != null ? refNode : body;
        if (ref == null) {
            problems.add(Problem.error(f.name(), YamlNodes.line(at), YamlNodes.column(at),
                    "templatedRoute needs routeTemplateRef: the id of a routeTemplate"));
            return;
        }
        RouteSet.KameletUnit template = templates.get(ref);
        if (template == null) {
            Problem p = Problem.error(f.name(), YamlNodes.line(at), YamlNodes.column(at),
                    "no routeTemplate (or connector) with id '" + ref + "' is loaded");
            String near = Suggestions.nearest(templates.keySet(), ref);
            problems.add(near != null ? p.withHint("did you mean '" + near + "'?") : p);
            return;
        }
        Set<String> given = new java.util.TreeSet<>();
        if (YamlNodes.get(body, "parameters") instanceof SequenceNode params) {
            for (Node p : params.getValue()) {
                Node n = YamlNodes.get(p, "name");
                if (YamlNodes.text(n) != null) {
                    given.add(YamlNodes.text(n));
                }
            }
        }
        var declared = template.template().getTemplateParameters() == null ? List.<org.apache.camel.model.RouteTemplateParameterDefinition>of()
                : template.template().getTemplateParameters();
        for (var d : declared) {
            if (d.isRequired() && d.getDefaultValue() == null && !given.contains(d.getName())) {
                problems.add(Problem.error(f.name(), YamlNodes.line(at), YamlNodes.column(at), "route template "
                        + ref + " requires parameter '" + d.getName() + "'"));
            }
        }
    }

    private static Optional<Node> parseYaml(SourceFile f, List<Problem> problems) {
        if (!f.readable()) {
            problems.add(Problem.error(f.name(), 1, 1, "cannot read " + (Files.isDirectory(f.path()) || !Files.exists(f.path())
                    ? "the directory" : "the file") + " (" + f.sha256().substring("unreadable: ".length()) + ")")
                    .withHint("nothing running changes until it can be read; to remove every route, leave the "
                            + "directory in place and empty"));
            return Optional.empty();
        }
        // Values this file takes from the environment are secrets to every log line and message from now on.
        Secrets.registerEnvReferences(f.text());
        try {
            Optional<Node> root = YamlNodes.compose(withoutJBangPreamble(f.text()), f.name());
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

    /**
     * A file Camel JBang runs as a script starts with {@code ///usr/bin/env jbang ... ; exit $?} and a {@code ---}
     * line; Camel's YAML DSL skips that first document, and so do we. Blanked rather than cut, so lines keep their
     * numbers.
     */
    static String withoutJBangPreamble(String text) {
        if (!text.startsWith("///")) {
            return text;
        }
        java.util.regex.Matcher end = java.util.regex.Pattern.compile("(?m)^---[ \\t]*$").matcher(text);
        if (!end.find()) {
            return text;
        }
        return text.substring(0, end.end()).replaceAll("[^\\n]", "") + text.substring(end.end());
    }

    /** Turns what Camel threw while reading a file into a problem at the line it names, or at the item. */
    static Problem fromException(SourceFile f, Throwable e, Node fallback) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException m && m.getProblemMark().isPresent()) {
                Problem p = marked(f, m);
                return hinted(p, itemKeyAt(fallback, p.line()));
            }
        }
        String message = Problem.rootMessage(e);
        String missing = missingClass(e);
        if (missing != null) {
            Node bean = beanOfType(fallback, missing);
            Node at = bean == null ? fallback : bean;
            String name = bean == null ? null : YamlNodes.text(YamlNodes.get(bean, "name"));
            return Problem.error(f.name(), YamlNodes.line(at), YamlNodes.column(at),
                    (name == null ? "" : "bean " + name + ": ") + "class " + missing + " not found")
                    .withHint(AddOnHint.forClass(missing));
        }
        String failedBean = failedBean(e);
        if (failedBean != null) {
            Node bean = beanNamed(fallback, failedBean);
            Node at = bean == null ? fallback : bean;
            java.util.regex.Matcher language = NO_LANGUAGE.matcher(message);
            if (language.find()) {
                // A bean made by a script (scriptLanguage: java, groovy, js...) in a language Junction lacks.
                return Problem.error(f.name(), YamlNodes.line(at), YamlNodes.column(at), "bean " + failedBean
                        + ": its script is in language '" + language.group(1) + "', which is not installed in"
                        + " Junction").withHint(AddOnHint.forLanguage(language.group(1)) + "; classes of the"
                                + " example's own (.java files beside the route) are not compiled by Junction either");
            }
            return Problem.error(f.name(), YamlNodes.line(at), YamlNodes.column(at), "bean " + failedBean
                    + " cannot be created: " + message).withHint("its constructors: and properties: must be what"
                            + " the class takes; Camel creates the bean when it loads the file");
        }
        java.util.regex.Matcher type = UNEXPECTED_TYPE.matcher(message);
        if (type.matches()) {
            // Camel's model class of a node in a list that does not take it: say which key, at its own line.
            String key = Character.toLowerCase(type.group(1).charAt(0)) + type.group(1).substring(1);
            Node at = firstKey(fallback, key);
            if (at != null) {
                Problem p = Problem.error(f.name(), YamlNodes.line(at), YamlNodes.column(at),
                        key + " is not a step: Camel's YAML DSL does not take it in a list of steps");
                return key.endsWith("Configuration")
                        ? p.withHint("write it under circuitBreaker:, beside steps:, not among them") : p;
            }
        }
        return Problem.error(f.name(), YamlNodes.line(fallback), YamlNodes.column(fallback), message);
    }

    private static final java.util.regex.Pattern UNEXPECTED_TYPE = java.util.regex.Pattern.compile(
            "Unexpected type: class org\\.apache\\.camel\\.model\\.(?:\\w+\\.)*(\\w+)Definition");

    /** Camel: "No language could be found for: java". */
    private static final java.util.regex.Pattern NO_LANGUAGE = java.util.regex.Pattern.compile(
            "No language could be found for: (\\S+)");

    /** Camel: "Error creating bean: NAME of type: TYPE". */
    private static final java.util.regex.Pattern BEAN_FAILED = java.util.regex.Pattern.compile(
            "Error creating bean: (\\S+) of type: .*");

    /** The name of the bean whose creation failed, or null. */
    private static String failedBean(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            java.util.regex.Matcher m = BEAN_FAILED.matcher(String.valueOf(t.getMessage()));
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** The {@code beans:} entry under {@code node} named {@code name}, or null. */
    private static Node beanNamed(Node node, String name) {
        return beanWhere(node, m -> name.equals(YamlNodes.text(YamlNodes.get(m, "name")))
                && YamlNodes.get(m, "type") != null);
    }

    /** The class a failure could not load, or null. */
    private static String missingClass(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
                return String.valueOf(t.getMessage()).replace('/', '.');
            }
        }
        return null;
    }

    /** The {@code beans:} entry under {@code node} that names {@code className} (its type or builder), or null. */
    private static Node beanOfType(Node node, String className) {
        return beanWhere(node, m -> {
            for (String key : List.of("type", "builderClass", "factoryBean")) {
                String type = YamlNodes.text(YamlNodes.get(m, key));
                if (type != null && type.replaceFirst("^#(class|type):", "").equals(className)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The first mapping under {@code node}, depth first, that {@code bean} accepts, or null. */
    private static Node beanWhere(Node node, java.util.function.Predicate<MappingNode> bean) {
        if (node instanceof SequenceNode seq) {
            for (Node n : seq.getValue()) {
                Node found = beanWhere(n, bean);
                if (found != null) {
                    return found;
                }
            }
        } else if (node instanceof MappingNode m) {
            if (bean.test(m)) {
                return m;
            }
            for (NodeTuple t : m.getValue()) {
                Node found = beanWhere(t.getValueNode(), bean);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The first key named {@code key} under {@code node}, depth first, as written. */
    private static Node firstKey(Node node, String key) {
        if (node instanceof org.snakeyaml.engine.v2.nodes.SequenceNode seq) {
            for (Node n : seq.getValue()) {
                Node found = firstKey(n, key);
                if (found != null) {
                    return found;
                }
            }
        } else if (node instanceof org.snakeyaml.engine.v2.nodes.MappingNode m) {
            for (org.snakeyaml.engine.v2.nodes.NodeTuple t : m.getValue()) {
                if (key.equals(YamlNodes.text(t.getKeyNode()))) {
                    return t.getKeyNode();
                }
                Node found = firstKey(t.getValueNode(), key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Camel's messages for the most common mistakes, with what to do about them. */
    private static final Map<String, String> HINTS = Map.of(
            "Unsupported field: steps", "in a route, steps go under from:",
            "Unknown node id", "a step (EIP) of that name does not exist; check the spelling against the Camel YAML DSL");

    /** The key of the DSL item ({@code route}, {@code rest}, ...) that holds {@code line}, or null. */
    private static String itemKeyAt(Node node, int line) {
        if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                int end = item.getEndMark().map(m -> m.getLine() + 1).orElse(Integer.MAX_VALUE);
                if (YamlNodes.line(item) <= line && line <= end) {
                    return itemKeyAt(item, line);
                }
            }
            return null;
        }
        NodeTuple item = YamlNodes.singleEntry(node);
        return item == null ? null : YamlNodes.text(item.getKeyNode());
    }

    /** @param item the key of the DSL item the problem is in ({@code route}, {@code rest}, ...), or null */
    private static Problem hinted(Problem p, String item) {
        if ("rest".equals(item) && p.message().startsWith("Unsupported field: steps") && p.hint() == null) {
            return p.withHint("a rest verb has no steps: it sends to a route (to: direct:NAME), and that route"
                    + " (from: direct:NAME) holds the steps");
        }
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

    /** Properties of one bean: more than any class has, and far below where binding them gets slow. */
    static final int MAX_BEAN_PROPERTIES = 1_000;

    /**
     * Camel binds a bean's properties one at a time, each in time that grows with the ones before (a map-typed bean
     * of ten thousand entries takes seconds; a hundred thousand, minutes): a bean with more is refused unread.
     */
    private static void boundBeanProperties(SourceFile f, Node beans, List<Problem> problems) {
        if (!(beans instanceof SequenceNode list)) {
            return;
        }
        for (Node bean : list.getValue()) {
            Node properties = YamlNodes.get(bean, "properties");
            long n = leaves(properties);
            if (n > MAX_BEAN_PROPERTIES) {
                problems.add(Problem.error(f.name(), YamlNodes.line(properties), YamlNodes.column(properties),
                        "bean " + YamlNodes.text(YamlNodes.get(bean, "name")) + " has " + n + " properties, more than "
                                + MAX_BEAN_PROPERTIES).withHint("keep data in a file or a resource the route reads,"
                                        + " not in a bean's properties"));
            }
        }
    }

    private static long leaves(Node node) {
        if (node instanceof MappingNode m) {
            return m.getValue().stream().mapToLong(t -> leaves(t.getValueNode())).sum();
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue().stream().mapToLong(RouteSetLoader::leaves).sum();
        }
        return node == null ? 0 : 1;
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
