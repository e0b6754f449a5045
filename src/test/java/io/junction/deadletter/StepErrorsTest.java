package io.junction.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The sixth probe: a deeply nested event made a schema validator recurse until StackOverflowError, which Camel's
 * pipeline let through and which killed the Kafka consumer's thread with the event never dead-lettered.
 */
class StepErrorsTest {

    static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void aStepsStackOverflowFailsTheEventWhichIsDeadLettered() throws Exception {
        List<String> letters = new CopyOnWriteArrayList<>();
        List<String> after = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            new StepErrors().configure(camel);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(deadLetterChannel("direct:dlq").useOriginalMessage());
                    from("direct:dlq").process(e -> letters.add(e.getIn().getBody(String.class) + ": "
                            + e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()));
                    from("direct:in").routeId("deep")
                            .process(e -> {
                                if (e.getIn().getBody(String.class).startsWith("deep")) {
                                    recurse(0);
                                }
                            })
                            .process(e -> after.add(e.getIn().getBody(String.class)));
                }
            });
            camel.start();
            var producer = camel.createProducerTemplate();
            // Without the wrapper the error reaches the caller's thread (the Kafka lane) and nothing is dead-lettered.
            producer.sendBody("direct:in", "deep event");
            producer.sendBody("direct:in", "plain event");
        }
        assertThat(letters).singleElement().asString().startsWith("deep event: ")
                .contains("nested too deeply").contains("StackOverflowError");
        assertThat(after).containsExactly("plain event");
    }
}
