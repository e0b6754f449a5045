package io.junction.history;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * A replay's {@code --filter}: a jq expression over the event's JSON payload (the same jq as the routes'
 * json-filter-action); the event is replayed when the expression yields a truthy value. An event whose payload is
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

    /** @throws IllegalArgumentException when the expression does not compile, with jq's reason */
    public JqFilter(String expression) {
        this.expression = expression;
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
        List<JsonNode> out = new ArrayList<>();
        try {
            query.apply(Scope.newChildScope(ROOT), input, out::add);
        } catch (JsonQueryException e) {
            return false; // e.g. .a.b on an event where .a is a string: not one of the events asked for
        } catch (StackOverflowError e) {
            return false; // an event nested deeper than the filter can walk: not one it can select
        }
        return !out.isEmpty() && out.stream().allMatch(n -> !n.isNull() && !(n.isBoolean() && !n.asBoolean()));
    }

    @Override
    public String toString() {
        return expression;
    }
}
