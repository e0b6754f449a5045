package io.junction.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.saga.CamelSagaService;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Steps that need an implementation besides the YAML: data formats of marshal/unmarshal, the saga service, and the
 * circuit breaker's implementation. Camel finds out when it builds the route; this says it at the step's line,
 * before anything runs, in one sentence.
 */
final class EipCheck {

    /** The data format Camel's {@code json} uses for each {@code library}. */
    private static final Map<String, String> JSON_LIBRARIES = Map.of("jackson", "jackson", "gson", "gson",
            "fastjson", "fastjson", "johnzon", "johnzon", "jsonb", "jsonb");

    /** Steps whose value is an expression (simple:, constant:, jq:, ...) beside their own settings. */
    private static final java.util.Set<String> NEEDS_EXPRESSION = java.util.Set.of("setHeader", "setProperty",
            "setBody", "transform", "setVariable", "enrich", "pollEnrich");
    /** Keys of a choice's when that are not its condition. */
    private static final java.util.Set<String> NOT_A_CONDITION = java.util.Set.of("steps", "id", "description",
            "disabled", "note");
    /** Keys a step or data format may have that are not its value (an expression or a data format). */
    private static final java.util.Set<String> NOT_A_VALUE = java.util.Set.of("id", "description", "disabled", "note",
            "name", "variableSend", "variableReceive");

    private final CamelContext context;

    /** Beans the files declare, made or not: one that could not be made has its own problem, not "no bean named". */
    private Set<String> declaredBeans = Set.of();

    void declaredBeans(Set<String> names) {
        declaredBeans = Set.copyOf(names);
    }

    EipCheck(CamelContext context) {
        this.context = context;
    }

    List<Problem> check(SourceFile file, Node node) {
        List<Problem> problems = new ArrayList<>();
        walk(file, node, true, problems);
        return problems;
    }

    /**
     * A routeConfiguration's checks: its exception classes are resolved only for the routes it applies to (stock
     * Camel loads a file whose configuration names a class it lacks), so they are not checked here.
     */
    List<Problem> checkConfiguration(SourceFile file, Node node) {
        List<Problem> problems = new ArrayList<>();
        walk(file, node, false, problems);
        return problems;
    }

