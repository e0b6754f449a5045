package io.junction.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.junction.secrets.Secrets;
import org.apache.camel.CamelContext;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.impl.DefaultRuntimeCamelCatalog;
import org.apache.camel.dsl.yaml.common.YamlSupport;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.util.StringHelper;
import org.apache.camel.util.URISupport;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Checks every endpoint a route names: the component is installed, its options exist and are well typed (against
 * the Camel catalog of the components on the classpath), placeholders resolve, and {@code kamelet:} references name a
 * known connector with all its required parameters.
 */
final class EndpointCheck {

    /** Keys whose value is an endpoint a route consumes from. */
    private static final Set<String> CONSUMER_KEYS = Set.of("from");
    /** Keys whose value is an endpoint a route sends to. */
    private static final Set<String> PRODUCER_KEYS = Set.of("to", "toD", "to-d", "wireTap", "wire-tap",
            "deadLetterUri", "dead-letter-uri");
    /** Options of the kamelet component itself, valid on every {@code kamelet:} URI besides the template's own. */
    private static final Set<String> KAMELET_ENDPOINT_OPTIONS = Set.of("location", "routeId", "templateId", "uuid",
            "block", "timeout", "noErrorHandler", "bridgeErrorHandler", "exceptionHandler", "exchangePattern",
            "failIfNoConsumers", "lazyStartProducer");
    /** What a URI scheme may look like (RFC 3986); anything else names no component. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Pattern OPTIONAL_PLACEHOLDER = Pattern.compile("\\{\\{\\?([^}]+)}}");
    private static final Pattern PLACEHOLDER_NOT_FOUND = Pattern.compile("Property with key \\[([^\\]]+)\\] not found");
    /** Components offered in "did you mean" hints when a scheme is unknown. */
    private static final List<String> SHIPPED_COMPONENTS = List.of("kafka", "platform-http", "http", "https", "file",
            "timer", "log", "direct", "seda", "kamelet", "amqp", "jms", "spring-rabbitmq", "paho-mqtt5", "paho",
            "json-validator", "jq", "jsonpath", "sql", "caffeine", "micrometer", "stub", "mock");

    private final CamelContext context;
    private final DefaultRuntimeCamelCatalog catalog;
    /** Why Kamelets of Apache's catalog that the routes name cannot run here (a component or class missing). */
    private Map<String, List<Problem>> catalogErrors = Map.of();

    EndpointCheck(CamelContext context) {
        this.context = context;
        DefaultRuntimeCamelCatalog c = new DefaultRuntimeCamelCatalog();
        c.setCamelContext(context);
        c.setSuggestionStrategy(new Suggestions());
        this.catalog = c;
    }

    void catalogErrors(Map<String, List<Problem>> errors) {
        this.catalogErrors = errors;
    }

    /** The connectors a node refers to with {@code kamelet:NAME} URIs or the {@code kamelet} EIP. */
    static Set<String> kameletRefs(Node node) {
        Set<String> names = new TreeSet<>();
        collectKamelets(node, names);
        names.remove("source");
        names.remove("sink");
        return names;
    }

    private static void collectKamelets(Node node, Set<String> names) {
        if (node instanceof ScalarNode s) {
            String v = s.getValue();
            if (v.startsWith("kamelet:")) {
                names.add(kameletName(v));
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> collectKamelets(n, names));
        } else if (node instanceof MappingNode m) {
            String templateId = templateIdForm(m);
            if (templateId != null) {
                names.add(kameletName("kamelet:" + templateId));
            }
            for (NodeTuple t : m.getValue()) {
                if ("kamelet".equals(YamlNodes.text(t.getKeyNode()))) {
                    String name = YamlNodes.text(YamlNodes.get(t.getValueNode(), "name"));
                    if (name == null) {
                        name = YamlNodes.text(t.getValueNode());
                    }
                    if (name != null) {
                        names.add(kameletName("kamelet:" + name));
                    }
                }
                collectKamelets(t.getValueNode(), names);
            }
        }
    }

