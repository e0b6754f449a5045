package io.junction.schemas;

import static io.junction.schemas.SchemaChange.Rule.CONSTRAINT_TIGHTENED;
import static io.junction.schemas.SchemaChange.Rule.CONST_CHANGED;
import static io.junction.schemas.SchemaChange.Rule.CONTENT_MODEL_CLOSED;
import static io.junction.schemas.SchemaChange.Rule.ENUM_NARROWED;
import static io.junction.schemas.SchemaChange.Rule.NOTHING_ALLOWED;
import static io.junction.schemas.SchemaChange.Rule.NO_ALTERNATIVE_MATCHES;
import static io.junction.schemas.SchemaChange.Rule.PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL;
import static io.junction.schemas.SchemaChange.Rule.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL;
import static io.junction.schemas.SchemaChange.Rule.REQUIRED_ADDED;
import static io.junction.schemas.SchemaChange.Rule.TYPE_NARROWED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.junction.schemas.SchemaChange.Rule;

class JsonSchemaCompatibilityTest {

    // Single quotes keep the schemas below readable.
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The breaks of data written with writer read with reader, as (rule, field). */
    private static List<SchemaChange> check(String reader, String writer) {
        return JsonSchemaCompatibility.check(json(reader), json(writer));
    }

    private static List<Rule> rules(String reader, String writer) {
        return check(reader, writer).stream().map(SchemaChange::rule).toList();
    }

    @Nested
    class Modes {

