package io.junction.routes;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renames a template's parameter placeholders in a copy of its definitions: {@code {{topic}}},
 * {@code {{?topic}}} and {@code {{topic:default}}} become {@code {{PREFIX.topic}}} and so on, wherever a string of
 * the Camel model holds them (URIs, expressions, EIP options). Other placeholders ({@code {{env:X}}},
 * configuration keys) are left alone. The model has no generic visitor over its string options, so its fields are
 * walked: model classes only (org.apache.camel.model), collections and maps of them, never a parent pointer.
 */
final class TemplatePlaceholders {

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();
    /** Back-pointers and context: following them would leave the copy. */
    private static final Set<String> SKIP = Set.of("parent", "route", "routeTemplateContext", "camelContext",
            "resource");

    private TemplatePlaceholders() {
    }

    /** Renames in every string reachable from {@code definition}. */
    static void rename(Object definition, Set<String> names, String prefix) {
        if (names.isEmpty()) {
            return;
        }
        new Walk(pattern(names), prefix).visit(definition);
    }

    /** A single value: renamed if it is a string, unchanged otherwise. */
    static Object renamed(Object value, Set<String> names, String prefix) {
        return value instanceof String s && !names.isEmpty() ? replace(s, pattern(names), prefix) : value;
    }

    private static Pattern pattern(Set<String> names) {
        String alternatives = names.stream().sorted((a, b) -> b.length() - a.length()).map(Pattern::quote)
                .collect(Collectors.joining("|"));
        return Pattern.compile("\\{\\{(\\??)(" + alternatives + ")(:[^}]*)?}}");
    }

    private static String replace(String s, Pattern p, String prefix) {
        if (s.indexOf("{{") < 0) {
            return s;
        }
        Matcher m = p.matcher(s);
        return m.find() ? m.replaceAll(r -> Matcher.quoteReplacement("{{" + r.group(1) + prefix + "." + r.group(2)
                + (r.group(3) == null ? "" : r.group(3)) + "}}")) : s;
    }

    private static final class Walk {
        private final Pattern pattern;
        private final String prefix;
        private final Map<Object, Boolean> seen = new IdentityHashMap<>();

        Walk(Pattern pattern, String prefix) {
            this.pattern = pattern;
            this.prefix = prefix;
        }

        void visit(Object o) {
            if (o == null || seen.put(o, Boolean.TRUE) != null) {
                return;
            }
            if (o instanceof Collection<?> c) {
                c.forEach(this::visit);
                return;
            }
            if (o instanceof Map<?, ?> m) {
                m.values().forEach(this::visit);
                return;
            }
            if (!isModel(o.getClass())) {
                return;
            }
            for (Field f : fields(o.getClass())) {
                try {
                    Object v = f.get(o);
                    if (v instanceof String s) {
                        String r = replace(s, pattern, prefix);
                        if (!r.equals(s)) {
                            f.set(o, r);
                        }
                    } else if (v instanceof Map<?, ?> map && !map.isEmpty()) {
                        renameValues(map);
                    } else if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
                        renameStrings(list);
                    } else {
                        visit(v);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + f + " of a connector template", e);
                }
            }
        }

        @SuppressWarnings({ "unchecked", "rawtypes" })
        private void renameValues(Map map) {
            for (Object e : new ArrayList<>(map.entrySet())) {
                Map.Entry entry = (Map.Entry) e;
                if (entry.getValue() instanceof String s) {
                    entry.setValue(replace(s, pattern, prefix));
                } else {
                    visit(entry.getValue());
                }
            }
        }

        @SuppressWarnings({ "unchecked", "rawtypes" })
        private void renameStrings(List list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof String s) {
                    list.set(i, replace(s, pattern, prefix));
                }
            }
        }
    }

    private static boolean isModel(Class<?> c) {
        return c.getName().startsWith("org.apache.camel.model.");
    }

    private static List<Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = t; c != null && isModel(c); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic() && !SKIP.contains(f.getName())) {
                        f.setAccessible(true);
                        out.add(f);
                    }
                }
            }
            return out;
        });
    }
}
