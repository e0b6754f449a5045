package io.junction.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds route and connector files under the configured paths and reads them.
 * <p>
 * Directories are walked recursively and symbolic links are followed, but entries whose name starts with a dot are
 * skipped: Kubernetes mounts a ConfigMap as {@code name -> ..data/name} with {@code ..data} pointing at a timestamped
 * directory, so following the visible links and skipping the dot-directories reads every file exactly once, and a
 * ConfigMap update (an atomic swap of {@code ..data}) shows up as changed content.
 */
public final class RouteSources {

    private RouteSources() {
    }

    public static boolean isKameletFile(String fileName) {
        return fileName.endsWith(".kamelet.yaml") || fileName.endsWith(".kamelet.yml");
    }

    /** Route tests live beside routes ({@code *.test.yaml}) and are not routes. */
    public static boolean isTestFile(String fileName) {
        return fileName.endsWith(".test.yaml") || fileName.endsWith(".test.yml");
    }

    public static boolean isRouteFile(String fileName) {
        return (fileName.endsWith(".yaml") || fileName.endsWith(".yml"))
                && !isKameletFile(fileName) && !isTestFile(fileName);
    }

    /**
     * Reads every route file under {@code routePaths} and every Kamelet under both lists (a Kamelet placed among
     * routes is still a Kamelet). Paths may be files or directories; missing paths contribute nothing. The result is
     * sorted by name and free of duplicates, so two scans of the same tree compare equal.
     */
    public static List<SourceFile> scan(List<Path> routePaths, List<Path> connectorPaths) {
        Map<Path, SourceFile> found = new LinkedHashMap<>();
        for (Path root : routePaths) {
            for (Path file : list(root)) {
                String name = file.getFileName().toString();
                if (isRouteFile(name)) {
                    found.putIfAbsent(file, read(file, SourceFile.Kind.ROUTE));
                } else if (isKameletFile(name)) {
                    found.putIfAbsent(file, read(file, SourceFile.Kind.KAMELET));
                }
            }
        }
        for (Path root : connectorPaths) {
            for (Path file : list(root)) {
                if (isKameletFile(file.getFileName().toString())) {
                    found.putIfAbsent(file, read(file, SourceFile.Kind.KAMELET));
                }
            }
        }
        List<SourceFile> files = new ArrayList<>(found.values());
        files.sort(Comparator.comparing(SourceFile::name));
        return files;
    }

    /** A digest over names and contents: equal digests mean nothing a reload would see has changed. */
    public static String digest(List<SourceFile> files) {
        MessageDigest md = sha256();
        for (SourceFile f : files) {
            md.update(f.name().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(f.sha256().getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    /** The name used in messages: relative to the working directory when the file is below it. */
    public static String displayName(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    private static List<Path> list(Path root) {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(p -> !hiddenBelow(root, p))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            // A file vanishing mid-walk (an editor's rename, a ConfigMap swap) is not an error: the watcher
            // rescans after the next event.
            return List.of();
        }
    }

    private static boolean hiddenBelow(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static SourceFile read(Path file, SourceFile.Kind kind) {
        try {
            byte[] content = Files.readAllBytes(file);
            return new SourceFile(file, displayName(file), kind, content, sha256Hex(content));
        } catch (IOException e) {
            // Reported by the loader as an error: an unreadable file must not count as an emptied one.
            return new SourceFile(file, displayName(file), kind, null, "unreadable:" + e.getClass().getSimpleName());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