    /**
     * The Kamelet of an endpoint written {@code uri: kamelet} with {@code templateId} under {@code parameters} (as
     * Camel's YAML DSL builds {@code kamelet:TEMPLATE}), or null for any other endpoint.
     */
    private static String templateIdForm(MappingNode endpoint) {
        String uri = YamlNodes.text(YamlNodes.get(endpoint, "uri"));
        return "kamelet".equals(uri) || "kamelet:".equals(uri)
                ? YamlNodes.text(YamlNodes.get(YamlNodes.get(endpoint, "parameters"), "templateId")) : null;
    }

    private static String kameletName(String uri) {
        String rest = uri.substring("kamelet:".length());
        if (rest.startsWith("//")) {
            rest = rest.substring(2); // kamelet://name is Camel's other spelling of kamelet:name
        }
        int end = rest.length();
        for (char c : new char[] { '?', '/' }) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return rest.substring(0, end);
    }

    /**
     * The URI Camel builds for an endpoint node: a URI, or {@code uri} with {@code parameters} (the form Kaoto
     * writes: {@code uri: direct} + {@code name: hello} is {@code direct:hello}), through Camel's YAML DSL and the
     * component's own EndpointUriFactory. Placeholders stay as written. Null when the node names no endpoint; the
     * URI as written when Camel cannot build one (the endpoint check reports why).
     */
    /** The text with its placeholders resolved; unchanged when one cannot be (reported elsewhere), null for null. */
    String resolvedOrNull(String text) {
        if (text == null || !text.contains("{{")) {
            return text;
        }
        try {
            return context.resolvePropertyPlaceholders(text);
        } catch (RuntimeException e) {
            return text;
        }
    }

    String uriOf(Node value) {
        Node uriNode = value instanceof ScalarNode ? value : YamlNodes.get(value, "uri");
        String uri = YamlNodes.text(uriNode);
        if (uri == null || value instanceof ScalarNode) {
            return uri;
        }
        Map<String, String> params = parameters(YamlNodes.get(value, "parameters"));
        if (params.isEmpty()) {
            return uri;
        }
        try {
            return YamlSupport.createEndpointUri(context, value, uri, new LinkedHashMap<>(params));
        } catch (RuntimeException e) {
            return uri;
        }
    }

    /**
     * Checks the endpoints under {@code node}. Inside a Kamelet template ({@code template = true}) options hold
     * the template's own {@code {{parameters}}}, so only component names and connector references are checked there.
     */
    List<Problem> check(SourceFile file, Node node, Map<String, RouteSet.KameletUnit> kamelets, boolean template) {
        List<Problem> problems = new ArrayList<>();
        walk(file, node, kamelets, template, problems);
        return problems;
    }

