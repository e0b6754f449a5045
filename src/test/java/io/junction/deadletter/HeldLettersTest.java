package io.junction.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

class HeldLettersTest {

    @Test
    void theRouteIsReadBackFromItsDeadLetterTopicName() {
        Matcher m = HeldLetters.topicPattern("kafka:{route}.dlq").orElseThrow().matcher("orders.in.dlq");
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("orders.in");
        Matcher custom = HeldLetters.topicPattern("kafka:dead.{route}?brokers=x").orElseThrow().matcher("dead.billing");
        assertThat(custom.matches()).isTrue();
        assertThat(custom.group(1)).isEqualTo("billing");
        assertThat(HeldLetters.topicPattern("kafka:{route}.dlq").orElseThrow().matcher("orders").matches()).isFalse();
    }

    @Test
    void onlyKafkaDestinationsNamedPerRouteAreCounted() {
        assertThat(HeldLetters.topicPattern("amqp:queue:{route}.dlq")).isEmpty();
        assertThat(HeldLetters.topicPattern("kafka:all-dead-letters")).isEmpty();
    }
}
