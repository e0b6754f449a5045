package io.junction.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.routes.BoundedYaml;
import org.apache.camel.catalog.impl.DefaultRuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each connector's Kamelet against the component it runs on: every property is used by the template, every option
 * the template passes a property to exists in the component's metadata (generated from its {@code @UriParam}s by
 * Camel's tooling for Junction's own components, shipped with Camel's), and for Junction's own components the
 * property says the same as the option (type, default, allowed values). Every {@code #class:} and bean the
 * connectors name resolves.
 */
class ConnectorSpecTest {

    static final Path CONNECTORS = Path.of("connectors");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_.-]+)}}");
    static DefaultCamelContext camel;
    static DefaultRuntimeCamelCatalog catalog;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        camel = new DefaultCamelContext();
        catalog = new DefaultRuntimeCamelCatalog();
        catalog.setCamelContext(camel);
        catalog.setCaching(true);
        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
    }

    static Stream<Path> connectors() throws Exception {
        return Files.list(CONNECTORS).filter(p -> p.toString().endsWith(".kamelet.yaml")).sorted();
    }

    /** One endpoint of a template: scheme, and the parameters it is given (as written, placeholders included). */
    record Use(String scheme, Map<String, String> parameters) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    @SuppressWarnings("unchecked")
    void theKameletMatchesTheComponentItRunsOn(Path file) throws Exception {
        Map<String, Object> doc = (Map<String, Object>) BoundedYaml.load(Files.readString(file), file.toString());
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition
                .getOrDefault("properties", Map.of());
        Object template = spec.get("template");
        String text = String.valueOf(template);

        // Every property is used by the template (a property nothing reads is a promise nothing keeps).
        Set<String> used = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).as(file + ": properties the template uses").containsAll(properties.keySet());

        List<Use> uses = new ArrayList<>();
        collect(template, uses);
        for (Use use : uses) {
            String schema = catalog.componentJSonSchema(use.scheme());
            if (schema == null) {
                continue; // kamelet:source and kamelet:sink
            }
            JsonNode options = JSON.readTree(schema).get("properties");
            boolean own = use.scheme().startsWith("junction-");
            use.parameters().forEach((option, value) -> {
                assertThat(knows(options, option)).as("%s: %s has no option %s", file, use.scheme(), option).isTrue();
                Matcher p = PLACEHOLDER.matcher(value);
                if (own && p.matches() && properties.containsKey(p.group(1)) && options.has(option)) {
                    sameSpec(file + ": " + p.group(1) + " -> " + use.scheme() + " " + option,
                            properties.get(p.group(1)), options.get(option));
                }
            });
        }

        // Every class and bean the connector names exists.
        Matcher classes = Pattern.compile("#class:([\\w.$]+)|beanType: \"?([\\w.$]+)").matcher(
                Files.readString(file));
        while (classes.find()) {
            String name = classes.group(1) != null ? classes.group(1) : classes.group(2);
            assertThat(classExists(name)).as(file + ": class " + name).isTrue();
        }
        List<Map<String, Object>> beans = (List<Map<String, Object>>) ((Map<String, Object>) template)
                .getOrDefault("beans", List.of());
        Set<String> beanNames = new TreeSet<>();
        beans.forEach(b -> beanNames.add(String.valueOf(b.get("name"))));
        Matcher refs = Pattern.compile("ref: \"\\{\\{(\\w+)}}\"").matcher(Files.readString(file));
        while (refs.find()) {
            assertThat(beanNames).as(file + ": bean " + refs.group(1)).contains(refs.group(1));
        }
    }

    /** A property of the Kamelet and the option it sets say the same. */
    static void sameSpec(String what, Map<String, Object> property, JsonNode option) {
        String type = String.valueOf(property.get("type"));
        String optionType = option.path("type").asText();
        assertThat(compatible(type, optionType)).as(what + ": type " + type + " against " + optionType).isTrue();
        if (option.has("defaultValue")) {
            String declared = String.valueOf(property.get("default"));
            String actual = option.get("defaultValue").asText();
            if (option.get("defaultValue").isNumber() && declared.matches("-?[0-9.]+")) {
                assertThat(Double.parseDouble(declared)).as(what + ": default")
                        .isEqualTo(option.get("defaultValue").asDouble());
            } else {
                assertThat(declared).as(what + ": default").isEqualTo(actual);
            }
        }
        if (option.has("enum") && property.containsKey("enum")) {
            List<String> values = new ArrayList<>();
            option.get("enum").forEach(v -> values.add(v.asText()));
            assertThat(((List<?>) property.get("enum")).stream().map(String::valueOf).toList()).as(what + ": enum")
                    .containsExactlyInAnyOrderElementsOf(values);
        }
    }

    static boolean compatible(String kamelet, String component) {
        return switch (component) {
            case "integer" -> kamelet.equals("integer");
            case "number" -> kamelet.equals("number") || kamelet.equals("integer");
            case "boolean" -> kamelet.equals("boolean");
            default -> kamelet.equals("string");
        };
    }

    /** An option of the component, or a prefix option (additionalProperties., arg., ...) it accepts. */
    static boolean knows(JsonNode options, String option) {
        if (options.has(option)) {
            return true;
        }
        for (JsonNode o : options) {
            String prefix = o.path("prefix").asText("");
            if (!prefix.isEmpty() && option.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Every {@code uri} of the template with its {@code parameters} and the options written in the URI. */
    @SuppressWarnings("unchecked")
    static void collect(Object node, List<Use> into) {
        if (node instanceof Map<?, ?> map) {
            Object uri = map.get("uri");
            if (uri instanceof String u && u.contains(":") && !u.contains("${")) {
                Map<String, String> params = new LinkedHashMap<>();
                int q = u.indexOf('?');
                if (q > 0) {
                    for (String kv : u.substring(q + 1).split("&")) {
                        int eq = kv.indexOf('=');
                        params.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
                    }
                }
                if (map.get("parameters") instanceof Map<?, ?> p) {
                    p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
                }
                into.add(new Use(u.substring(0, u.indexOf(':')), params));
            }
            ((Map<String, Object>) map).values().forEach(v -> collect(v, into));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, into));
        }
    }

    static boolean classExists(String name) {
        try {
            Class.forName(name, false, ConnectorSpecTest.class.getClassLoader()); // nested classes keep their '$'
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