        @Test
        void parseIgnoresCaseAndNamesTheValidModesWhenItFails() {
            assertThat(Compatibility.parse("backward")).isEqualTo(Compatibility.BACKWARD);
            assertThat(Compatibility.parse(" Full_Transitive ")).isEqualTo(Compatibility.FULL_TRANSITIVE);
            assertThat(Compatibility.DEFAULT).isEqualTo(Compatibility.BACKWARD);
            assertThatThrownBy(() -> Compatibility.parse("sideways")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"sideways\"").hasMessageContaining(
                            "NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
            assertThatThrownBy(() -> Compatibility.parse(null)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void eachModeSaysWhichDirectionsAndHowFarBack() {
            assertThat(Compatibility.FULL.backward() && Compatibility.FULL.forward()).isTrue();
            assertThat(Compatibility.FULL.transitive()).isFalse();
            assertThat(Compatibility.FORWARD_TRANSITIVE.backward()).isFalse();
            assertThat(Compatibility.FORWARD_TRANSITIVE.transitive()).isTrue();
            assertThat(Compatibility.NONE.backward() || Compatibility.NONE.forward()).isFalse();
        }
    }

    /** Each rule, a compatible pair and a breaking one, through check(reader, writer). */
    @Nested
    class Rules {

        @Test
        void requiredGainingANameBreaksAndNamesTheNestedField() {
            String writer = "{'properties':{'customer':{'type':'object','properties':{'email':{'type':'string'}}}}}";
            String reader = "{'properties':{'customer':{'type':'object','properties':{'email':{'type':'string'}},"
                    + "'required':['email']}}}";
            assertThat(check(reader, writer)).extracting(SchemaChange::rule, SchemaChange::field, SchemaChange::pointer)
                    .containsExactly(tuple(REQUIRED_ADDED, "customer.email", "/properties/customer/required/0"));
            assertThat(check(reader, writer).get(0).message()).contains("field customer.email")
                    .contains("may lack it").contains("new subject");
            assertThat(check(writer, reader)).as("dropping a requirement").isEmpty();
            assertThat(check(reader, reader)).isEmpty();
        }

        @Test
        void typeNarrowedWithIntegerInsideNumberAndNoTypeMeaningAny() {
            assertThat(rules("{'type':'number'}", "{'type':'integer'}")).isEmpty();
            assertThat(rules("{'type':['string','null']}", "{'type':'string'}")).isEmpty();
            assertThat(rules("{}", "{'type':'string'}")).isEmpty();
            assertThat(rules("{'type':'integer'}", "{'type':'number'}")).containsExactly(TYPE_NARROWED);
            assertThat(rules("{'type':'string'}", "{'type':['string','null']}")).containsExactly(TYPE_NARROWED);
            assertThat(rules("{'type':'string'}", "{}")).containsExactly(TYPE_NARROWED);
            assertThat(check("{'type':'string'}", "{'type':['string','null']}").get(0).message()).contains("null");
        }

        @Test
        void enumNarrowedOrAddedBreaksWidenedDoesNot() {
            assertThat(rules("{'enum':['a','b','c']}", "{'enum':['a','b']}")).isEmpty();
            assertThat(rules("{'enum':[1,2]}", "{'enum':[1.0]}")).as("numbers by value").isEmpty();
            assertThat(rules("{'type':'string','enum':['a','b']}", "{'enum':['a']}")).isEmpty();
            assertThat(check("{'enum':['a']}", "{'enum':['a','b']}")).singleElement()
                    .satisfies(c -> assertThat(c.rule()).isEqualTo(ENUM_NARROWED))
                    .satisfies(c -> assertThat(c.message()).contains("\"b\""));
            assertThat(rules("{'type':'string','enum':['a']}", "{'type':'string'}")).containsExactly(ENUM_NARROWED);
            assertThat(rules("{'type':'integer'}", "{'enum':['a']}")).as("an enum's values have types")
                    .containsExactly(TYPE_NARROWED);
        }

        @Test
        void constAddedOrChangedBreaks() {
            assertThat(rules("{'const':'x'}", "{'const':'x'}")).isEmpty();
            assertThat(rules("{'const':'x'}", "{'enum':['x']}")).isEmpty();
            assertThat(rules("{'const':'x'}", "{'type':'string'}")).containsExactly(CONST_CHANGED);
            assertThat(rules("{'const':'x'}", "{'const':'y'}")).containsExactly(CONST_CHANGED);
        }

        @Test
        void closingTheContentModelBreaksWhenTheWriterLetExtraFieldsIn() {
            String open = "{'type':'object','properties':{'a':{'type':'string'}}}";
            String closed = "{'type':'object','properties':{'a':{'type':'string'}},'additionalProperties':false}";
            assertThat(rules(open, closed)).isEmpty();
            assertThat(rules(closed, closed)).isEmpty();
            assertThat(check(closed, open)).extracting(SchemaChange::rule, SchemaChange::pointer)
                    .containsExactly(tuple(CONTENT_MODEL_CLOSED, "/additionalProperties"));
            assertThat(rules(closed, "{'type':'object','properties':{'a':{'type':'string'}},"
                    + "'additionalProperties':{'type':'string'}}")).containsExactly(CONTENT_MODEL_CLOSED);
        }

        @Test
        void aFieldTheClosedReaderNoLongerDeclaresBreaks() {
            String writer = "{'properties':{'a':{},'b':{'type':'string'}},'additionalProperties':false}";
            assertThat(check("{'properties':{'a':{}},'additionalProperties':false}", writer))
                    .extracting(SchemaChange::rule, SchemaChange::field)
                    .containsExactly(tuple(PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL, "b"));
            assertThat(rules("{'properties':{'a':{}}}", writer)).as("an open reader takes it").isEmpty();
            assertThat(rules("{'properties':{'a':{}},'additionalProperties':{'type':'string'}}", writer))
                    .as("the reader's additionalProperties takes b's type").isEmpty();
            assertThat(rules("{'properties':{'a':{}},'additionalProperties':{'type':'integer'}}", writer))
                    .containsExactly(TYPE_NARROWED);
        }

        @Test
        void aFieldAddedWhereTheWriterWasOpenBreaksUnlessDeclaredAsAnything() {
            String open = "{'type':'object','properties':{'a':{'type':'string'}}}";
            String closed = "{'type':'object','properties':{'a':{'type':'string'}},'additionalProperties':false}";
            String added = "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'string'}}}";
            assertThat(check(added, open)).extracting(SchemaChange::rule, SchemaChange::field, SchemaChange::pointer)
                    .containsExactly(tuple(PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, "b", "/properties/b"));
            assertThat(check(added, open).get(0).message()).contains("another type");
            assertThat(rules(added, closed)).as("closed: old data never had b").isEmpty();
            assertThat(rules("{'properties':{'a':{'type':'string'},'b':{'description':'free'}}}", open)).isEmpty();
            assertThat(rules("{'properties':{'a':{'type':'string'},'b':{'type':'string'}}}",
                    "{'properties':{'a':{'type':'string'}},'additionalProperties':{'type':'string'}}"))
                    .as("partly open: compared with the writer's additionalProperties").isEmpty();
        }

        @Test
        void narrowerSubschemasAreFoundInPropertiesItemsTuplesAndAdditionalProperties() {
            assertThat(check("{'properties':{'lines':{'items':{'properties':{'sku':{'type':'integer'}}}}}}",
                    "{'properties':{'lines':{'items':{'properties':{'sku':{'type':'number'}}}}}}"))
                    .extracting(SchemaChange::field, SchemaChange::pointer)
                    .containsExactly(tuple("lines[].sku", "/properties/lines/items/properties/sku/type"));
            assertThat(rules("{'items':[{'type':'string'},{'type':'integer'}]}",
                    "{'items':[{'type':'string'},{'type':'number'}]}")).containsExactly(TYPE_NARROWED);
            assertThat(check("{'prefixItems':[{'type':'string'}],'items':false}",
                    "{'prefixItems':[{'type':'string'}]}"))
                    .extracting(SchemaChange::rule, SchemaChange::field).containsExactly(tuple(NOTHING_ALLOWED, "[]"));
            assertThat(rules("{'items':[{'type':'string'}],'additionalItems':false}",
                    "{'items':[{'type':'string'}],'additionalItems':false}")).isEmpty();
            assertThat(check("{'additionalProperties':{'type':'integer'}}",
                    "{'additionalProperties':{'type':'number'}}"))
                    .extracting(SchemaChange::field).containsExactly("*");
            assertThat(rules("{'items':{'type':'number'}}", "{'items':{'type':'integer'}}")).isEmpty();
        }

        @ParameterizedTest(name = "{0} -> {1}: {2}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'minimum':0}                 | {'minimum':1}                  | true",
            "{'minimum':1}                 | {'minimum':0}                  | false",
            "{'minimum':1}                 | {}                             | false",
            "{'exclusiveMinimum':0}        | {'minimum':1}                  | true",
            "{'exclusiveMinimum':1}        | {'minimum':1}                  | false",
            "{'minimum':1,'exclusiveMinimum':true} | {'minimum':1}          | false",
            "{'maximum':9}                 | {'maximum':5}                  | true",
            "{'maximum':5}                 | {'maximum':9}                  | false",
            "{'exclusiveMaximum':9}        | {'exclusiveMaximum':9}         | true",
            "{'multipleOf':2}              | {'multipleOf':4}               | true",
            "{'multipleOf':4}              | {'multipleOf':2}               | false",
            "{'minLength':1}               | {'minLength':2}                | true",
            "{'minLength':3}               | {'minLength':2}                | false",
            "{'minLength':0}               | {}                             | true",
            "{'maxLength':10}              | {'maxLength':5}                | true",
            "{'maxLength':5}               | {}                             | false",
            "{'minItems':1}                | {'minItems':1}                 | true",
            "{'minItems':2}                | {'minItems':1}                 | false",
            "{'maxItems':3}                | {'maxItems':4}                 | false",
            "{'uniqueItems':true}          | {}                             | false",
            "{'pattern':'^a'}              | {'pattern':'^a'}               | true",
            "{'pattern':'^a'}              | {}                             | false",
            "{'pattern':'^a'}              | {'pattern':'^ab'}              | false",
            "{'format':'email'}            | {'format':'email'}             | true",
            "{'format':'email'}            | {}                             | false",
            "{'format':'email'}            | {'format':'uri'}               | false",
            "{'type':'string','minimum':5} | {'type':'string'}              | true",
        })
        void boundsTightenedBreakLoosenedDoNot(String reader, String writer, boolean compatible) {
            List<SchemaChange> changes = check(reader, writer);
            if (compatible) {
                assertThat(changes).isEmpty();
            } else {
                assertThat(changes).extracting(SchemaChange::rule).containsExactly(CONSTRAINT_TIGHTENED);
            }
        }

        @Test
        void localRefsAreFollowedAndTheBreakIsPlacedInTheDefinition() {
            String writer = "{'properties':{'address':{'type':'object','properties':{'zip':{'type':'string'}}}}}";
            String reader = "{'definitions':{'address':{'type':'object','properties':{'zip':{'type':'string'}},"
                    + "'required':['zip']}},'properties':{'address':{'$ref':'#/definitions/address'}}}";
            assertThat(check(reader, writer)).extracting(SchemaChange::field, SchemaChange::pointer)
                    .containsExactly(tuple("address.zip", "/definitions/address/required/0"));
            String defs = "{'$defs':{'zip':{'type':'string'}},'properties':{'zip':{'$ref':'#/$defs/zip'}}}";
            assertThat(rules(defs, "{'properties':{'zip':{'type':'string'}}}")).isEmpty();
            assertThat(rules("{'properties':{'zip':{'type':'integer'}}}", defs)).containsExactly(TYPE_NARROWED);
        }

        @Test
        void otherRefsAreEqualAsTextOrNotJudged() {
            assertThat(rules("{'properties':{'a':{'$ref':'common.json#/money'}}}",
                    "{'properties':{'a':{'$ref':'common.json#/money'}}}")).isEmpty();
            assertThat(rules("{'properties':{'a':{'$ref':'common.json#/money'}}}",
                    "{'properties':{'a':{'$ref':'other.json#/money'}}}")).isEmpty();
            assertThat(rules("{'properties':{'a':{'$ref':'#/definitions/gone'}}}", "{'properties':{'a':{}}}"))
                    .isEmpty();
        }

        @Test
        void recursiveSchemasEndAndStillFindTheirBreaks() {
            String writer = "{'type':'object','properties':{'name':{'type':'string'},"
                    + "'children':{'type':'array','items':{'$ref':'#'}}}}";
            String reader = "{'type':'object','properties':{'name':{'type':'string','maxLength':10},"
                    + "'children':{'type':'array','items':{'$ref':'#'}}}}";
            assertThat(rules(writer, writer)).isEmpty();
            assertThat(check(reader, writer)).extracting(SchemaChange::field).containsExactly("name");
        }

        @Test
        void combinatorsTheSameOnBothSidesAreFineAndTheReadersUnionsAreChecked() {
            String oneOf = "{'oneOf':[{'type':'string'},{'type':'integer'}],'properties':{'a':{}}}";
            assertThat(rules(oneOf, oneOf)).isEmpty();
            assertThat(rules("{'anyOf':[{'type':'string'},{'type':'null'}]}", "{'type':['string','null']}")).isEmpty();
            assertThat(rules("{'oneOf':[{'type':'number'},{'type':'string'}]}", "{'enum':[1,'a']}")).isEmpty();
            assertThat(check("{'anyOf':[{'type':'string'}]}", "{'type':['string','null']}"))
                    .extracting(SchemaChange::rule, SchemaChange::pointer)
                    .containsExactly(tuple(NO_ALTERNATIVE_MATCHES, "/anyOf"));
            assertThat(check("{'allOf':[{'required':['id']}]}", "{'properties':{'id':{}}}"))
                    .extracting(SchemaChange::rule, SchemaChange::pointer)
                    .containsExactly(tuple(REQUIRED_ADDED, "/allOf/0/required/0"));
            assertThat(rules("{'required':['id']}", "{'allOf':[{'required':['id']}]}"))
                    .as("the writer's combinators are not followed: no false alarm").isEmpty();
        }

        @Test
        void aWriterThatIsOnlyAUnionIsReadAlternativeByAlternative() {
            // Found by the differential corpus against Apicurio Registry: an alternative dropped from a oneOf.
            String both = "{'oneOf':[{'type':'string'},{'type':'integer'}]}";
            assertThat(check("{'oneOf':[{'type':'string'}]}", both))
                    .extracting(SchemaChange::rule, SchemaChange::pointer)
                    .containsExactly(tuple(NO_ALTERNATIVE_MATCHES, "/oneOf"));
            assertThat(rules("{'anyOf':[{'type':'string'},{'type':'integer'},{'type':'null'}]}", both)).isEmpty();
            assertThat(rules("{'type':['string','number']}", both)).as("integer is a number").isEmpty();
            assertThat(rules("{'type':'string'}", both)).containsExactly(TYPE_NARROWED);
            assertThat(check("{'anyOf':[{'type':'string','maxLength':5}]}", "{'title':'t','anyOf':[{'type':'string'}]}"))
                    .extracting(SchemaChange::rule).containsExactly(NO_ALTERNATIVE_MATCHES);
            assertThat(rules("{'type':'string'}", "{'type':'string','oneOf':[{'maxLength':3},{'minLength':9}]}"))
                    .as("a union beside other keywords is still not followed").isEmpty();
        }

        @Test
        void keywordsTheCheckerDoesNotKnowOrCannotReadDoNotThrow() {
            String odd = "{'x-owner':'team-a','type':5,'required':'id','minimum':'five','enum':{},"
                    + "'properties':[],'items':7,'not':{'type':'null'},"
                    + "'if':{'properties':{'a':{'const':1}}},'then':{'required':['b']},"
                    + "'dependentSchemas':{'a':{'required':['c']}},'patternProperties':{'([':{}},"
                    + "'unevaluatedProperties':false,'contains':{'type':'string'},'additionalProperties':3}";
            String plain = "{'type':'object','properties':{'a':{'type':'string'}}}";
            assertThat(check(odd, plain)).isEmpty();
            assertThat(check(plain, odd)).isEmpty();
            assertThat(check(odd, odd)).isEmpty();
            String badRefs = "{'type':'object','properties':{'a':{'$ref':'#/%zz'},'b':{'$ref':7},"
                    + "'c':{'$ref':'#/properties/c'},'d':{'$ref':'#an-anchor'}}}";
            assertThat(check(badRefs, plain)).isEmpty();
            assertThat(check(plain, badRefs)).isEmpty();
            assertThat(check("{'type':'object','not':{'required':['a']}}", "{'type':'object'}")).isEmpty();
            assertThat(rules("false", "true")).containsExactly(NOTHING_ALLOWED);
            assertThat(rules("{'type':'string'}", "false")).isEmpty();
        }
    }

    /**
     * The registry meanings, through check(mode, earlier versions, candidate). In short, with v1 the earlier version
     * and v2 the candidate:
     * <ul>
     * <li>an optional field added: BACKWARD fine only if v1 was closed (else v1's data may carry it with another
     * type); FORWARD fine only if v1 was open (a closed v1 refuses it);</li>
     * <li>a required field added: BACKWARD breaks (v1's data lacks it); FORWARD fine for open models, breaks if v1 is
     * closed (as for any added field);</li>
     * <li>a required field removed: BACKWARD fine if v2 is open (it takes the field as an undeclared one), breaks if v2
     * is closed; FORWARD breaks (v1 requires it), and if v2 is open also because v2's data may carry it with another
     * type;</li>
     * <li>integer widened to number: BACKWARD fine, FORWARD breaks; an enum narrowed: BACKWARD breaks, FORWARD
     * fine.</li>
     * </ul>
     */
    @Nested
    class Evolution {

        private static final String OPEN_V1 = "{'type':'object','properties':{'id':{'type':'string'}},"
                + "'required':['id']}";
        private static final String CLOSED_V1 = "{'type':'object','properties':{'id':{'type':'string'}},"
                + "'required':['id'],'additionalProperties':false}";

        private List<SchemaChange> evolve(Compatibility mode, String v1, String v2) {
            return JsonSchemaCompatibility.check(mode, List.of(json(v1)), json(v2));
        }

        private List<Rule> rules(Compatibility mode, String v1, String v2) {
            return evolve(mode, v1, v2).stream().map(SchemaChange::rule).toList();
        }

        @Test
        void addingAnOptionalField() {
            String openV2 = "{'type':'object','properties':{'id':{'type':'string'},'note':{'type':'string'}},"
                    + "'required':['id']}";
            String closedV2 = "{'type':'object','properties':{'id':{'type':'string'},'note':{'type':'string'}},"
                    + "'required':['id'],'additionalProperties':false}";
            assertThat(rules(Compatibility.BACKWARD, OPEN_V1, openV2))
                    .containsExactly(PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL);
            assertThat(rules(Compatibility.FORWARD, OPEN_V1, openV2)).isEmpty();
            assertThat(rules(Compatibility.FULL, OPEN_V1, openV2))
                    .containsExactly(PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL);

            assertThat(rules(Compatibility.BACKWARD, CLOSED_V1, closedV2)).isEmpty();
            assertThat(evolve(Compatibility.FORWARD, CLOSED_V1, closedV2))
                    .extracting(SchemaChange::rule, SchemaChange::field, SchemaChange::pointer)
                    .as("pointed at in the new version").containsExactly(
                            tuple(PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL, "note", "/properties/note"));
            assertThat(rules(Compatibility.FULL, CLOSED_V1, closedV2))
                    .containsExactly(PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        }

        @Test
        void addingARequiredField() {
            String openV2 = "{'type':'object','properties':{'id':{'type':'string'},'email':{'type':'string'}},"
                    + "'required':['id','email']}";
            List<SchemaChange> backward = evolve(Compatibility.BACKWARD, OPEN_V1, openV2);
            assertThat(backward).extracting(SchemaChange::rule, SchemaChange::field, SchemaChange::againstVersion)
                    .containsExactly(tuple(REQUIRED_ADDED, "email", 1),
                            tuple(PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, "email", 1));
            assertThat(backward.get(0).message()).isEqualTo("The new version requires field email but version 1 does"
                    + " not: data written with version 1 may lack it. Leave it out of \"required\" in the new version,"
                    + " or make the change in a new subject.");
            assertThat(rules(Compatibility.FORWARD, OPEN_V1, openV2)).isEmpty();

            String closedV2 = "{'type':'object','properties':{'id':{'type':'string'},'email':{'type':'string'}},"
                    + "'required':['id','email'],'additionalProperties':false}";
            assertThat(rules(Compatibility.BACKWARD, CLOSED_V1, closedV2)).containsExactly(REQUIRED_ADDED);
            assertThat(rules(Compatibility.FORWARD, CLOSED_V1, closedV2))
                    .containsExactly(PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        }

        @Test
        void removingARequiredField() {
            String openV1 = "{'type':'object','properties':{'id':{'type':'string'},'email':{'type':'string'}},"
                    + "'required':['id','email']}";
            String closedV1 = "{'type':'object','properties':{'id':{'type':'string'},'email':{'type':'string'}},"
                    + "'required':['id','email'],'additionalProperties':false}";
            assertThat(rules(Compatibility.BACKWARD, openV1, OPEN_V1)).isEmpty();
            List<SchemaChange> forward = evolve(Compatibility.FORWARD, openV1, OPEN_V1);
            assertThat(forward).extracting(SchemaChange::rule, SchemaChange::field, SchemaChange::pointer)
                    .containsExactly(tuple(REQUIRED_ADDED, "email", "/properties/email"),
                            tuple(PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, "email", "/properties/email"));
            assertThat(forward.get(0).message())
                    .startsWith("Version 1 requires field email but the new version does not")
                    .endsWith("Keep it in \"required\" in the new version, or make the change in a new subject.");

            assertThat(rules(Compatibility.BACKWARD, closedV1, CLOSED_V1))
                    .containsExactly(PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL);
            assertThat(rules(Compatibility.FORWARD, closedV1, CLOSED_V1)).containsExactly(REQUIRED_ADDED);
        }

        @Test
        void wideningIntegerToNumber() {
            String v1 = "{'properties':{'qty':{'type':'integer'}}}";
            String v2 = "{'properties':{'qty':{'type':'number'}}}";
            assertThat(rules(Compatibility.BACKWARD, v1, v2)).isEmpty();
            assertThat(evolve(Compatibility.FORWARD, v1, v2)).extracting(SchemaChange::rule, SchemaChange::field)
                    .containsExactly(tuple(TYPE_NARROWED, "qty"));
            assertThat(rules(Compatibility.FULL, v1, v2)).containsExactly(TYPE_NARROWED);
        }

        @Test
        void narrowingAnEnum() {
            String v1 = "{'properties':{'status':{'enum':['new','paid','shipped']}}}";
            String v2 = "{'properties':{'status':{'enum':['new','paid']}}}";
            assertThat(evolve(Compatibility.BACKWARD, v1, v2)).extracting(SchemaChange::rule, SchemaChange::field)
                    .containsExactly(tuple(ENUM_NARROWED, "status"));
            assertThat(rules(Compatibility.FORWARD, v1, v2)).isEmpty();
            assertThat(rules(Compatibility.FULL_TRANSITIVE, v1, v2)).containsExactly(ENUM_NARROWED);
        }

        @Test
        void transitiveModesCheckEveryEarlierVersionAndSayWhichOneBreaks() {
            // Version 2 changed qty's type while the subject's mode was NONE; version 3 only follows version 2.
            List<JsonNode> earlier = List.of(json("{'properties':{'qty':{'type':'integer'}}}"),
                    json("{'properties':{'qty':{'type':'string'}}}"));
            JsonNode v3 = json("{'properties':{'qty':{'type':'string','description':'now text'}}}");
            assertThat(JsonSchemaCompatibility.check(Compatibility.BACKWARD, earlier, v3)).isEmpty();
            assertThat(JsonSchemaCompatibility.check(Compatibility.FULL, earlier, v3)).isEmpty();
            assertThat(JsonSchemaCompatibility.check(Compatibility.BACKWARD_TRANSITIVE, earlier, v3))
                    .extracting(SchemaChange::againstVersion, SchemaChange::rule, SchemaChange::field)
                    .containsExactly(tuple(1, TYPE_NARROWED, "qty"));
            assertThat(JsonSchemaCompatibility.check(Compatibility.FULL_TRANSITIVE, earlier, v3))
                    .extracting(SchemaChange::againstVersion).containsExactly(1, 1);
            assertThat(JsonSchemaCompatibility.check(Compatibility.FORWARD_TRANSITIVE, earlier, v3).get(0).message())
                    .contains("Version 1 allows field qty to be only integer but the new version also allows string");
        }

        @Test
        void noneAndAFirstVersionCheckNothing() {
            assertThat(JsonSchemaCompatibility.check(Compatibility.NONE, List.of(json("{'type':'string'}")),
                    json("{'type':'integer'}"))).isEmpty();
            assertThat(JsonSchemaCompatibility.check(Compatibility.FULL_TRANSITIVE, List.of(), json("{}"))).isEmpty();
        }
    }

    @Nested
    class Locations {

        private static final String SCHEMA = """
                {
                  "type": "object",
                  "required": ["id", "customer"],
                  "properties": {
                    "id": {"type": "string"},
                    "customer": {
                      "type": "object",
                      "properties": {
                        "email": {"type": "string", "format": "email"},
                        "a/b": {"type": "integer"}
                      }
                    }
                  },
                  "items": [{"type": "string"}, {"type": "null"}]
                }
                """;

        @Test
        void nestedPointersHaveTheLineAndColumnOfTheirMemberName() {
            JsonLocations locations = JsonLocations.of(SCHEMA);
            assertThat(locations.locate("/properties/customer/properties/email"))
                    .isEqualTo(new JsonLocations.Location("/properties/customer/properties/email", 9, 9));
            assertThat(JsonLocations.lineOf(SCHEMA, "/properties/customer/properties/email/format")).isEqualTo(9);
            assertThat(JsonLocations.lineOf(SCHEMA, "/properties/customer/properties/a~1b")).isEqualTo(10);
            assertThat(JsonLocations.lineOf(SCHEMA, "/required/1")).isEqualTo(3);
            assertThat(locations.locate("/items/1").column()).isEqualTo(33);
            assertThat(JsonLocations.lineOf(SCHEMA, "")).isEqualTo(1);
        }

        @Test
        void aPointerThatIsGoneFallsBackToItsNearestAncestor() {
            JsonLocations locations = JsonLocations.of(SCHEMA);
            assertThat(locations.locate("/properties/customer/properties/phone"))
                    .isEqualTo(new JsonLocations.Location("/properties/customer/properties", 8, 7));
            assertThat(locations.locate("/additionalProperties").pointer()).isEmpty();
        }

        @Test
        void brokenTextStillLocatesWhatCameBeforeTheFault() {
            String broken = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"a\": {\"type\": }\n";
            assertThat(JsonLocations.lineOf(broken, "/properties/a/type")).isEqualTo(4);
            assertThat(JsonLocations.lineOf("", "/type")).isEqualTo(1);
        }

        @Test
        void aChangesPointerLeadsToTheLineOfTheBreakInTheNewFile() {
            String v1 = "{\"properties\": {\"customer\": {\"properties\": {\"email\": {\"type\": \"string\"}}}}}";
            List<SchemaChange> changes = JsonSchemaCompatibility.check(Compatibility.BACKWARD, List.of(json(v1)),
                    json(SCHEMA));
            SchemaChange narrowed = changes.stream().filter(c -> c.field().equals("customer.email")).findFirst()
                    .orElseThrow();
            assertThat(narrowed.rule()).isEqualTo(CONSTRAINT_TIGHTENED);
            assertThat(JsonLocations.lineOf(SCHEMA, narrowed.pointer())).isEqualTo(9);
        }
    }
}
