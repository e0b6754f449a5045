package io.junction.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The PromQL of deploy/observability (dashboard panels and alerting rules), and the metric names it refers to. */
public final class ObservabilityFiles {

    public static final Path ROOT = Path.of(System.getProperty("junction.root", ".")).toAbsolutePath();
    public static final Path DIR = ROOT.resolve("deploy/observability");
    public static final Path DASHBOARD = DIR.resolve("grafana-dashboard.json");
    public static final Path RULES = DIR.resolve("prometheus-rules.yaml");
    /** Metric families come from these exporters; every other identifier in PromQL is a function or a label. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:junction|camel|jvm|process|http)_[a-zA-Z0-9_]+)");

    private ObservabilityFiles() {
    }

    /** Every target expression of every dashboard panel, with the dashboard's variables given catch-all values. */
    public static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText().replace("$route", ".*"));
            }
        }
        return queries;
    }

    public static List<String> ruleExpressions() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                out.add(rule.path("expr").asText());
            }
        }
        return out;
    }

    public static Set<String> metricNames(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The metric names (samples, not families: {@code _bucket}, {@code _total} included) in Prometheus text. */
    public static Set<String> exported(String prometheusText) {
        Set<String> names = new TreeSet<>();
        for (String line : prometheusText.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int end = 0;
                while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                    end++;
                }
                names.add(line.substring(0, end));
            }
        }
        return names;
    }

    public static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
