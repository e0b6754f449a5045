package io.junction.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.model.language.SimpleExpression;
import org.apache.camel.support.DefaultExchange;

/**
 * Camel leaves out a route whose precondition (a simple predicate, placeholders resolved) is false when it loads the
 * file: nothing the route names is ever resolved, so the checks leave it alone too. A precondition that cannot be
 * evaluated counts as true here; EipCheck reports why.
 */
final class Preconditions {

    private Preconditions() {
    }

    static boolean excludes(CamelContext context, String precondition) {
        if (precondition == null || precondition.isBlank()) {
            return false;
        }
        try {
            SimpleExpression predicate = new SimpleExpression(precondition);
            predicate.initPredicate(context);
            predicate.getPredicate().initPredicate(context);
            return !predicate.getPredicate().matches(new DefaultExchange(context));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
