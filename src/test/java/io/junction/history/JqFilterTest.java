package io.junction.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A replay's --filter, as the admin API and the command take it from whoever asks. */
class JqFilterTest {

    @Test
    void selectsWhatTheFilterSelects() {
        JqFilter filter = new JqFilter(".amount > 10");
        assertThat(filter.matches("{\"amount\":11}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(filter.matches("{\"amount\":9}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(filter.matches("not json".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    /** The sixth probe: a filter of 3,000 nested brackets answered 500 (StackOverflowError in jq's parser). */
    @Test
    void aFilterNestedTooDeeplyIsRefusedAsABadFilter() {
        String deep = "(".repeat(20_000) + "." + ")".repeat(20_000);
        assertThatThrownBy(() -> new JqFilter(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1000");
        String deepest = "(".repeat(499) + "." + ")".repeat(499);
        assertThat(new JqFilter(deepest).matches("true".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    /**
     * The tenth probe: {@code [range(100000000)] | length > 0} over {@code POST /admin/replay} ran the gateway out
     * of heap. Everything that makes data or outputs grow beyond the event is refused before jq runs it, with where.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`[range(100000000)] | length > 0`  | column 1",
            "`(. + .) | (. + .) | length > 0`   | + is allowed only next to a number",
            "`.a * 3 | length > 0`              | * can repeat a string",
            "`reduce .a as $x (0; .) > 1`       | 'reduce' is not part",
            "`def f: f; f`                      | 'def' is not part",
            "`.items[] | .x > 1`                | [] makes an output per element",
            "`.a, .b`                           | ',' makes more outputs",
            "`.. | numbers > 1`                 | .. walks the whole event",
            "`\"\\(.a)\" == \"x\"`                | string interpolation",
            "`@base64 | length > 0`             | formats",
            "`{a: .x} | length > 0`             | building an object",
            "`.a | contains(.b)`                | contains takes a literal",
            "`map(tostring) | length > 0`       | 'tostring' is not part",
            "`limit(3; repeat(.)) | . == 1`     | 'limit' is not part",
            "`.a |= 1`                          | '|=' is not part",
            "`$__loc__ | . == 1`                | variables",
            "`.[.[0]] | length > 0`             | an index is a literal",
            "`.[keys] | length > 0`             | an index is a literal",
            "`map(add) | length > 0`            | 'add' is not part",
    })
    void whatCanGrowIsRefusedBeforeItRuns(String filter, String reason) {
        assertThatThrownBy(() -> new JqFilter(filter)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason).hasMessageContaining("docs/history.md");
    }

    @Test
    void aFilterLongerThanTheLimitIsRefused() {
        String longest = ".a == \"" + "x".repeat(JqSelection.MAX_LENGTH) + "\"";
        assertThatThrownBy(() -> new JqFilter(longest)).hasMessageContaining("at most " + JqSelection.MAX_LENGTH);
    }

    /** What users select with keeps working, with jq's meaning. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "'.n % 2 == 0'                                  | true",
            "'.n % 2 == 1'                                  | false",
            "'.status == \"failed\"'                        | true",
            "'.items | any(.price > 10)'                    | true",
            "'.items | all(.price > 10)'                    | false",
            "'.items | map(.price) | max >= 20'             | true",
            "'.items[0].price >= -1 and .items[1:] != null' | true",
            "'has(\"status\") and (.status | startswith(\"fail\"))' | true",
            "'if .missing then true else .n > 3 end'        | true",
            "'.missing // false'                            | false",
            "'.[\"status\"] | ascii_upcase == \"FAILED\"'    | true",
            "'(.n + 1) / 2 > 2'                             | true",
            "'.tags | length == 2 and (keys | length == 2)' | true",
            "'.n - 1 > 3 | not'                             | true",
    })
    void selectionsKeepJqsMeaning(String filter, boolean expected) {
        byte[] event = ("{\"n\":4,\"status\":\"failed\",\"tags\":[\"a\",\"b\"],"
                + "\"items\":[{\"price\":5},{\"price\":20}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(new JqFilter(filter).matches(event)).as(filter).isEqualTo(expected);
    }
}
