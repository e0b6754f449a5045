package io.junction.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every junction.* key of JunctionConfig with its default, and no other. */
class ConfigurationDocsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(junction\\.[a-z0-9.-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

    /** Key -> default ("" when none), by walking the mapping the way SmallRye names it (kebab-case). */
    static Map<String, String> keys() {
        Map<String, String> keys = new TreeMap<>();
        walk(JunctionConfig.class, "junction", keys);
        return keys;
    }

    private static void walk(Class<?> type, String prefix, Map<String, String> keys) {
        for (Method m : type.getDeclaredMethods()) {
            String name = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            Class<?> r = m.getReturnType();
            if (r.isInterface() && r.getEnclosingClass() != null && r.getName().startsWith(JunctionConfig.class.getName())) {
                walk(r, name, keys);
            } else {
                WithDefault d = m.getAnnotation(WithDefault.class);
                keys.put(name, d == null ? "" : d.value());
            }
        }
    }

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            documented.put(m.group(1), m.group(2).strip());
        }
        Map<String, String> keys = keys();
        assertThat(documented.keySet()).as("docs/configuration.md rows against JunctionConfig")
                .containsExactlyInAnyOrderElementsOf(keys.keySet());
        keys.forEach((key, def) -> assertThat(documented.get(key)).as(key + " default")
                .isEqualTo(def.isEmpty() ? "none" : "`" + def + "`"));
    }

    @Test
    void theMappingReadsTheShippedConfiguration() throws Exception {
        // Every junction.* key of config/application.properties maps to JunctionConfig (a typo would not).
        SmallRyeConfig config = ConfigBuilders.offline()
                .withSources(new io.smallrye.config.PropertiesConfigSource(
                        Path.of("config/application.properties").toUri().toURL(), 260))
                .build();
        JunctionConfig c = config.getConfigMapping(JunctionConfig.class);
        assertThat(c.reload().debounce()).hasMillis(150);
        assertThat(c.headers().allow()).contains("traceparent", "stripe-signature");
        assertThat(c.deadLetter().uri()).isEqualTo("kafka:{route}.dlq");
    }

    @Test
    void walkingTheMappingFindsNestedGroups() {
        assertThat(keys()).containsEntry("junction.health.kafka.enabled", "true")
                .containsEntry("junction.reload.poll-interval", "2s").containsEntry("junction.admin.token", "");
    }
}
