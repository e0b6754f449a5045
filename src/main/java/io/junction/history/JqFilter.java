package io.junction.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * A replay's {@code --filter}: a jq expression over the event's JSON payload, in the part of jq that only selects
 * ({@link JqSelection}); the event is replayed when the expression yields a truthy value. An event whose payload is
 * not JSON does not match.
 */
public final class JqFilter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Scope ROOT = Scope.newEmptyScope();

    static {
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, ROOT);
    }

    private final String expression;
    private final JsonQuery query;

    /** @throws IllegalArgumentException when the expression is not a {@link JqSelection} or not jq, with the reason */
    public JqFilter(String expression) {
        this.expression = expression;
        JqSelection.check(expression);
        try {
            this.query = JsonQuery.compile(expression, Versions.JQ_1_6);
        } catch (JsonQueryException e) {
            throw new IllegalArgumentException("--filter '" + expression + "' is not a jq expression: " + e.getMessage());
        } catch (StackOverflowError e) {
            // jq's parser recurses per bracket: a filter of thousands of them is refused, not a 500 (sixth probe).
            throw new IllegalArgumentException("--filter is nested too deeply to be a jq expression");
        }
    }

    public boolean matches(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return false;
        }
        JsonNode input;
        try {
            input = JSON.readTree(payload);
        } catch (java.io.IOException e) {
            return false;
        }
        Outputs out = new Outputs();
        try {
            query.apply(Scope.newChildScope(ROOT), input, out);
        } catch (JsonQueryException e) {
            return false; // e.g. .a.b on an event where .a is a string: not one of the events asked for
        } catch (StackOverflowError e) {
            return false; // an event nested deeper than the filter can walk: not one it can select
        }
        return out.any && out.allTruthy;
    }

    /** Keeps the verdict, not the outputs. */
    private static final class Outputs implements net.thisptr.jackson.jq.Output {
        boolean any;
        boolean allTruthy = true;

        @Override
        public void emit(JsonNode n) {
            any = true;
            allTruthy &= !n.isNull() && !(n.isBoolean() && !n.asBoolean());
        }
    }

    @Override
    public String toString() {
        return expression;
    }
}
