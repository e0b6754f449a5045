package io.junction.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The shared corpus of broken and valid route files (src/test/resources/corpus), for validation and reload tests. */
final class Corpus {

    static final Path BROKEN = Path.of("src/test/resources/corpus/broken");
    static final Path VALID = Path.of("src/test/resources/corpus/valid");
    static final Path CONNECTORS = Path.of("connectors");
    private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+): (.+)$", Pattern.MULTILINE);

    /** One broken case: its files, and the error it must produce (file, line, text the message contains). */
    record Case(String name, Path path, String file, int line, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Corpus() {
    }

    static List<Case> broken() throws IOException {
        try (Stream<Path> entries = Files.list(BROKEN)) {
            return entries.sorted().map(Corpus::parse).toList();
        }
    }

    private static Case parse(Path entry) {
        try {
            List<Path> files = Files.isDirectory(entry) ? Files.list(entry).sorted().toList() : List.of(entry);
            for (Path f : files) {
                Matcher m = EXPECT.matcher(Files.readString(f));
                if (m.find()) {
                    return new Case(entry.getFileName().toString(), entry, f.getFileName().toString(),
                            Integer.parseInt(m.group(1)), m.group(2));
                }
            }
            throw new IllegalStateException(entry + " has no '# expect: LINE: text' line");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
