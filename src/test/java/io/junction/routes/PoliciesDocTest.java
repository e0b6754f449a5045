package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every YAML example in docs/policies.md is a valid route file against the project's connectors. */
class PoliciesDocTest {

    @TempDir
    Path dir;

    @Test
    void everyPolicyExampleLoads() throws Exception {
        String doc = Files.readString(Path.of("docs/policies.md"));
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<Path> files = new ArrayList<>();
        while (m.find()) {
            Path f = dir.resolve("example-" + files.size() + ".yaml");
            Files.writeString(f, m.group(1));
            files.add(f);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            // The gateway's bean the idempotency examples name, as the gateway binds it.
            camel.getRegistry().bind("junctionIdempotency", io.junction.idempotency.JunctionIdempotentRepository.inMemory(10));
            camel.start();
            for (Path f : files) {
                RouteSet set = new RouteSetLoader(camel).load(RouteSources.scan(List.of(f), List.of(Path.of("connectors"))));
                assertThat(set.errors()).as(Files.readString(f)).isEmpty();
                assertThat(set.routes()).as(f.toString()).isNotEmpty();
            }
        }
    }
}
