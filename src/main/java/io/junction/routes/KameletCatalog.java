package io.junction.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.camel.model.RouteTemplateDefinition;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What Junction says about Kamelets of the Apache Camel Kamelet catalog: which Junction connector does the same job,
 * and how the parameters map (apache-kamelet-catalog.yaml beside this class). Where the mapping is exact the Apache
 * name runs as the Junction connector; otherwise the catalog's own Kamelet runs ({@link ApacheKamelets}) and this
 * is the advice a warning gives.
 */
final class KameletCatalog {

    /** One Apache Kamelet: its Junction counterpart (or null), parameter mapping, exactness and a note. */
    record Entry(String name, String connector, Map<String, String> parameters, boolean alias, String note) {

        /** "use kamelet:X (a → b, c → d; not in Junction: e)" and the note. */
        String advice() {
            StringBuilder sb = new StringBuilder();
            if (connector != null) {
                sb.append("use kamelet:").append(connector);
                StringJoiner mapped = new StringJoiner(", ");
                StringJoiner missing = new StringJoiner(", ");
                parameters.forEach((from, to) -> {
                    if (to == null) {
                        missing.add(from);
                    } else {
                        mapped.add(from + " → " + to);
                    }
                });
                sb.append(" (parameters: ").append(mapped);
                if (missing.length() > 0) {
                    sb.append("; no equivalent: ").append(missing);
                }
                sb.append(")");
            }
            if (note != null) {
                sb.append(sb.length() > 0 ? "; " : "").append(note);
            }
            return sb.toString();
        }
    }

    private static final Map<String, Entry> ENTRIES = read();

    private KameletCatalog() {
    }

    static Entry get(String apacheName) {
        return ENTRIES.get(apacheName);
    }

    /** Apache names that run as a Junction connector, given the connectors loaded now. */
    static void addAliases(Map<String, RouteSet.KameletUnit> kamelets) {
        for (Entry e : ENTRIES.values()) {
            RouteSet.KameletUnit target = e.connector() == null ? null : kamelets.get(e.connector());
            if (e.alias() && target != null && !kamelets.containsKey(e.name())) {
                RouteTemplateDefinition t = target.template();
                // Camel instantiates a template by copying its route, so two templates may share one definition.
                RouteTemplateDefinition alias = new RouteTemplateDefinition();
                alias.setId(e.name());
                alias.setRoute(t.getRoute());
                alias.setTemplateParameters(t.getTemplateParameters());
                alias.setTemplateBeans(t.getTemplateBeans());
                alias.setResource(t.getResource());
                alias.setCamelContext(t.getCamelContext());
                alias.setLocation(t.getLocation());
                alias.setLineNumber(t.getLineNumber());
                kamelets.put(e.name(), new RouteSet.KameletUnit(e.name(), target.file(), target.line(), alias,
                        target.kamelets(), target.parameters()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Entry> read() {
        try (InputStream in = KameletCatalog.class.getResourceAsStream("apache-kamelet-catalog.yaml")) {
            Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
            Map<String, Entry> entries = new LinkedHashMap<>();
            doc.forEach((name, v) -> {
                Map<String, Object> m = (Map<String, Object>) v;
                Map<String, String> params = new LinkedHashMap<>();
                ((Map<String, Object>) m.getOrDefault("parameters", Map.of()))
                        .forEach((k, to) -> params.put(k, to == null ? null : String.valueOf(to)));
                entries.put(name, new Entry(name, (String) m.get("connector"), params,
                        Boolean.TRUE.equals(m.get("alias")), (String) m.get("note")));
            });
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
