package io.junction.connectors.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveIndexTest {

    @TempDir
    Path dir;

    static final String ENTRY = "{\"id\":\"s1\",\"file\":\"s1.jsonl.gz\",\"events\":1,\"bytes\":10,\"sha256\":\"ab\","
            + "\"minTime\":1,\"maxTime\":2,\"sealedAt\":3}";

    /** A torn last line (a crash mid-append) is skipped; the entries before it are the index. */
    @Test
    void aTornLastLineIsSkipped() throws IOException {
        Files.writeString(dir.resolve(ArchiveIndex.FILE), ENTRY + "\n" + ENTRY.substring(0, 30));
        assertThat(ArchiveIndex.read(dir)).extracting(ArchiveIndex.Segment::id).containsExactly("s1");
        assertThat(ArchiveIndex.read(dir.resolve("none"))).isEmpty();
    }

    /** L1, round 4: one line of gigabytes was read whole (OutOfMemoryError); a line past the bound is refused. */
    @Test
    void aLineLongerThanAnyEntryIsRefusedWithoutReadingItWhole() throws IOException {
        Path index = dir.resolve(ArchiveIndex.FILE);
        try (Writer w = Files.newBufferedWriter(index, StandardCharsets.UTF_8)) {
            w.write(ENTRY + "\n");
            w.write("{\"id\":\"");
            for (int i = 0; i < 1024; i++) {
                w.write("x".repeat(1024));
            }
            w.write("\"}\n");
        }
        assertThatThrownBy(() -> ArchiveIndex.read(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(index.toString()).hasMessageContaining("line 2");
    }
}
