package io.junction.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAppendsTest {

    @TempDir
    Path dir;

    private Exchange exchange(String name) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.setProperty(FileAppends.NAME, name);
        return e;
    }

    private FileAppends appends() {
        FileAppends a = new FileAppends();
        a.setDirectory(dir.toString());
        return a;
    }

    @Test
    void aFailedAppendIsCutBackToWhereItBegan() throws Exception {
        Path file = Files.writeString(dir.resolve("events.ndjson"), "{\"id\":1}\n");
        FileAppends appends = appends();
        Exchange e = exchange("events.ndjson");
        appends.mark(e);
        Files.writeString(file, "{\"id\"", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        e.setProperty(Exchange.EXCEPTION_CAUGHT, new IOException("No space left on device"));
        assertThatThrownBy(() -> appends.rollback(e)).hasMessageContaining("No space left");
        appends.release(e);
        assertThat(Files.readString(file)).isEqualTo("{\"id\":1}\n");
    }

    @Test
    void anAppendThatFinishesOnAnotherThreadLetsTheNextOneIn() throws Exception {
        Files.writeString(dir.resolve("events.ndjson"), "");
        FileAppends appends = appends();
        Exchange first = exchange("events.ndjson");
        appends.mark(first);
        // A redelivery or an asynchronous step finishes the exchange on a thread of its own.
        CompletableFuture.runAsync(() -> appends.release(first)).get(10, TimeUnit.SECONDS);
        Exchange second = exchange("events.ndjson");
        CompletableFuture.runAsync(() -> {
            try {
                appends.mark(second);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).get(10, TimeUnit.SECONDS);
        appends.release(second);
    }

    @Test
    void aSecondAppendToTheSameFileWaitsForTheFirst() throws Exception {
        FileAppends appends = appends();
        Exchange first = exchange("events.ndjson");
        appends.mark(first);
        Exchange second = exchange("events.ndjson");
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                appends.mark(second);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        // Held while the first append is marked: it does not get in within this time (a broken lock lets it in at once).
        assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS))
                .as("the second append holds until the first is done").isInstanceOf(TimeoutException.class);
        appends.release(first);
        waiting.get(10, TimeUnit.SECONDS);
        appends.release(second);
    }
}
