package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A routes folder's application.properties, bounded as its route files are. */
class FolderPropertiesTest {

    /** The eleventh probe: 112 MB of keys in a routes folder's properties ran the gateway out of heap at every start. */
    @Test
    void aPropertiesFileLargerThanARouteFileMayBeIsNotReadAndSaysSo(@TempDir Path tmp) throws Exception {
        StringBuilder big = new StringBuilder("greeting=hello\n");
        while (big.length() <= RouteSources.MAX_BYTES) {
            big.append("filler.").append(big.length()).append("=").append("v".repeat(100)).append('\n');
        }
        Files.writeString(tmp.resolve(FolderProperties.FILE), big);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            List<Problem> problems = FolderProperties.install(context, List.of(tmp));
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.file()).endsWith(FolderProperties.FILE);
                assertThat(p.message()).startsWith("not read: it is").contains("1024 KiB");
            });
            assertThat(context.getPropertiesComponent().resolveProperty("greeting")).isEmpty();
        }
        Files.writeString(tmp.resolve(FolderProperties.FILE), "greeting=hello\n");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThat(FolderProperties.install(context, List.of(tmp))).isEmpty();
            assertThat(context.getPropertiesComponent().resolveProperty("greeting")).hasValue("hello");
        }
    }
}
