package io.junction.routes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.snakeyaml.engine.v2.nodes.Node;

/** What one route file gave: its routes and the items that apply beyond them, and what was found wrong. */
final class RouteFile {
    final SourceFile file;
    final List<Problem> problems = new ArrayList<>();
    final Map<String, RouteSet.RouteUnit> routes = new LinkedHashMap<>();
    /** Where each route's id was written (line, column), for duplicate-id errors. */
    final Map<String, int[]> idAt = new HashMap<>();
    final List<RouteConfigurationDefinition> configurations = new ArrayList<>();
    final List<RouteTemplateDefinition> templates = new ArrayList<>();
    /** The YAML of the routes, for the endpoint, expression and direct:/seda: checks. */
    final List<Node> routeNodes = new ArrayList<>();
    /** routeConfiguration items: their preconditions and steps are checked as a route's are. */
    final List<Node> configurationNodes = new ArrayList<>();
    /** The names under the file's beans: items, made or not (a bean that failed has its own problem). */
    final Set<String> beanNames = new java.util.HashSet<>();
    /** Route templates declared in the file: their steps send to direct:/seda: endpoints like a route's. */
    final List<Node> templateNodes = new ArrayList<>();
    final List<Node> templatedNodes = new ArrayList<>();
    final Set<String> restSourced = new LinkedHashSet<>();
    final Map<String, Problem> unnamedRests = new LinkedHashMap<>();
    Node pipeSpec;
    String sharedDigest = "";
    String fileLevelHash;
    List<Problem> checks;
    InternalEndpointCheck internal;

    RouteFile(SourceFile file) {
        this.file = file;
    }
}
