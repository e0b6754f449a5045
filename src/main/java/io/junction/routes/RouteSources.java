package io.junction.routes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.junction.schemas.SchemaStore;

/**
 * Finds route and connector files under the configured paths and reads them.
 * <p>
 * Directories are walked recursively and symbolic links are followed, but entries whose name starts with a dot are
 * skipped: Kubernetes mounts a ConfigMap as {@code name -> ..data/name} with {@code ..data} pointing at a timestamped
 * directory, so following the visible links and skipping the dot-directories reads every file exactly once, and a
 * ConfigMap update (an atomic swap of {@code ..data}) shows up as changed content. A {@code schemas/} directory holds
 * versioned schemas ({@link SchemaStore}), not routes.
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
                && !isKameletFile(fileName) && !isTestFile(fileName) && !isOtherToolsFile(fileName);
    }

    /**
     * YAML that example folders hold beside their routes for other tools, skipped as Camel JBang skips them:
     * container compose files and Citrus tests ({@code compose.yaml}, {@code docker-compose.yml},
     * {@code *.compose.yaml}, {@code *.citrus.yaml}, {@code *.citrus.it.yaml}).
     */
    static boolean isOtherToolsFile(String fileName) {
        String n = fileName.toLowerCase(java.util.Locale.ROOT).replaceFirst("\\.ya?ml$", "");
        return n.equals("compose") || n.startsWith("docker-compose") || n.endsWith(".compose")
                || n.endsWith(".citrus") || n.endsWith(".citrus.it");
    }

    /**
     * Reads every route file under {@code routePaths} and every Kamelet under both lists (a Kamelet placed among
     * routes is still a Kamelet). Paths may be files or directories; missing paths contribute nothing. The result is
     * sorted by name and free of duplicates, so two scans of the same tree compare equal.
     */
    public static List<SourceFile> scan(List<Path> routePaths, List<Path> connectorPaths) {
        return scan(routePaths, connectorPaths, null);
    }

    /** As {@link #scan(List, List)}, taking the content of files that did not change from {@code cache}. */
    public static List<SourceFile> scan(List<Path> routePaths, List<Path> connectorPaths, Cache cache) {
        java.util.function.BiFunction<Path, SourceFile.Kind, SourceFile> read = cache != null ? cache::read
                : RouteSources::read;
        Map<Path, SourceFile> found = new LinkedHashMap<>();
        for (Path root : routePaths) {
            collect(root, SourceFile.Kind.ROUTE, read, found);
        }
        for (Path root : connectorPaths) {
            collect(root, SourceFile.Kind.KAMELET, read, found);
        }
        List<SourceFile> files = new ArrayList<>(found.values());
        files.sort(Comparator.comparing(SourceFile::name));
        if (cache != null) {
            cache.retainOnly(files);
        }
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

    /**
     * Adds the files below {@code root} to {@code found}: under a route root, route files and Kamelets (a Kamelet
     * placed among routes is still a Kamelet); under a connector root, Kamelets only. A root that cannot be listed is
     * added as unreadable.
     */
    private static void collect(Path root, SourceFile.Kind kind,
            java.util.function.BiFunction<Path, SourceFile.Kind, SourceFile> read, Map<Path, SourceFile> found) {
        List<Path> listed;
        try {
            listed = list(root);
        } catch (IOException e) {
            found.putIfAbsent(root, unreadable(root, kind, e));
            return;
        }
        for (Path file : listed) {
            String name = file.getFileName().toString();
            boolean wanted = kind == SourceFile.Kind.ROUTE && isRouteFile(name) || isKameletFile(name);
            if (wanted && !Files.isRegularFile(file)) {
                // A device, a FIFO or a socket (or a link to one) named like a route file: reading it would block
                // or never end, and skipping it without a word hid it. It is named, so the set is refused.
                found.putIfAbsent(file, unreadable(file, kind, NOT_A_FILE));
                continue;
            }
            if (kind == SourceFile.Kind.ROUTE && isRouteFile(name)) {
                found.computeIfAbsent(file, f -> read.apply(f, SourceFile.Kind.ROUTE));
            } else if (isKameletFile(name)) {
                found.computeIfAbsent(file, f -> read.apply(f, SourceFile.Kind.KAMELET));
            }
        }
    }

    /**
     * The files below {@code root}. A root that is missing or cannot be walked completely (a symbolic link loop, a
     * directory that cannot be read) throws: an incomplete listing must never pass for a set of routes that was
     * emptied on purpose, which takes an existing, readable, empty directory.
     */
    private static List<Path> list(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            throw Files.exists(root) ? new IOException(NOT_A_FILE)
                    : new NoSuchFileException(root.toString(), null, "no such directory");
        }
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        // schemas/ holds versioned schemas (SchemaStore), whose subject.yaml is not a route.
                        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                        return !dir.equals(root) && (name.startsWith(".") || name.equals(SchemaStore.DIRECTORY))
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if ((attrs.isRegularFile() || attrs.isOther()) && !file.getFileName().toString().startsWith(".")) {
                            files.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException && !file.equals(root)) {
                            // Vanished while walking (an editor's rename): the next event rescans.
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        files.sort(null);
        return files;
    }

    private static final String NOT_A_FILE = "not a regular file (a device, a FIFO or a socket): remove it from the"
            + " routes folder";

    /** Stands for a root that could not be listed; the loader reports it, so the set is refused. */
    private static SourceFile unreadable(Path root, SourceFile.Kind kind, IOException e) {
        String why = e instanceof FileSystemLoopException ? "a symbolic link loops back at " + e.getMessage()
                : e instanceof NoSuchFileException ? "no such directory"
                : NOT_A_FILE.equals(e.getMessage()) ? NOT_A_FILE
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return unreadable(root, kind, why);
    }

    private static SourceFile unreadable(Path file, SourceFile.Kind kind, String why) {
        return new SourceFile(file, displayName(file), kind, null, "unreadable: " + why);
    }

    /**
     * The largest route or connector file read: far above any real one (schemas live in their own files), and low
     * enough that reading and checking it stays well under a second. An 8 MB file held the reload thread for minutes.
     */
    static final int MAX_BYTES = 1024 * 1024;

    private static SourceFile read(Path file, SourceFile.Kind kind) {
        try {
            byte[] content;
            try (java.io.InputStream in = Files.newInputStream(file)) {
                content = in.readNBytes(MAX_BYTES + 1);
            }
            if (content.length > MAX_BYTES) {
                return new SourceFile(file, displayName(file), kind, null, "unreadable: larger than "
                        + MAX_BYTES / 1024 + " KiB, the most a route or connector file may be; keep data such as"
                        + " schemas in files of their own");
            }
            return new SourceFile(file, displayName(file), kind, content, sha256Hex(content));
        } catch (IOException e) {
            // Reported by the loader as an error: an unreadable file must not count as an emptied one.
            return new SourceFile(file, displayName(file), kind, null, "unreadable: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The content of files read before, reused while a file's size, modification time and identity (inode) are
     * unchanged, so that a rescan of a large route set reads only what changed. As git does with its index, a file
     * modified less than {@link #SETTLE} before it was read is read again next time: a second write within the
     * file system's timestamp granularity could otherwise go unseen.
     */
    public static final class Cache {
        static final long SETTLE = 2_000;

        private record Entry(long size, long modified, Object key, long readAt, SourceFile file) {
        }

        private final Map<Path, Entry> entries = new java.util.concurrent.ConcurrentHashMap<>();

        SourceFile read(Path file, SourceFile.Kind kind) {
            java.nio.file.attribute.BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            } catch (IOException e) {
                entries.remove(file);
                return RouteSources.read(file, kind);
            }
            long modified = attrs.lastModifiedTime().toMillis();
            Entry e = entries.get(file);
            if (e != null && e.size() == attrs.size() && e.modified() == modified
                    && java.util.Objects.equals(e.key(), attrs.fileKey()) && modified < e.readAt() - SETTLE
                    && e.file().kind() == kind) {
                return e.file();
            }
            long readAt = System.currentTimeMillis();
            SourceFile f = RouteSources.read(file, kind);
            if (f.readable()) {
                entries.put(file, new Entry(attrs.size(), modified, attrs.fileKey(), readAt, f));
            }
            return f;
        }

        /** Forgets files that no longer exist (call with the last scan's files). */
        void retainOnly(List<SourceFile> files) {
            java.util.Set<Path> live = new java.util.HashSet<>();
            files.forEach(f -> live.add(f.path()));
            entries.keySet().retainAll(live);
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