    private void walk(SourceFile file, Node node, boolean onExceptionClasses, List<Problem> problems) {
        if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> walk(file, n, onExceptionClasses, problems));
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = YamlNodes.text(t.getKeyNode());
                Node at = t.getKeyNode();
                if (("marshal".equals(key) || "unmarshal".equals(key)) && t.getValueNode() instanceof MappingNode df) {
                    if (onlySettings(df)) {
                        problems.add(Problem.error(file.name(), YamlNodes.line(at), YamlNodes.column(at),
                                key + " names no data format: Camel refuses the route when it starts")
                                .withHint(key + ": {json: {library: Jackson}}"));
                    }
                    dataFormat(file, df, problems);
                } else if ("precondition".equals(key) && YamlNodes.text(t.getValueNode()) != null) {
                    // Camel resolves it when it decides which routes to start, and names no file if it cannot.
                    try {
                        context.resolvePropertyPlaceholders(YamlNodes.text(t.getValueNode()));
                    } catch (RuntimeException e) {
                        Node v = t.getValueNode();
                        problems.add(EndpointCheck.placeholder(file.name(), YamlNodes.line(v), YamlNodes.column(v), e));
                    }
                } else if (onExceptionClasses && "onException".equals(key) && t.getValueNode() instanceof MappingNode on
                        && YamlNodes.get(on, "exception") instanceof SequenceNode classes) {
                    classes.getValue().forEach(c -> exceptionClass(file, "onException", c, problems));
                } else if ("throwException".equals(key) && YamlNodes.get(t.getValueNode(), "exceptionType") != null) {
                    exceptionClass(file, "throwException", YamlNodes.get(t.getValueNode(), "exceptionType"), problems);
                } else if (BEAN_FIELDS.contains(key) && YamlNodes.text(t.getValueNode()) != null) {
                    namedBean(file, key, t.getValueNode(), problems);
                } else if ("bean".equals(key) || "to".equals(key) || "process".equals(key) || "transacted".equals(key)
                        || "policy".equals(key)) {
                    beanReference(file, key, t.getValueNode(), problems);
                } else if (NEEDS_EXPRESSION.contains(key) && t.getValueNode() instanceof MappingNode step
                        && onlySettings(step)) {
                    problems.add(Problem.error(file.name(), YamlNodes.line(at), YamlNodes.column(at),
                            key + " has no expression: Camel refuses the route when it starts")
                            .withHint("give its value, e.g. constant: \"x\" or simple: \"${header.y}\""));
                } else if ("choice".equals(key)
                        && YamlNodes.get(t.getValueNode(), "when") instanceof SequenceNode whens) {
                    for (Node when : whens.getValue()) {
                        if (when instanceof MappingNode w && w.getValue().stream()
                                .allMatch(e -> NOT_A_CONDITION.contains(YamlNodes.text(e.getKeyNode())))) {
                            problems.add(Problem.error(file.name(), YamlNodes.line(w), YamlNodes.column(w),
                                    "when has no condition: Camel refuses the route when it starts")
                                    .withHint("give it one beside its steps, e.g."
                                            + " simple: \"${header.type} == 'order'\""));
                        }
                    }
                } else if ("openApi".equals(key) && t.getValueNode() instanceof MappingNode
                        && context.getComponent("rest-openapi") == null) {
                    // Contract-first REST: Camel builds it on the rest-openapi component when the route starts.
                    problems.add(Problem.error(file.name(), YamlNodes.line(at), YamlNodes.column(at),
                            "rest openApi needs Camel's rest-openapi component, which is not installed in Junction")
                            .withHint("./junction build --with rest-openapi adds it, or write the REST verbs"
                                    + " (get:, post:, ...) in the file"));
                } else if ("saga".equals(key) && !context.getRegistry().findByType(CamelSagaService.class).isEmpty()) {
                    // a saga service is bound (a beans: item, or the application): fine
                } else if ("saga".equals(key)) {
                    problems.add(Problem.error(file.name(), YamlNodes.line(at), YamlNodes.column(at),
                            "saga needs a saga service, and none is installed or declared")
                            .withHint("declare one under beans: (type: org.apache.camel.saga.InMemorySagaService "
                                    + "keeps sagas in memory only)"));
                } else if ("circuitBreaker".equals(key) && keyNode(t.getValueNode(), "faultToleranceConfiguration") != null) {
                    Node ft = keyNode(t.getValueNode(), "faultToleranceConfiguration");
                    problems.add(Problem.warning(file.name(), YamlNodes.line(ft), YamlNodes.column(ft),
                            "faultToleranceConfiguration is ignored: Junction's circuit breaker runs on Resilience4j")
                            .withHint("use resilience4jConfiguration (failureRateThreshold, waitDurationInOpenState, ...)"));
                }
                walk(file, t.getValueNode(), onExceptionClasses, problems);
            }
        }
    }

    /**
     * A {@code bean} or {@code process} step's {@code ref}, or a {@code bean:NAME} endpoint, names a bean that is bound (declared under
     * {@code beans:} in some file, or the gateway's own). Camel looks it up when it builds the route, and refuses it.
     */
    private void beanReference(SourceFile file, String key, Node value, List<Problem> problems) {
        Node nameNode;
        String name;
        if ("bean".equals(key) || "process".equals(key) || "transacted".equals(key) || "policy".equals(key)) {
            nameNode = YamlNodes.get(value, "ref");
            name = YamlNodes.text(nameNode);
        } else {
            nameNode = value instanceof org.snakeyaml.engine.v2.nodes.ScalarNode ? value : YamlNodes.get(value, "uri");
            String uri = YamlNodes.text(nameNode);
            name = uri != null && uri.startsWith("bean:") ? uri.substring(5).replaceFirst("[?].*", "") : null;
        }
        if (name == null || name.isBlank() || name.contains("{{") || name.contains("${") || name.contains(".")
                || declaredBeans.contains(name) || context.getRegistry().lookupByName(name) != null) {
            return; // a class name (bean:com.example.Thing) is Camel's to instantiate, not a reference
        }
        problems.add(Problem.error(file.name(), YamlNodes.line(nameNode), YamlNodes.column(nameNode),
                "no bean named '" + name + "': Camel refuses the route when it starts")
                .withHint("declare it under beans: (name: " + name + ", type: the class), or fix the name"));
    }

    /**
     * An exception class named by onException or throwException exists: Camel refuses the route when it starts, with
     * "No type converter available to convert from type: java.lang.String to the required type: java.lang.Class".
     */
    private void exceptionClass(SourceFile file, String step, Node classNode, List<Problem> problems) {
        String name = YamlNodes.text(classNode);
        if (name == null || name.isBlank() || name.contains("{{")) {
            return;
        }
        if (context.getClassResolver().resolveClass(name.strip()) == null) {
            problems.add(Problem.error(file.name(), YamlNodes.line(classNode), YamlNodes.column(classNode),
                    step + ": class " + name.strip() + " not found: Camel refuses the route when it starts")
                    .withHint("name an exception class Junction has (java.lang.Exception, java.io.IOException, ...)"
                            + " or add the library that holds it"));
        }
    }

    /** Step fields whose value names a bean (with or without '#'), which Camel looks up when it builds the route. */
    private static final java.util.Set<String> BEAN_FIELDS = java.util.Set.of("idempotentRepository",
            "aggregationRepository");

    private void namedBean(SourceFile file, String key, Node value, List<Problem> problems) {
        String text = YamlNodes.text(value).strip();
        String name = text.startsWith("#bean:") ? text.substring(6) : text.startsWith("#") ? text.substring(1) : text;
        if (name.isEmpty() || name.contains("{{") || name.contains("${") || name.contains(".")
                || declaredBeans.contains(name) || context.getRegistry().lookupByName(name) != null) {
            return;
        }
        problems.add(Problem.error(file.name(), YamlNodes.line(value), YamlNodes.column(value), key + ": no bean named '"
                + name + "': Camel refuses the route when it starts")
                .withHint("declare it under beans: (name: " + name + ", type: the class), or fix the name"));
    }

    /** A step or data format that holds only settings (id, name, ...), no value. */
    private static boolean onlySettings(MappingNode m) {
        return m.getValue().stream().map(t -> YamlNodes.text(t.getKeyNode())).allMatch(NOT_A_VALUE::contains);
    }

    private static Node keyNode(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (key.equals(YamlNodes.text(t.getKeyNode()))) {
                    return t.getKeyNode();
                }
            }
        }
        return null;
    }

    private void dataFormat(SourceFile file, MappingNode df, List<Problem> problems) {
        for (NodeTuple t : df.getValue()) {
            String name = YamlNodes.text(t.getKeyNode());
            if (name == null || "id".equals(name) || "description".equals(name) || "disabled".equals(name)) {
                continue;
            }
            String format = name;
            if ("json".equals(name)) {
                String library = YamlNodes.text(YamlNodes.get(t.getValueNode(), "library"));
                format = JSON_LIBRARIES.getOrDefault(library == null ? "jackson" : library.toLowerCase(), library);
            }
            if (context.resolveDataFormat(format) == null) {
                problems.add(Problem.error(file.name(), YamlNodes.line(t.getKeyNode()), YamlNodes.column(t.getKeyNode()),
                        "data format '" + format + "' is not installed in Junction")
                        .withHint(AddOnHint.forDataFormat(format)));
            }
        }
    }
}