    private void walk(SourceFile file, Node node, Map<String, RouteSet.KameletUnit> kamelets, boolean template,
            List<Problem> problems) {
        if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> walk(file, n, kamelets, template, problems));
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = YamlNodes.text(t.getKeyNode());
                Node value = t.getValueNode();
                if (CONSUMER_KEYS.contains(key) || PRODUCER_KEYS.contains(key)) {
                    endpoint(file, value, CONSUMER_KEYS.contains(key), key.startsWith("toD") || key.equals("to-d"),
                            kamelets, template, problems);
                } else if ("kamelet".equals(key)) {
                    Node nameNode = value instanceof ScalarNode ? value : YamlNodes.get(value, "name");
                    String name = YamlNodes.text(nameNode);
                    if (name != null) {
                        Node paramsNode = YamlNodes.get(value, "parameters");
                        kamelet(file, nameNode, "kamelet:" + name, parameters(paramsNode), paramsNode, kamelets,
                                template, problems);
                    }
                }
                walk(file, value, kamelets, template, problems);
            }
        }
    }

    private void endpoint(SourceFile file, Node value, boolean consumer, boolean dynamic,
            Map<String, RouteSet.KameletUnit> kamelets, boolean template, List<Problem> problems) {
        endpoint(file, value, "parameters", consumer, dynamic, kamelets, template, problems);
    }

    /** {@code value} is a URI, or a mapping with {@code uri} and options under {@code paramsKey}. */
    private void endpoint(SourceFile file, Node value, String paramsKey, boolean consumer, boolean dynamic,
            Map<String, RouteSet.KameletUnit> kamelets, boolean template, List<Problem> problems) {
        Node uriNode = value instanceof ScalarNode ? value : YamlNodes.get(value, "uri");
        String uri = YamlNodes.text(uriNode);
        if (uri == null) {
            return;
        }
        Node paramsNode = YamlNodes.get(value, paramsKey);
        Map<String, String> params = parameters(paramsNode);
        String templateId = value instanceof MappingNode m && "parameters".equals(paramsKey) ? templateIdForm(m) : null;
        if (templateId != null) {
            uri = "kamelet:" + templateId;
            params = new LinkedHashMap<>(params);
            params.remove("templateId");
        }
        if (uri.startsWith("kamelet:")) {
            kamelet(file, uriNode, uri, params, paramsNode, kamelets, template, problems);
            return;
        }
        if (dynamic && (uri.contains("${") || uri.contains("$simple{"))) {
            return;
        }
        Locator at = new Locator(file, uriNode, paramsNode);
        if (template) {
            String scheme = scheme(uri);
            if (scheme != null && !scheme.contains("{{") && !installed(scheme)) {
                problems.add(unknownComponent(at, scheme));
            }
            return;
        }
        String resolved;
        try {
            resolved = context.resolvePropertyPlaceholders(uri);
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : params.entrySet()) {
                Matcher optional = OPTIONAL_PLACEHOLDER.matcher(e.getValue());
                if (optional.matches()
                        && context.getPropertiesComponent().resolveProperty(optional.group(1)).isEmpty()) {
                    continue; // {{?key}} without a value drops the option, as Camel does when it builds the endpoint
                }
                try {
                    values.put(e.getKey(), context.resolvePropertyPlaceholders(e.getValue()));
                } catch (RuntimeException ex) {
                    problems.add(placeholder(file.name(), at.option(e.getKey()), ex));
                    return;
                }
            }
            // The URI Camel's YAML DSL builds: path parameters given under parameters: (the form Kaoto writes,
            // `uri: kafka` + `topic: orders`) go into the path through the component's own EndpointUriFactory.
            resolved = YamlSupport.createEndpointUri(context, value, resolved, values);
        } catch (RuntimeException e) {
            problems.add(e.getMessage() != null && e.getMessage().contains("Property with key")
                    ? placeholder(file.name(), at.uri(), e)
                    : Problem.error(file.name(), at.uri().line(), at.uri().column(), Problem.rootMessage(e)));
            return;
        }
        if (!resolved.contains(":")) {
            // Without a factory for the component, Camel's YAML DSL appends the parameters as a query: name the
            // component only (the query may hold a password).
            String component = resolved.replaceFirst("\\?.*", "");
            problems.add(installed(component)
                    ? Problem.error(file.name(), at.uri().line(), at.uri().column(), "endpoint '" + component
                            + "' needs its path: give it in the URI (" + component + ":...) or under parameters:")
                    : unknownComponent(at, component));
            return;
        }
        EndpointValidationResult r;
        try {
            resolved = camelCaseOptions(resolved);
            r = catalog.validateEndpointProperties(resolved, false, consumer, !consumer);
        } catch (RuntimeException e) {
            problems.add(Problem.error(file.name(), at.uri().line(), at.uri().column(), "cannot parse endpoint URI '"
                    + uri + "': " + Problem.rootMessage(e)));
            return;
        }
        if (r.getUnknownComponent() != null) {
            problems.add(unknownComponent(at, r.getUnknownComponent()));
            return;
        }
        String scheme = scheme(resolved);
        if (r.getSyntaxError() != null || r.getIncapable() != null) {
            problems.add(Problem.error(file.name(), at.uri().line(), at.uri().column(), "cannot parse endpoint URI '"
                    + uri + "': " + (r.getSyntaxError() != null ? r.getSyntaxError() : r.getIncapable())));
            return;
        }
        if (r.getUnknown() != null) {
            for (String option : r.getUnknown()) {
                String[] s = r.getUnknownSuggestions() == null ? null : r.getUnknownSuggestions().get(option);
                Mark m = at.option(option);
                if (s != null && s.length > 0 && s[0].equalsIgnoreCase(option)) {
                    // Camel binds endpoint options in any case (timer:t?Period=1000 runs); its catalog does not.
                    problems.add(Problem.warning(file.name(), m.line(), m.column(), "option '" + option
                            + "' of component " + scheme + " is spelt '" + s[0] + "'; Camel takes it in any case")
                            .withHint("write '" + s[0] + "', as Camel's documentation and tools do"));
                    continue;
                }
                Problem p = Problem.error(file.name(), m.line(), m.column(),
                        "unknown option '" + option + "' for component " + scheme);
                problems.add(s != null && s.length > 0 ? p.withHint("did you mean '" + s[0] + "'?") : p);
            }
        }
        if (r.getRequired() != null) {
            // A warning: Camel's catalog calls it required, but Camel builds the endpoint without it where the
            // component has a default (quartz:group/ with no trigger name runs), as stock Camel does.
            for (String option : r.getRequired()) {
                problems.add(Problem.warning(file.name(), at.uri().line(), at.uri().column(),
                        "option '" + option + "' of component " + scheme + " is required by Camel's catalog; the"
                                + " component may refuse the endpoint when it starts without it"));
            }
        }
        if (r.getInvalidEnum() != null) {
            r.getInvalidEnum().forEach((option, given) -> {
                Mark m = at.option(option);
                String[] choices = r.getInvalidEnumChoices() == null ? null : r.getInvalidEnumChoices().get(option);
                problems.add(Problem.error(at.file().name(), m.line(), m.column(), "option '" + option
                        + "' of component " + scheme + ": '" + given + "' is not one of the allowed values"
                        + (choices == null ? "" : " (" + String.join(", ", choices) + ")")));
            });
        }
        invalid(problems, at, scheme, r.getInvalidBoolean(), "is not a boolean");
        invalid(problems, at, scheme, r.getInvalidInteger(), "is not an integer");
        invalid(problems, at, scheme, r.getInvalidNumber(), "is not a number");
        invalid(problems, at, scheme, r.getInvalidDuration(), "is not a duration");
        invalid(problems, at, scheme, withoutBuiltInSchedulers(r.getInvalidReference()),
                "is not a valid #bean reference");
        missingBeans(at, scheme, resolved, problems);
        if ("jms".equals(scheme) && !JmsFactory.found(context, resolved)) {
            problems.add(Problem.error(file.name(), at.uri().line(), at.uri().column(), "jms has no connection"
                    + " factory: Camel refuses the route when it starts (connectionFactory must be specified)")
                    .withHint(JmsFactory.HINT));
        }
        String[] cron = CronSchedules.invalid(scheme, resolved);
        if (cron != null) {
            Mark m = at.option(cron[0]);
            problems.add(Problem.error(file.name(), m.line(), m.column(), "option '" + cron[0] + "' of component "
                    + scheme + ": " + cron[1] + "; the route would not start").withHint("seconds minutes hours"
                            + " day-of-month month day-of-week [year], e.g. \"0 0/5 * * * ?\" for every five minutes"));
        }
        // An option of the other side is not an error: Camel accepts it and ignores it there, so files that stock
        // Camel loads load here too. It is a warning, because the writer probably meant something by it.
        // exchangePattern is listed as a consumer option but decides InOnly/InOut when sending too.
        otherSide(file, at, scheme, r.getNotConsumerOnly(), "sending (to)", "consuming (from)", problems);
        otherSide(file, at, scheme, r.getNotProducerOnly(), "consuming (from)", "sending (to)", problems);
    }

    /**
     * Options as Camel reads them: {@code show-body-type} is {@code showBodyType} (Camel binds endpoint options in
     * either case); the catalog knows only the second.
     */
    static String camelCaseOptions(String uri) {
        int q = uri.indexOf('?');
        if (q < 0 || uri.indexOf('-', q) < 0) {
            return uri;
        }
        try {
            Map<String, Object> options = new LinkedHashMap<>();
            URISupport.parseQuery(uri.substring(q + 1)).forEach((k, v) -> options.put(
                    k.contains("-") ? StringHelper.dashToCamelCase(k) : k, v));
            return uri.substring(0, q + 1) + URISupport.createQueryString(options);
        } catch (Exception e) {
            return uri; // the validation that follows names what is wrong with it
        }
    }

    /**
     * An option whose value names a bean ({@code #name}, {@code #bean:name}) that nothing declares: Camel refuses the
     * route when it creates the endpoint.
     */
    private void missingBeans(Locator at, String scheme, String uri, List<Problem> problems) {
        int q = uri.indexOf('?');
        if (q < 0 || uri.indexOf('#', q) < 0) {
            return;
        }
        Map<String, Object> options;
        try {
            options = URISupport.parseQuery(uri.substring(q + 1));
        } catch (Exception e) {
            return;
        }
        options.forEach((option, value) -> {
            String v = String.valueOf(value);
            String name = v.startsWith("#bean:") ? v.substring(6) : v.matches("#[A-Za-z_][\\w.-]*") ? v.substring(1) : null;
            if (name != null && !name.isEmpty() && context.getRegistry().lookupByName(name) == null) {
                Mark m = at.option(option);
                problems.add(Problem.error(at.file().name(), m.line(), m.column(), "option '" + option + "' of component "
                        + scheme + " refers to bean '" + name + "', which nothing declares: Camel refuses the route"
                        + " when it starts").withHint("declare it under beans: (name: " + name
                                + ", type: the class), or fix the name"));
            }
        });
    }

    private static void otherSide(SourceFile file, Locator at, String scheme, Set<String> options, String side,
            String here, List<Problem> problems) {
        if (options == null) {
            return;
        }
        for (String option : options) {
            if (!"exchangePattern".equals(option)) {
                Mark m = at.option(option);
                problems.add(Problem.warning(file.name(), m.line(), m.column(), "option '" + option + "' of component "
                        + scheme + " applies to " + side + ": Camel ignores it when " + (here.startsWith("consuming")
                                ? "consuming" : "sending")));
            }
        }
    }

    /**
     * The endpoints of a Camel K Pipe's spec: source, steps and sink, each a Kamelet ({@code ref: {kind: Kamelet,
     * name: ...}}) or a URI, with options under {@code properties}.
     */
    List<Problem> checkPipe(SourceFile file, Node spec, Map<String, RouteSet.KameletUnit> kamelets) {
        List<Problem> problems = new ArrayList<>();
        List<Node> parts = new ArrayList<>();
        parts.add(YamlNodes.get(spec, "source"));
        if (YamlNodes.get(spec, "steps") instanceof SequenceNode steps) {
            parts.addAll(steps.getValue());
        }
        parts.add(YamlNodes.get(spec, "sink"));
        for (int i = 0; i < parts.size(); i++) {
            Node part = parts.get(i);
            if (part == null) {
                continue;
            }
            Node ref = YamlNodes.get(part, "ref");
            Node nameNode = YamlNodes.get(ref, "name");
            Node props = YamlNodes.get(part, "properties");
            if ("Kamelet".equals(YamlNodes.text(YamlNodes.get(ref, "kind"))) && nameNode != null) {
                kamelet(file, nameNode, "kamelet:" + YamlNodes.text(nameNode), parameters(props), props, kamelets,
                        false, problems);
            } else if (YamlNodes.get(part, "uri") != null) {
                endpoint(file, part, "properties", i == 0, false, kamelets, false, problems);
            } else if (ref != null) {
                problems.add(Problem.error(file.name(), YamlNodes.line(ref), YamlNodes.column(ref), "a Pipe ref of kind '"
                        + YamlNodes.text(YamlNodes.get(ref, "kind")) + "' needs Camel K's operator (Strimzi topics, "
                        + "Knative) and does not run in Junction").withHint("use a Kamelet or a uri: instead"));
            }
        }
        return problems;
    }

    /** Where an option was written: its key under parameters: when it is there, else the URI itself. */
    private record Mark(int line, int column) {
    }

    private record Locator(SourceFile file, Node uriNode, Node paramsNode) {
        Mark uri() {
            return new Mark(YamlNodes.line(uriNode), YamlNodes.column(uriNode));
        }

        Mark option(String name) {
            if (paramsNode instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    String key = YamlNodes.text(t.getKeyNode());
                    if (name.equals(key) || name.equals(StringHelper.dashToCamelCase(String.valueOf(key)))) {
                        return new Mark(YamlNodes.line(t.getKeyNode()), YamlNodes.column(t.getKeyNode()));
                    }
                }
            }
            return uri();
        }
    }

    private void kamelet(SourceFile file, Node uriNode, String uri, Map<String, String> extra, Node paramsNode,
            Map<String, RouteSet.KameletUnit> kamelets, boolean template, List<Problem> problems) {
        int line = YamlNodes.line(uriNode);
        int col = YamlNodes.column(uriNode);
        Locator at = new Locator(file, uriNode, paramsNode);
        String name = kameletName(uri);
        if ("source".equals(name) || "sink".equals(name)) {
            if (!template) {
                problems.add(Problem.error(file.name(), line, col, "'kamelet:" + name
                        + "' is only meaningful inside a Kamelet template; a route names a connector, e.g. kamelet:kafka-sink"));
            }
            return;
        }
        RouteSet.KameletUnit k = kamelets.get(name);
        KameletCatalog.Entry apache = KameletCatalog.get(name);
        if (k == null) {
            if (apache != null) {
                problems.add(Problem.error(file.name(), line, col, "kamelet '" + name
                        + "' is from Apache Camel's Kamelet catalog, but not in the version Junction ships"
                        + " (camel-kamelets 4.16.0)")
                        .withHint(apache.advice()));
                return;
            }
            Problem p = Problem.error(file.name(), line, col, "unknown kamelet '" + name
                    + "': no connector of that name is loaded (connectors are the *.kamelet.yaml files in the connectors"
                    + " directories, then Apache Camel's Kamelet catalog)");
            Set<String> known = new TreeSet<>(kamelets.keySet());
            known.addAll(ApacheKamelets.names());
            String near = Suggestions.nearest(known, name);
            problems.add(near != null ? p.withHint("did you mean '" + near + "'?") : p);
            return;
        }
        if (!template) {
            for (Problem why : catalogErrors.getOrDefault(name, List.of())) {
                Problem p = Problem.error(file.name(), line, col, "kamelet '" + name + "' of Apache Camel's Kamelet"
                        + " catalog cannot run here: " + why.message());
                problems.add(why.hint() != null ? p.withHint(why.hint()) : p);
            }
        }
        if (!template && apache != null && apache.connector() != null && ApacheKamelets.isCatalog(k.file())
                && kamelets.containsKey(apache.connector())) {
            // It runs as Apache wrote it; Junction's connector for the job keeps the delivery guarantees it documents.
            problems.add(Problem.warning(file.name(), line, col, "kamelet '" + name + "' runs from Apache Camel's"
                    + " Kamelet catalog; Junction's " + apache.connector() + " does the same job with the guarantees"
                    + " docs/delivery.md gives").withHint(apache.advice()));
        }
        if (template) {
            return;
        }
        Map<String, String> given = new LinkedHashMap<>();
        int q = uri.indexOf('?');
        if (q >= 0) {
            try {
                URISupport.parseQuery(uri.substring(q + 1)).forEach((key, v) -> given.put(key, String.valueOf(v)));
            } catch (Exception e) {
                problems.add(Problem.error(file.name(), line, col, "cannot parse kamelet URI '" + uri + "': " + e.getMessage()));
                return;
            }
        }
        given.putAll(extra);
        List<RouteTemplateParameterDefinition> declared = k.template().getTemplateParameters() == null
                ? List.of() : k.template().getTemplateParameters();
        Set<String> known = new TreeSet<>(KAMELET_ENDPOINT_OPTIONS);
        declared.forEach(d -> known.add(d.getName()));
        for (String param : given.keySet()) {
            if (!known.contains(param)) {
                Mark m = at.option(param);
                // A Kamelet of Apache's catalog ignores a parameter it does not declare, as stock Camel does (published
                // examples pass a groupId to sinks that have none): a warning. Junction's own connectors refuse it.
                boolean catalog = ApacheKamelets.isCatalog(k.file());
                Problem p = catalog
                        ? Problem.warning(file.name(), m.line(), m.column(), "unknown parameter '" + param
                                + "' for kamelet " + name + ": Camel ignores it")
                        : Problem.error(file.name(), m.line(), m.column(), "unknown parameter '" + param
                                + "' for kamelet " + name);
                String near = Suggestions.nearest(known, param);
                if (apache != null && apache.parameters().containsKey(param)) {
                    // The Apache catalog's Kamelet of this name has that parameter: say what it is called here.
                    String ours = apache.parameters().get(param);
                    problems.add(p.withHint(ours != null ? "Apache's " + name + " calls it '" + param + "'; Junction's "
                            + name + " calls it '" + ours + "'" : "Apache's " + name + " has '" + param
                            + "'; Junction's has no equivalent: remove it" + (apache.note() != null ? " (" + apache.note()
                                    + ")" : "")));
                } else {
                    problems.add(near != null ? p.withHint("did you mean '" + near + "'?") : p);
                }
            }
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            int depth = ExpressionCheck.nesting(e.getValue());
            if (depth > ExpressionCheck.MAX_NESTING) {
                // A connector compiles some parameters as expressions (jq-transform-action's expression): bounded
                // as a route's own expressions are, before Camel's parsers recurse into them at start.
                Mark m = at.option(e.getKey());
                problems.add(Problem.error(file.name(), m.line(), m.column(), "parameter '" + e.getKey()
                        + "' of kamelet " + name + " nested " + depth + " levels deep, more than "
                        + ExpressionCheck.MAX_NESTING).withHint("split it into steps"));
                continue;
            }
            ParameterSpec spec = k.parameters().get(e.getKey());
            String why = spec == null ? null : spec.problem(e.getValue());
            if (why != null) {
                Mark m = at.option(e.getKey());
                Problem p = specProblem(k, spec.onlyPatternFails(e.getValue()), file.name(), m.line(), m.column(),
                        "parameter '" + e.getKey() + "' of kamelet " + name + " " + why);
                String near = spec.nearest(e.getValue());
                problems.add(near != null ? p.withHint("did you mean '" + near + "'?") : p);
            }
        }
        for (RouteTemplateParameterDefinition d : declared) {
            if (d.isRequired() && d.getDefaultValue() == null && !given.containsKey(d.getName())
                    && !configured(name, d.getName())) {
                problems.add(Problem.error(file.name(), line, col, "kamelet " + name
                        + " requires parameter '" + d.getName() + "'").withHint("add it to the URI (kamelet:" + name
                                + "?" + d.getName() + "=...) or under parameters:"));
            }
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            Mark m = at.option(e.getKey());
            if (e.getValue().contains("{{?")) {
                // Camel then rebuilds the kamelet URI with every other parameter percent-encoded (URLs break).
                problems.add(Problem.error(file.name(), m.line(), m.column(), "optional placeholder in kamelet parameter '"
                        + e.getKey() + "' is not supported by Camel's kamelet component")
                        .withHint("give a default instead: " + e.getValue().replace("{{?", "{{").replace("}}", ":}}")));
            } else if (e.getValue().contains("{{")) {
                String resolved;
                try {
                    resolved = context.resolvePropertyPlaceholders(e.getValue());
                } catch (RuntimeException ex) {
                    problems.add(placeholder(file.name(), m, ex));
                    continue;
                }
                // A value from the environment or configuration fits the parameter as a written one must; the
                // reason is masked, for the value may be a secret.
                ParameterSpec spec = k.parameters().get(e.getKey());
                String why = spec == null ? null : spec.problem(resolved);
                if (why != null) {
                    problems.add(specProblem(k, spec.onlyPatternFails(resolved), file.name(), m.line(), m.column(),
                            "parameter '" + e.getKey()
                            + "' of kamelet " + name + ", as " + e.getValue() + " resolves, " + Secrets.mask(why)));
                }
            }
        }
    }

    /**
     * A value outside what a connector declares: an error, for Junction's connectors declare their contract and a
     * value of the wrong type or outside an enum fails when Camel converts it. Only a pattern of a Kamelet of
     * Apache's catalog is a warning: stock Camel does not enforce it, and some are stricter than their component
     * (rest-openapi-sink's specification pattern refuses the relative file Camel's own example gives it).
     */
    private static Problem specProblem(RouteSet.KameletUnit k, boolean onlyPattern, String file, int line, int column,
            String message) {
        return ApacheKamelets.isCatalog(k.file()) && onlyPattern ? Problem.warning(file, line, column, message)
                .withHint("stock Camel runs it as given; the component may still refuse it when the route starts")
                : Problem.error(file, line, column, message);
    }

    /** Kamelet parameters may also come from configuration, as Camel's kamelet component reads them. */
    private boolean configured(String kamelet, String param) {
        var props = context.getPropertiesComponent();
        String env = ("CAMEL_KAMELET_" + kamelet + "_" + param).toUpperCase().replace('-', '_').replace('.', '_');
        return props.resolveProperty("camel.kamelet." + kamelet + "." + param).isPresent()
                || System.getenv(env) != null;
    }

    /**
     * A polling consumer's {@code scheduler} is a bean reference to the catalog, but Camel also takes the names of
     * its built-in schedulers: {@code quartz} (shipped) and {@code spring}.
     */
    private static Map<String, String> withoutBuiltInSchedulers(Map<String, String> invalidReferences) {
        if (invalidReferences == null || !invalidReferences.containsKey("scheduler")) {
            return invalidReferences;
        }
        Map<String, String> rest = new LinkedHashMap<>(invalidReferences);
        rest.remove("scheduler", "quartz");
        rest.remove("scheduler", "spring");
        return rest;
    }

    private static void invalid(List<Problem> problems, Locator at, String scheme, Map<String, String> invalid,
            String what) {
        if (invalid != null) {
            invalid.forEach((option, value) -> {
                Mark m = at.option(option);
                problems.add(Problem.error(at.file().name(), m.line(), m.column(),
                        "option '" + option + "' of component " + scheme + ": '" + value + "' " + what));
            });
        }
    }

    private Problem unknownComponent(Locator at, String scheme) {
        return unknownComponent(at.file(), at.uri().line(), at.uri().column(), scheme);
    }

    private Problem unknownComponent(SourceFile file, int line, int col, String scheme) {
        Problem p = Problem.error(file.name(), line, col, "unknown component '" + scheme
                + "': it is not installed in Junction");
        List<String> installed = SHIPPED_COMPONENTS.stream()
                .filter(this::installed).toList();
        String near = Suggestions.nearest(installed, scheme);
        String add = "./junction build --with " + scheme + " adds a Camel component Junction does not ship";
        return p.withHint(near != null ? "did you mean '" + near + "'? If not, " + add : add);
    }

    private static Problem placeholder(String file, Mark at, RuntimeException e) {
        return placeholder(file, at.line(), at.column(), e);
    }

    static Problem placeholder(String file, int line, int col, RuntimeException e) {
        Matcher m = PLACEHOLDER_NOT_FOUND.matcher(String.valueOf(e.getMessage()));
        if (m.find()) {
            String key = m.group(1);
            return Problem.error(file, line, col, "placeholder {{" + key + "}} cannot be resolved")
                    .withHint("set '" + key + "' in config/application.properties or the environment, or give a default: {{"
                            + key + ":value}}");
        }
        return Problem.error(file, line, col, "placeholder cannot be resolved: " + e.getMessage());
    }

    private static Map<String, String> parameters(Node node) {
        Map<String, String> params = new LinkedHashMap<>();
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String k = YamlNodes.text(t.getKeyNode());
                String v = YamlNodes.text(t.getValueNode());
                if (k != null) {
                    params.put(k, v == null ? "" : v);
                }
            }
        }
        return params;
    }

    /**
     * Whether a component of this name is installed. The catalog looks names up as class-path resources, and a name
     * that is no scheme at all (found by fuzzing: text with spaces and backquotes) made it throw.
     */
    private boolean installed(String scheme) {
        if (scheme == null || !SCHEME.matcher(scheme).matches()) {
            return false;
        }
        try {
            return catalog.componentJSonSchema(scheme) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String scheme(String uri) {
        int i = uri.indexOf(':');
        return i > 0 ? uri.substring(0, i) : null;
    }
}
