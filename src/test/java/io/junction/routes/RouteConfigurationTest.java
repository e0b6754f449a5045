package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.junction.config.TestConfig;
import io.junction.deadletter.DeadLetterPolicy;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A routeConfiguration runs as written for the routes that name it (docs/policies.md). The second outside look of
 * issue 26: its onException never applied, the route failed with Camel's default error handler.
 */
class RouteConfigurationTest {

    @TempDir
    Path routes;

    /** The routes directory, loaded and installed as the gateway does, in a started context. */
    DefaultCamelContext installed() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        RouteSet set = new RouteSetLoader(camel).load(RouteSources.scan(List.of(routes), List.of(Path.of("connectors"))));
        assertThat(set.errors()).isEmpty();
        new RouteInstaller(camel, DeadLetterPolicy.of(camel, TestConfig.defaults())).installAll(set, d -> d);
        return camel;
    }

    @Test
    void aRoutesConfigurationHandlesItsExceptions() throws Exception {
        Files.writeString(routes.resolve("rc.yaml"), """
                - routeConfiguration:
                    id: rc
                    onException:
                      - onException:
                          exception:
                            - java.lang.IllegalStateException
                          handled:
                            constant: true
                          steps:
                            - setBody:
                                constant: handled
                - route:
                    id: thrower
                    routeConfigurationId: rc
                    from:
                      uri: direct:in
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalStateException
                            message: boom
                """);
        try (DefaultCamelContext camel = installed()) {
            Exchange done = camel.createProducerTemplate().request("direct:in", e -> e.getIn().setBody("x"));
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getBody(String.class)).isEqualTo("handled");
        }
    }

    /** A global configuration (no id) reaches every route; preparing again neither doubles steps nor loses the route's own onException. */
    @Test
    void aGlobalConfigurationReachesEveryRouteOnce() throws Exception {
        Files.writeString(routes.resolve("global.yaml"), """
                - routeConfiguration:
                    onException:
                      - onException:
                          exception:
                            - java.lang.IllegalArgumentException
                          handled:
                            constant: true
                          steps:
                            - setBody:
                                simple: "${body}-global"
                - route:
                    id: steps
                    from:
                      uri: direct:steps
                      steps:
                        - onException:
                            exception:
                              - java.lang.IllegalStateException
                            handled:
                              constant: true
                            steps:
                              - setBody:
                                  simple: "${body}-own"
                        - setBody:
                            simple: "${body}-a"
                        - choice:
                            when:
                              - simple: "${body} == 'bad-a'"
                                steps:
                                  - throwException:
                                      exceptionType: java.lang.IllegalArgumentException
                                      message: bad
                              - simple: "${body} == 'worse-a'"
                                steps:
                                  - throwException:
                                      exceptionType: java.lang.IllegalStateException
                                      message: worse
                """);
        try (DefaultCamelContext camel = installed()) {
            var template = camel.createProducerTemplate();
            assertThat(template.requestBody("direct:steps", "x", String.class)).as("each step once").isEqualTo("x-a");
            assertThat(template.requestBody("direct:steps", "bad", String.class)).isEqualTo("bad-a-global");
            assertThat(template.requestBody("direct:steps", "worse", String.class)).isEqualTo("worse-a-own");
        }
    }
}
