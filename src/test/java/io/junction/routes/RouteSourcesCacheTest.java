package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rescan reads only files that changed, and never trusts a file written just before it was read. */
class RouteSourcesCacheTest {

    @TempDir
    Path dir;

    private SourceFile only(RouteSources.Cache cache) {
        List<SourceFile> files = RouteSources.scan(List.of(dir), List.of(), cache);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    @Test
    void aSettledUnchangedFileIsNotReadAgain() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "- from: {uri: direct:a}\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        RouteSources.Cache cache = new RouteSources.Cache();
        SourceFile first = only(cache);
        assertThat(only(cache)).isSameAs(first);
    }

    @Test
    void aChangedFileIsReadAgain() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "- from: {uri: direct:a}\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        RouteSources.Cache cache = new RouteSources.Cache();
        SourceFile first = only(cache);
        Files.writeString(f, "- from: {uri: direct:bb}\n");
        SourceFile second = only(cache);
        assertThat(second.text()).contains("direct:bb");
        assertThat(second.sha256()).isNotEqualTo(first.sha256());
    }

    @Test
    void aFileWrittenJustBeforeTheReadIsReadAgainNextTime() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "- from: {uri: direct:a}\n");
        RouteSources.Cache cache = new RouteSources.Cache();
        SourceFile first = only(cache);
        // A second write in the same timestamp tick would leave size and time as they were: not trusted yet.
        SourceFile again = only(cache);
        assertThat(again).isNotSameAs(first);
        assertThat(again.sha256()).isEqualTo(first.sha256());
    }

    @Test
    void aDeletedFileIsForgotten() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "- from: {uri: direct:a}\n");
        RouteSources.Cache cache = new RouteSources.Cache();
        only(cache);
        Files.delete(f);
        assertThat(RouteSources.scan(List.of(dir), List.of(), cache)).isEmpty();
    }
}
