package io.junction.routes;

import java.util.ArrayList;
import java.util.List;

import org.snakeyaml.engine.v2.nodes.Node;

/** What one connector file gave: its template, and what was found wrong. */
final class KameletFile {
    final SourceFile file;
    final List<Problem> problems = new ArrayList<>();
    RouteSet.KameletUnit unit;
    Node template;
    List<Problem> checks;

    KameletFile(SourceFile file) {
        this.file = file;
    }
}
