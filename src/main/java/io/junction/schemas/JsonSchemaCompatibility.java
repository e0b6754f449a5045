package io.junction.schemas;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.junction.schemas.SchemaChange.Rule;

/**
 * Whether every instance valid under a writer's JSON Schema is valid under a reader's, judged from the schemas'
 * structure the way Confluent's and Apicurio's registries judge it. The check is conservative: where it does not
 * understand a construct it reports nothing rather than a false alarm, and it never throws on a keyword it does not
 * know.
 *
 * <p>Rules, each a {@link Rule} (W = the writer's schema at a place, R = the reader's):
 * <ul>
 * <li>REQUIRED_ADDED: R's {@code required} names a field W's does not.</li>
 * <li>TYPE_NARROWED: R's {@code type} set does not cover W's; {@code integer} is within {@code number}, no
 * {@code type} means any.</li>
 * <li>ENUM_NARROWED: W's {@code enum}/{@code const} values are not all in R's {@code enum}, or R adds an {@code enum}
 * where W had none. CONST_CHANGED: likewise for R's {@code const}. Numbers compare by value (1 = 1.0).</li>
 * <li>CONSTRAINT_TIGHTENED: {@code minimum}/{@code exclusiveMinimum} up (draft-4 boolean form too),
 * {@code maximum}/{@code exclusiveMaximum} down, {@code multipleOf} added or not dividing W's, {@code minLength},
 * {@code minItems}, {@code minProperties} up, {@code maxLength}, {@code maxItems}, {@code maxProperties} down,
 * {@code uniqueItems} added, {@code pattern} or {@code format} added or changed.</li>
 * <li>CONTENT_MODEL_CLOSED: R has {@code additionalProperties: false}, W lets undeclared fields in.</li>
 * <li>PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: W declares a field R neither declares nor lets in.</li>
 * <li>PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL (Confluent's name): R declares a field, with anything more than
 * annotations, that W does not declare while letting undeclared fields in: W's data may carry it with another type.
 * Where W's {@code additionalProperties} is a schema, R's declaration is compared with that schema instead.</li>
 * <li>NOTHING_ALLOWED: R is {@code false} where W allows something.</li>
 * <li>NO_ALTERNATIVE_MATCHES: R has an {@code anyOf}/{@code oneOf} that W lacks, and for one of W's types (or
 * enum values, or, where W is itself nothing but an {@code anyOf}/{@code oneOf}, one of W's alternatives) no single
 * alternative accepts all W allows. A best effort: {@code oneOf}'s "exactly one" is not
 * checked, and a type W's data spreads over several alternatives is reported.</li>
 * </ul>
 * Subschemas are compared recursively: {@code properties}, {@code additionalProperties} schemas, {@code items} in
 * its object and array forms, {@code prefixItems}, {@code additionalItems}, and R's {@code allOf} branches each
 * against W. Object, array, number and string rules apply only where both sides allow that type. Local {@code $ref}s
 * ({@code #/definitions/x}, {@code #/$defs/x}, any {@code #/pointer}) are followed within each document and the
 * break is located in the definition; other refs are taken as equal when their text is, and otherwise say nothing;
 * keywords beside a {@code $ref} are ignored, as drafts 4 to 7 do. A recursive schema is compared once per pair of
 * places.
 *
 * <p>A W that is nothing but an {@code anyOf}/{@code oneOf} (annotations aside) is compared alternative by
 * alternative: R must read each. Left out, so never reported: {@code not}, {@code if/then/else}; any other
 * combinator W has ({@code allOf}, {@code anyOf} or {@code oneOf} beside other keywords, ...) unless R has the same one, equal as JSON, in which case the rest of the two
 * schemas is still compared (refs inside are not re-resolved); {@code patternProperties} (fields either side's
 * patterns match are skipped, and so is the closed-model rule when R has patterns), {@code propertyNames},
 * {@code dependencies}/{@code dependentRequired}/{@code dependentSchemas}, {@code contains},
 * {@code unevaluatedProperties}/{@code unevaluatedItems}, {@code contentEncoding}/{@code contentMediaType}; bounds or
 * patterns R places on W's enum values (only their types and membership are checked); bounds equivalent for integers
 * only (exclusiveMinimum 0 against minimum 1).
 */
