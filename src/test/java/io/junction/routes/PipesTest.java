package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.KameletDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.errorhandler.DeadLetterChannelDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'junction migrate': a Pipe becomes a route file that Camel reads as the very route it made of the Pipe. */
class PipesTest {

    static DefaultCamelContext camel;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
    }

    private RouteSet load(Path file) {
        return new RouteSetLoader(camel).load(RouteSources.scan(List.of(file), List.of(DifferentialLoadingTest.KAMELETS)));
    }

    @Test
    void aMigratedPipeIsTheRouteCamelMadeOfThePipe() throws Exception {
        Path pipe = DifferentialLoadingTest.CORPUS.resolve("40-pipe.yaml");
        Path route = Files.writeString(dir.resolve("greeting-pipe.yaml"), Pipes.toRouteFile(Files.readString(pipe)));

        RouteSet fromPipe = load(pipe);
        RouteSet fromRoute = load(route);
        assertThat(fromRoute.problems()).isEmpty();
        assertThat(fromPipe.errors()).isEmpty();
        assertThat(fromPipe.problems()).anySatisfy(p -> assertThat(p.message()).contains("deprecated"));
        RouteDefinition a = fromPipe.routes().get("greeting-pipe").definition();
        RouteDefinition b = fromRoute.routes().get("greeting-pipe").definition();
        assertThat(b.getInput().getEndpointUri()).isEqualTo(a.getInput().getEndpointUri())
                .isEqualTo("kamelet:greeting-source?message=hi");
        // Camel's route file nests what follows a kamelet step inside it (the kamelet EIP runs its outputs after the
        // kamelet), the Pipe loader puts it beside: the same steps in the same order.
        assertThat(steps(b.getOutputs())).isEqualTo(steps(a.getOutputs()))
                .containsExactly("kamelet:upper-action", "to:to[log:pipe]");
    }

    private static List<String> steps(List<ProcessorDefinition<?>> outputs) {
        List<String> out = new java.util.ArrayList<>();
        for (ProcessorDefinition<?> p : outputs) {
            out.add(p.getShortName() + ":" + (p instanceof KameletDefinition k ? k.getName() : p.getLabel()));
            out.addAll(steps(p.getOutputs()));
        }
        return out;
    }

    @Test
    void aKameletBindingIsMigratedToo() throws Exception {
        Path binding = DifferentialLoadingTest.CORPUS.resolve("49-kamelet-binding.yaml");
        Path route = Files.writeString(dir.resolve("old.yaml"), Pipes.toRouteFile(Files.readString(binding)));
        RouteSet set = load(route);
        assertThat(set.problems()).isEmpty();
        assertThat(set.routes().get("old-binding").definition().getInput().getEndpointUri())
                .isEqualTo("kamelet:greeting-source?message=hi");
    }

    @Test
    void theErrorHandlerSinkBecomesADeadLetterChannel() throws Exception {
        String pipe = """
                apiVersion: camel.apache.org/v1
                kind: Pipe
                metadata:
                  name: with-dlq
                spec:
                  errorHandler:
                    sink:
                      endpoint:
                        uri: log:dead
                      parameters:
                        maximumRedeliveries: 3
                  source:
                    uri: timer:x
                  sink:
                    uri: log:out
                """;
        Path route = Files.writeString(dir.resolve("with-dlq.yaml"), Pipes.toRouteFile(pipe));
        RouteSet set = load(route);
        assertThat(set.problems()).isEmpty();
        var handler = set.routes().get("with-dlq").definition().getErrorHandler().getErrorHandlerType();
        assertThat(handler).isInstanceOfSatisfying(DeadLetterChannelDefinition.class, dlc -> {
            assertThat(dlc.getDeadLetterUri()).isEqualTo("log:dead");
            assertThat(dlc.getRedeliveryPolicy().getMaximumRedeliveries()).isEqualTo("3");
        });
    }

    @Test
    void whatHasNoPlainRouteEquivalentIsRefusedWithTheReason() {
        String strimzi = """
                apiVersion: camel.apache.org/v1
                kind: Pipe
                metadata:
                  name: to-topic
                spec:
                  source:
                    uri: timer:x
                  sink:
                    ref:
                      apiVersion: kafka.strimzi.io/v1beta2
                      kind: KafkaTopic
                      name: orders
                """;
        assertThatThrownBy(() -> Pipes.toRouteFile(strimzi)).hasMessageContaining("KafkaTopic")
                .hasMessageContaining("Camel K's operator");
        assertThatThrownBy(() -> Pipes.toRouteFile("- route: {}")).hasMessageContaining("not a Pipe");
    }
}
