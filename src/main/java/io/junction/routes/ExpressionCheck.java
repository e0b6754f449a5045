package io.junction.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Language;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Compiles every simple, jq and JSONPath expression of a route, so a typo is reported at its line instead of
 * failing the first event at run time.
 */
final class ExpressionCheck {

    private static final Set<String> LANGUAGES = Set.of("simple", "jq", "jsonpath", "constant");
    /** Camel's other expression languages: valid YAML everywhere, but each needs its own jar. */
    private static final Set<String> OPTIONAL_LANGUAGES = Set.of("groovy", "js", "python", "ognl", "mvel", "spel",
            "xpath", "xquery", "xtokenize", "datasonnet", "joor", "java", "csimple", "hl7terser", "wasm");
    /** EIPs whose expression is a condition (a predicate) rather than a value. */
    private static final Set<String> PREDICATES = Set.of("filter", "when", "validate", "doWhile", "onWhen",
            "retryWhile", "completionPredicate", "skipSendToOriginalEndpoint");

    private final CamelContext context;

    ExpressionCheck(CamelContext context) {
        this.context = context;
    }

    List<Problem> check(SourceFile file, Node node, boolean template) {
        List<Problem> problems = new ArrayList<>();
        walk(file, node, template, false, problems);
        return problems;
    }

    private void walk(SourceFile file, Node node, boolean template, boolean predicate, List<Problem> problems) {
        if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> walk(file, n, template, predicate, problems));
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = YamlNodes.text(t.getKeyNode());
                if (LANGUAGES.contains(key)) {
                    Node text = t.getValueNode() instanceof ScalarNode ? t.getValueNode()
                            : YamlNodes.get(t.getValueNode(), "expression");
                    compile(file, key, text, template, predicate, problems);
                } else if ("csimple".equals(key)) {
                    // Camel Quarkus compiles csimple when the application is built; routes loaded at run time have none.
                    problems.add(Problem.error(file.name(), YamlNodes.line(t.getKeyNode()),
                            YamlNodes.column(t.getKeyNode()), "csimple expressions are compiled when the gateway is"
                                    + " built: a route file loaded at run time cannot use them")
                            .withHint("write it in simple, which has the same syntax (simple: ...)"));
                } else if (OPTIONAL_LANGUAGES.contains(key) && !installed(key)) {
                    problems.add(Problem.error(file.name(), YamlNodes.line(t.getKeyNode()),
                            YamlNodes.column(t.getKeyNode()), "language '" + key + "' is not installed in Junction")
                            .withHint(AddOnHint.forLanguage(key)));
                }
                walk(file, t.getValueNode(), template, PREDICATES.contains(key), problems);
            }
        }
    }

    private void compile(SourceFile file, String language, Node node, boolean template, boolean predicate,
            List<Problem> problems) {
        String text = YamlNodes.text(node);
        // In a Kamelet template, {{parameters}} are filled in per use; such expressions are checked where used.
        if (text == null || (template && text.contains("{{"))) {
            return;
        }
        int depth = nesting(text);
        if (depth > MAX_NESTING) {
            // Expression parsers recurse once per level (jq's, Jayway's, simple's): deep enough, and the thread's
            // stack ends, at a depth that depends on the thread. Bounded before any parser sees it.
            problems.add(Problem.error(file.name(), YamlNodes.line(node), YamlNodes.column(node), language
                    + " expression nested " + depth + " levels deep, more than " + MAX_NESTING)
                    .withHint("split it into steps (setVariable, then use the variable)"));
            return;
        }
        try {
            Language lang = context.resolveLanguage(language);
            String resolved = context.resolvePropertyPlaceholders(text);
            if ("jsonpath".equals(language)) {
                // Camel compiles JSONPath on first use only; Jayway compiles it here.
                com.jayway.jsonpath.JsonPath.compile(resolved);
            }
            if (predicate) {
                lang.createPredicate(resolved).init(context);
            } else {
                lang.createExpression(resolved).init(context);
            }
        } catch (StackOverflowError e) {
            // Nesting that brackets do not show (jq's if ... then ... end, unary minus): as deep, as fatal.
            problems.add(Problem.error(file.name(), YamlNodes.line(node), YamlNodes.column(node),
                    language + " expression nested too deeply to compile").withHint("split it into steps"));
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().contains("Property with key")) {
                problems.add(EndpointCheck.placeholder(file.name(), YamlNodes.line(node), YamlNodes.column(node), e));
                return;
            }
            problems.add(Problem.error(file.name(), YamlNodes.line(node), YamlNodes.column(node),
                    language + " expression does not compile: " + firstLine(Problem.rootMessage(e))));
        }
    }

    /** Brackets of an expression, as YAML's nesting is bounded: far above any real expression. */
    static final int MAX_NESTING = 100;

    /** The deepest nesting of ( [ { in the text, whatever quotes: an over-count only refuses sooner. */
    static int nesting(String text) {
        int depth = 0;
        int max = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return max;
    }

    private boolean installed(String language) {
        try {
            return context.resolveLanguage(language) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