public final class JsonSchemaCompatibility {

    private static final Set<String> COMBINATORS = Set.of("allOf", "anyOf", "oneOf", "not", "if", "then", "else");
    /** Keywords that leave a schema accepting anything. */
    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "default", "examples", "$comment",
            "deprecated", "readOnly", "writeOnly", "$id", "id", "$schema", "$anchor", "definitions", "$defs");
    private static final List<String> ALL_TYPES = List.of("null", "boolean", "object", "array", "number", "string");
    private static final ObjectNode ANY = JsonNodeFactory.instance.objectNode();
    /** Beyond any sane schema's nesting; stops a recursion the visit guard would not. */
    private static final int MAX_DEPTH = 200;
    private static final String NEW_VERSION = "the new version";

    /** Which side is the version being changed, so advice names the schema one can still edit. */
    private enum NewSide { READER, WRITER, UNKNOWN }

    private final JsonNode readerRoot;
    private final JsonNode writerRoot;
    private final String readerName;
    private final String writerName;
    private final NewSide newSide;
    private final int version;
    private final List<SchemaChange> changes = new ArrayList<>();
    private final Set<Visit> inProgress = new HashSet<>();

    private JsonSchemaCompatibility(JsonNode reader, JsonNode writer, String readerName, String writerName,
            NewSide newSide, int version) {
        this.readerRoot = reader;
        this.writerRoot = writer;
        this.readerName = readerName;
        this.writerName = writerName;
        this.newSide = newSide;
        this.version = version;
    }

    /**
     * What keeps data valid under {@code writer} from being valid under {@code reader}; empty when nothing does, as far
     * as these rules see. Pointers are in the reader's document, versions 0.
     */
    public static List<SchemaChange> check(JsonNode reader, JsonNode writer) {
        return new JsonSchemaCompatibility(reader, writer, "the reader schema", "the writer schema", NewSide.UNKNOWN, 0)
                .run();
    }

    /** {@link #check(Compatibility, NavigableMap, JsonNode)} with the earlier versions numbered 1, 2, ... */
    public static List<SchemaChange> check(Compatibility mode, List<JsonNode> earlierVersionsOldestFirst,
            JsonNode candidate) {
        NavigableMap<Integer, JsonNode> numbered = new TreeMap<>();
        for (int i = 0; i < earlierVersionsOldestFirst.size(); i++) {
            numbered.put(i + 1, earlierVersionsOldestFirst.get(i));
        }
        return check(mode, numbered, candidate);
    }

    /**
     * The breaks that keep {@code candidate} from following the earlier versions under {@code mode}: BACKWARD checks
     * it reads what the latest earlier version wrote, FORWARD that the latest earlier version reads what it writes,
     * FULL both, the transitive modes against every earlier version (oldest first), NONE nothing. Each change names
     * the version it is against; pointers are in the candidate's document.
     */
    public static List<SchemaChange> check(Compatibility mode, NavigableMap<Integer, JsonNode> earlierVersions,
            JsonNode candidate) {
        Map<Integer, JsonNode> against = mode.against(earlierVersions);
        if (against.isEmpty()) {
            return List.of();
        }
        List<SchemaChange> all = new ArrayList<>();
        against.forEach((number, earlier) -> {
            String old = "version " + number;
            if (mode.backward()) {
                all.addAll(new JsonSchemaCompatibility(candidate, earlier, NEW_VERSION, old, NewSide.READER, number)
                        .run());
            }
            if (mode.forward()) {
                all.addAll(new JsonSchemaCompatibility(earlier, candidate, old, NEW_VERSION, NewSide.WRITER, number)
                        .run());
            }
        });
        return List.copyOf(all);
    }

    private List<SchemaChange> run() {
        compare(readerRoot, "", writerRoot, "", "", 0);
        return List.copyOf(changes);
    }

    /** Records why data valid under {@code w} may be invalid under {@code r}; rp and wp are their pointers. */
    private void compare(JsonNode r, String rp, JsonNode w, String wp, String field, int depth) {
        if (depth > MAX_DEPTH || isTrue(r)) {
            return;
        }
        Located reader = resolve(readerRoot, r, rp);
        Located writer = resolve(writerRoot, w == null ? ANY : w, wp);
        if (reader == null || writer == null) {
            return; // a $ref this document cannot resolve (another file, an anchor, nowhere): not judged
        }
        r = reader.node();
        rp = reader.pointer();
        w = writer.node().isBoolean() && writer.node().booleanValue() ? ANY : writer.node();
        wp = writer.pointer();
        if (isTrue(r) || isFalse(w) || !w.isObject()) {
            return; // the reader takes anything, or the writer writes nothing, or the writer is not a schema
        }
        if (isFalse(r)) {
            report(Rule.NOTHING_ALLOWED, rp, wp, field, "%R allows nothing at " + what(field)
                    + " (schema false) but %W allows values there", "allow it in %R", "forbid it in %W too (false)");
            return;
        }
        if (!r.isObject()) {
            return;
        }
        Visit visit = new Visit(r, w);
        if (inProgress.add(visit)) {
            try {
                compareSchemas(r, rp, w, wp, field, depth);
            } finally {
                inProgress.remove(visit);
            }
        }
    }

    private void compareSchemas(JsonNode r, String rp, JsonNode w, String wp, String field, int depth) {
        String writerUnion = onlyUnion(w);
        if (writerUnion != null && !w.get(writerUnion).equals(r.get(writerUnion))) {
            // The writer's data is what one of its alternatives allows: each must be readable on its own.
            JsonNode alternatives = w.get(writerUnion);
            for (int i = 0; i < alternatives.size(); i++) {
                compare(r, rp, alternatives.get(i), wp + "/" + writerUnion + "/" + i, field, depth + 1);
            }
            return;
        }
        for (String combinator : COMBINATORS) {
            if (w.has(combinator) && !w.get(combinator).equals(r.get(combinator))) {
                return; // part of what the writer allows is inside a combinator the rules do not follow
            }
        }
        List<JsonNode> writerValues = finiteValues(w);
        Set<String> rTypes = types(r);
        Set<String> wTypes = writerValues != null ? typesOf(writerValues) : types(w);
        compareTypes(rTypes, rp, wTypes, wp, field);
        compareValues(r, rp, writerValues, wp, field);

        JsonNode allOf = r.get("allOf");
        if (allOf != null && allOf.isArray() && !allOf.equals(w.get("allOf"))) {
            for (int i = 0; i < allOf.size(); i++) {
                compare(allOf.get(i), rp + "/allOf/" + i, w, wp, field, depth + 1);
            }
        }
        for (String union : List.of("anyOf", "oneOf")) {
            JsonNode alternatives = r.get(union);
            if (alternatives != null && alternatives.isArray() && !alternatives.equals(w.get(union))) {
                compareAlternatives(union, alternatives, rp, w, wp, writerValues, wTypes, field, depth);
            }
        }
        if (writerValues != null) {
            return; // the writer's data is those values: their types and membership were all to check
        }
        if (allows(rTypes, "object") && allows(wTypes, "object")) {
            compareObjects(r, rp, w, wp, field, depth);
        }
        if (allows(rTypes, "array") && allows(wTypes, "array")) {
            compareArrays(r, rp, w, wp, field, depth);
        }
        if (allows(rTypes, "integer") && allows(wTypes, "integer")) {
            compareBound(lowerBound(r), rp, lowerBound(w), wp, field, true);
            compareBound(upperBound(r), rp, upperBound(w), wp, field, false);
            compareMultipleOf(r, rp, w, wp, field);
        }
        if (allows(rTypes, "string") && allows(wTypes, "string")) {
            compareCount("minLength", r, rp, w, wp, field, true);
            compareCount("maxLength", r, rp, w, wp, field, false);
            compareText("pattern", r, rp, w, wp, field);
            compareText("format", r, rp, w, wp, field);
        }
    }

    private void compareTypes(Set<String> rTypes, String rp, Set<String> wTypes, String wp, String field) {
        if (rTypes == null) {
            return;
        }
        List<String> missing = (wTypes == null ? ALL_TYPES : wTypes).stream().filter(t -> !allows(rTypes, t)).toList();
        if (!missing.isEmpty()) {
            String readerTypes = String.join(" or ", rTypes);
            report(Rule.TYPE_NARROWED, rp + "/type", wp + "/type", field,
                    "%R allows " + what(field) + " to be only " + readerTypes + " but %W "
                            + (wTypes == null ? "allows any type" : "also allows " + String.join(" and ", missing))
                            + ": data written with %W may hold a value of type " + String.join(" or ", missing),
                    "let \"type\" in %R include " + String.join(" and ", missing),
                    "keep \"type\" in %W within " + readerTypes);
        }
    }

    /** The reader's enum and const against the writer's values ({@code null}: any value of its types). */
    private void compareValues(JsonNode r, String rp, List<JsonNode> writerValues, String wp, String field) {
        if (r.has("const")) {
            JsonNode expected = r.get("const");
            List<JsonNode> others = writerValues == null ? null
                    : writerValues.stream().filter(v -> !sameValue(v, expected)).toList();
            if (others == null || !others.isEmpty()) {
                report(Rule.CONST_CHANGED, rp + "/const", wp + "/const", field,
                        "%R requires " + what(field) + " to be " + expected + " but %W allows "
                                + (others == null ? "other values" : join(others)),
                        "drop \"const\" from %R or give it %W's value", "keep \"const\" " + expected + " in %W");
            }
        }
        JsonNode allowed = r.get("enum");
        if (allowed != null && allowed.isArray()) {
            List<JsonNode> listed = new ArrayList<>();
            allowed.forEach(listed::add);
            List<JsonNode> missing = writerValues == null ? null
                    : writerValues.stream().filter(v -> listed.stream().noneMatch(a -> sameValue(a, v))).toList();
            if (missing == null) {
                report(Rule.ENUM_NARROWED, rp + "/enum", wp, field,
                        "%R allows " + what(field) + " only the values " + join(listed)
                                + " but %W has no \"enum\": data written with %W may hold other values",
                        "drop \"enum\" from %R", "keep \"enum\" " + join(listed) + " in %W");
            } else if (!missing.isEmpty()) {
                report(Rule.ENUM_NARROWED, rp + "/enum", wp + "/enum", field,
                        "%R allows " + what(field) + " only the values " + join(listed) + " but %W also allows "
                                + join(missing) + ": data written with %W may hold those values",
                        "add " + join(missing) + " to \"enum\" in %R",
                        "keep \"enum\" in %W within " + join(listed));
            }
        }
    }

    /** "anyOf" or "oneOf" when that union (an array) is all the schema asserts, else null. */
    private static String onlyUnion(JsonNode w) {
        String union = null;
        for (var it = w.fieldNames(); it.hasNext();) {
            String name = it.next();
            if ((name.equals("anyOf") || name.equals("oneOf")) && w.get(name).isArray() && union == null) {
                union = name;
            } else if (!ANNOTATIONS.contains(name)) {
                return null;
            }
        }
        return union;
    }

    /** Best effort for a reader's union: each of the writer's types (or values) must fit one alternative whole. */
    private void compareAlternatives(String union, JsonNode alternatives, String rp, JsonNode w, String wp,
            List<JsonNode> writerValues, Set<String> wTypes, String field, int depth) {
        Map<String, JsonNode> slices = new LinkedHashMap<>();
        if (writerValues != null) {
            for (JsonNode value : writerValues) {
                slices.put("value " + value, JsonNodeFactory.instance.objectNode().set("const", value));
            }
        } else if (wTypes != null && wTypes.size() == 1) {
            slices.put(wTypes.iterator().next(), w);
        } else {
            for (String type : wTypes == null ? ALL_TYPES : wTypes) {
                // Shallow: the slice shares the writer's subschemas, so the visit guard still sees their identity.
                ObjectNode slice = JsonNodeFactory.instance.objectNode();
                slice.setAll((ObjectNode) w);
                slices.put(type, slice.put("type", type));
            }
        }
        for (Map.Entry<String, JsonNode> slice : slices.entrySet()) {
            if (!anyAccepts(alternatives, rp + "/" + union, slice.getValue(), wp, field, depth)) {
                report(Rule.NO_ALTERNATIVE_MATCHES, rp + "/" + union, wp, field,
                        "none of %R's " + union + " alternatives for " + what(field) + " accepts every "
                                + slice.getKey() + " %W allows there",
                        "add an alternative to %R's " + union + " that accepts it",
                        "keep %W within one of %R's alternatives");
                return;
            }
        }
    }

    private boolean anyAccepts(JsonNode alternatives, String pointer, JsonNode w, String wp, String field,
            int depth) {
        for (int i = 0; i < alternatives.size(); i++) {
            int mark = changes.size();
            compare(alternatives.get(i), pointer + "/" + i, w, wp, field, depth + 1);
            boolean accepted = changes.size() == mark;
            changes.subList(mark, changes.size()).clear(); // a trial: its findings are not breaks
            if (accepted) {
                return true;
            }
        }
        return false;
    }

    private void compareObjects(JsonNode r, String rp, JsonNode w, String wp, String field, int depth) {
        Set<String> writerRequired = names(w.get("required"));
        JsonNode required = r.get("required");
        if (required != null && required.isArray()) {
            for (int i = 0; i < required.size(); i++) {
                String name = required.get(i).asText();
                if (required.get(i).isTextual() && !writerRequired.contains(name)) {
                    String f = join(field, name);
                    report(Rule.REQUIRED_ADDED, rp + "/required/" + i, property(wp, name), f,
                            "%R requires " + what(f) + " but %W does not: data written with %W may lack it",
                            "leave it out of \"required\" in %R", "keep it in \"required\" in %W");
                }
            }
        }
        JsonNode rProps = objectOrEmpty(r.get("properties"));
        JsonNode wProps = objectOrEmpty(w.get("properties"));
        JsonNode rExtra = r.get("additionalProperties");
        JsonNode wExtra = w.get("additionalProperties");
        Set<String> names = new LinkedHashSet<>();
        rProps.fieldNames().forEachRemaining(names::add);
        wProps.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String f = join(field, name);
            String rpp = property(rp, name);
            String wpp = property(wp, name);
            JsonNode rProp = rProps.get(name);
            JsonNode wProp = wProps.get(name);
            if (rProp != null && wProp != null) {
                compare(rProp, rpp, wProp, wpp, f, depth + 1);
            } else if (rProp != null) {
                if (patternMatches(w, name) || isFalse(wExtra)) {
                    continue; // the writer's patterns decide (not followed), or the writer never wrote this field
                }
                if (!isTrue(wExtra)) {
                    compare(rProp, rpp, wExtra, wp + "/additionalProperties", f, depth + 1);
                } else if (!acceptsAnything(rProp, rpp)) {
                    report(Rule.PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, rpp, wpp, f,
                            "%R declares " + what(f) + " but %W does not and allows undeclared fields"
                                    + ": data written with %W may carry " + name + " with another type",
                            "declare it in %R without constraints ({})", "keep declaring it in %W");
                }
            } else if (!patternMatches(r, name) && !isFalse(wProp) && !isTrue(rExtra)) {
                if (isFalse(rExtra)) {
                    report(Rule.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL, rp + "/additionalProperties", wpp, f,
                            "%W declares " + what(f) + " but %R neither declares it nor allows undeclared fields"
                                    + " (additionalProperties: false): data written with %W may carry it",
                            "keep declaring it in %R", "leave it out of %W");
                } else {
                    compare(rExtra, rp + "/additionalProperties", wProp, wpp, f, depth + 1);
                }
            }
        }
        // Fields neither side declares: the reader's additionalProperties must take what the writer's lets in.
        if (!isTrue(rExtra) && !isFalse(wExtra) && !r.has("patternProperties")) {
            if (isFalse(rExtra)) {
                report(Rule.CONTENT_MODEL_CLOSED, rp + "/additionalProperties", wp + "/additionalProperties", field,
                        "%R refuses fields it does not declare in " + what(field)
                                + " (additionalProperties: false) but %W allows them: data written with %W"
                                + " may carry such fields",
                        "leave additionalProperties open in %R", "close %W too (additionalProperties: false)");
            } else {
                compare(rExtra, rp + "/additionalProperties", wExtra, wp + "/additionalProperties",
                        join(field, "*"), depth + 1);
            }
        }
        compareCount("minProperties", r, rp, w, wp, field, true);
        compareCount("maxProperties", r, rp, w, wp, field, false);
    }

    private void compareArrays(JsonNode r, String rp, JsonNode w, String wp, String field, int depth) {
        Items rItems = Items.of(r);
        Items wItems = Items.of(w);
        for (int i = 0; i < Math.max(rItems.tuple().size(), wItems.tuple().size()); i++) {
            JsonNode ws = wItems.at(i);
            if (isFalse(ws)) {
                break; // the writer's arrays end before this position
            }
            compare(rItems.at(i), rp + rItems.pointer(i), ws, wp + wItems.pointer(i), field + "[" + i + "]",
                    depth + 1);
        }
        compare(rItems.rest(), rp + "/" + rItems.restKey(), wItems.rest(), wp + "/" + wItems.restKey(),
                field + "[]", depth + 1);
        compareCount("minItems", r, rp, w, wp, field, true);
        compareCount("maxItems", r, rp, w, wp, field, false);
        if (r.path("uniqueItems").asBoolean(false) && !w.path("uniqueItems").asBoolean(false)) {
            tightened(field, "uniqueItems", r.get("uniqueItems"), rp, null, null, wp);
        }
    }

    /** An array schema's positional items (prefixItems, or items in array form) and the schema for the rest. */
    private record Items(List<JsonNode> tuple, String tupleKey, JsonNode rest, String restKey) {
        static Items of(JsonNode s) {
            JsonNode prefix = s.get("prefixItems");
            JsonNode items = s.get("items");
            if (prefix != null && prefix.isArray()) {
                return new Items(list(prefix), "prefixItems", items, "items");
            }
            if (items != null && items.isArray()) {
                return new Items(list(items), "items", s.get("additionalItems"), "additionalItems");
            }
            return new Items(List.of(), "items", items, "items");
        }

        JsonNode at(int i) {
            return i < tuple.size() ? tuple.get(i) : rest;
        }

        String pointer(int i) {
            return i < tuple.size() ? "/" + tupleKey + "/" + i : "/" + restKey;
        }
    }

    private record Bound(String keyword, JsonNode value, boolean exclusive) {
    }

    private static Bound lowerBound(JsonNode s) {
        return stricter(bound(s, "minimum", "exclusiveMinimum"), bound(s, "exclusiveMinimum", null), true);
    }

    private static Bound upperBound(JsonNode s) {
        return stricter(bound(s, "maximum", "exclusiveMaximum"), bound(s, "exclusiveMaximum", null), false);
    }

    /** keyword's number; draft 4's boolean exclusiveMinimum/Maximum makes minimum/maximum exclusive. */
    private static Bound bound(JsonNode s, String keyword, String draft4Flag) {
        JsonNode value = s.get(keyword);
        if (value == null || !value.isNumber()) {
            return null;
        }
        JsonNode flag = draft4Flag == null ? null : s.get(draft4Flag);
        boolean exclusive = draft4Flag == null || (flag != null && flag.isBoolean() && flag.booleanValue());
        return new Bound(keyword, value, exclusive);
    }

    private static Bound stricter(Bound a, Bound b, boolean lower) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return tighter(a, b, lower) ? a : b;
    }

    /** Whether a admits fewer numbers than b on that side. */
    private static boolean tighter(Bound a, Bound b, boolean lower) {
        int order = a.value().decimalValue().compareTo(b.value().decimalValue());
        return (lower ? order > 0 : order < 0) || (order == 0 && a.exclusive() && !b.exclusive());
    }

    private void compareBound(Bound r, String rp, Bound w, String wp, String field, boolean lower) {
        if (r != null && (w == null || tighter(r, w, lower))) {
            tightened(field, r.keyword(), r.value(), rp, w == null ? null : w.keyword(), w == null ? null : w.value(),
                    wp);
        }
    }

    private void compareMultipleOf(JsonNode r, String rp, JsonNode w, String wp, String field) {
        JsonNode rm = r.get("multipleOf");
        JsonNode wm = w.get("multipleOf");
        if (rm == null || !rm.isNumber() || rm.decimalValue().signum() <= 0) {
            return;
        }
        boolean divides = wm != null && wm.isNumber()
                && wm.decimalValue().remainder(rm.decimalValue()).signum() == 0;
        if (!divides) {
            tightened(field, "multipleOf", rm, rp, wm == null ? null : "multipleOf", wm, wp);
        }
    }

    /** A minimum (at least) or maximum count: minLength, maxItems, ... */
    private void compareCount(String keyword, JsonNode r, String rp, JsonNode w, String wp, String field,
            boolean minimum) {
        JsonNode rv = r.get(keyword);
        JsonNode wv = w.get(keyword);
        if (rv == null || !rv.isNumber()) {
            return;
        }
        boolean tighter = wv == null || !wv.isNumber()
                ? !minimum || rv.decimalValue().signum() > 0
                : rv.decimalValue().compareTo(wv.decimalValue()) * (minimum ? 1 : -1) > 0;
        if (tighter) {
            tightened(field, keyword, rv, rp, wv == null ? null : keyword, wv, wp);
        }
    }

    /** pattern and format: any reader value the writer does not have word for word. */
    private void compareText(String keyword, JsonNode r, String rp, JsonNode w, String wp, String field) {
        JsonNode rv = r.get(keyword);
        JsonNode wv = w.get(keyword);
        if (rv != null && rv.isTextual() && !rv.equals(wv)) {
            tightened(field, keyword, rv, rp, wv == null ? null : keyword, wv, wp);
        }
    }

    private void tightened(String field, String rKeyword, JsonNode rValue, String rp, String wKeyword,
            JsonNode wValue, String wp) {
        report(Rule.CONSTRAINT_TIGHTENED, rp + "/" + rKeyword, wp + "/" + (wKeyword == null ? rKeyword : wKeyword),
                field,
                "%R constrains " + what(field) + " with " + rKeyword + " " + rValue + " where %W has "
                        + (wKeyword == null ? "no " + rKeyword : wKeyword + " " + wValue)
                        + ": data written with %W may not satisfy it",
                "keep " + rKeyword + " in %R no stricter than in %W",
                "keep %W's " + rKeyword + " as strict as %R's");
    }

    /**
     * Adds a break. problem and the two fixes use %R and %W for the reader's and writer's names; the fix given is the
     * one in the schema being changed (both when that is unknown).
     */
    private void report(Rule rule, String readerPointer, String writerPointer, String field, String problem,
            String fixInReader, String fixInWriter) {
        String fix = switch (newSide) {
            case READER -> fixInReader;
            case WRITER -> fixInWriter;
            case UNKNOWN -> fixInReader + ", or " + fixInWriter;
        };
        String message = capitalize(name(problem)) + ". " + capitalize(name(fix))
                + ", or make the change in a new subject.";
        changes.add(new SchemaChange(version, rule, newSide == NewSide.WRITER ? writerPointer : readerPointer, field,
                message));
    }

    private String name(String text) {
        return text.replace("%R", readerName).replace("%W", writerName);
    }

    // --- small readings of schemas ---

    private record Located(JsonNode node, String pointer) {
    }

    /** Follows local $refs; null for a ref this document cannot resolve (another file, an anchor, a loop). */
    private static Located resolve(JsonNode root, JsonNode node, String pointer) {
        for (int hops = 0; node.isObject() && node.has("$ref"); hops++) {
            JsonNode ref = node.get("$ref");
            if (hops > 32 || !ref.isTextual() || !ref.textValue().startsWith("#")) {
                return null;
            }
            try {
                pointer = URLDecoder.decode(ref.textValue().substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
                node = root.at(pointer); // an anchor ("#name") is no pointer and throws: not followed
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (node.isMissingNode()) {
                return null;
            }
        }
        return new Located(node, pointer);
    }

    /** After refs: a schema accepting any value (true, {} or annotations alone), or one the rules cannot read. */
    private boolean acceptsAnything(JsonNode schema, String pointer) {
        Located located = resolve(readerRoot, schema, pointer);
        if (located == null || isTrue(located.node())) {
            return true;
        }
        JsonNode s = located.node();
        if (!s.isObject()) {
            return !isFalse(s);
        }
        for (Iterator<String> keys = s.fieldNames(); keys.hasNext();) {
            if (!ANNOTATIONS.contains(keys.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTrue(JsonNode s) {
        return s == null || (s.isBoolean() && s.booleanValue()) || (s.isObject() && s.isEmpty());
    }

    private static boolean isFalse(JsonNode s) {
        return s != null && s.isBoolean() && !s.booleanValue();
    }

    /** The type names a schema allows; null when it has no (readable) type, meaning any. */
    private static Set<String> types(JsonNode s) {
        JsonNode type = s.get("type");
        Set<String> names = new LinkedHashSet<>();
        if (type != null && type.isTextual()) {
            names.add(type.textValue());
        } else if (type != null && type.isArray()) {
            type.forEach(t -> {
                if (t.isTextual()) {
                    names.add(t.textValue());
                }
            });
        }
        return names.isEmpty() ? null : names;
    }

    private static boolean allows(Set<String> types, String type) {
        return types == null || types.contains(type) || ("integer".equals(type) && types.contains("number"));
    }

    /** The writer's values when const or enum lists them all, else null. */
    private static List<JsonNode> finiteValues(JsonNode w) {
        if (w.has("const")) {
            return List.of(w.get("const"));
        }
        JsonNode values = w.get("enum");
        return values != null && values.isArray() ? list(values) : null;
    }

    private static Set<String> typesOf(List<JsonNode> values) {
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode v : values) {
            types.add(v.isNull() ? "null" : v.isBoolean() ? "boolean" : v.isObject() ? "object"
                    : v.isArray() ? "array" : v.isTextual() ? "string" : isInteger(v) ? "integer" : "number");
        }
        return types;
    }

    private static boolean isInteger(JsonNode v) {
        return v.isIntegralNumber() || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) == 0 : a.equals(b);
    }

    private static boolean patternMatches(JsonNode s, String name) {
        JsonNode patterns = s.get("patternProperties");
        if (patterns == null || !patterns.isObject()) {
            return false;
        }
        for (Iterator<String> it = patterns.fieldNames(); it.hasNext();) {
            try {
                if (Pattern.compile(it.next()).matcher(name).find()) {
                    return true;
                }
            } catch (PatternSyntaxException e) {
                return true; // a pattern Java cannot read may match: treat the field as not understood
            }
        }
        return false;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new HashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> names.add(n.asText()));
        }
        return names;
    }

    private static JsonNode objectOrEmpty(JsonNode node) {
        return node != null && node.isObject() ? node : ANY;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static String join(List<JsonNode> values) {
        return values.stream().map(JsonNode::toString).collect(Collectors.joining(", "));
    }

    private static String join(String field, String name) {
        return field.isEmpty() ? name : field + "." + name;
    }

    private static String property(String pointer, String name) {
        return pointer + "/properties/" + JsonLocations.escape(name);
    }

    private static String what(String field) {
        return field.isEmpty() ? "the document" : "field " + field;
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** A pair of places being compared, by identity: meeting it again inside itself is a recursive schema. */
    private record Visit(JsonNode reader, JsonNode writer) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Visit v && v.reader == reader && v.writer == writer;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(reader) + System.identityHashCode(writer);
        }
    }
}
