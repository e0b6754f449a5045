package io.junction.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

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
                .hasMessageContaining("nested too deeply");
    }
}
