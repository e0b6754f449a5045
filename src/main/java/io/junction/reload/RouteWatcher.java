package io.junction.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when the route and connector directories may have changed: file-system events (debounced, because editors
 * and ConfigMap updates write in several steps) plus a periodic rescan for file systems whose events cannot be
 * trusted. It only signals; deciding whether anything really changed is the caller's job (by content digest).
 */
public final class RouteWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteWatcher.class);

    private final List<Path> roots;
    private final Duration debounce;
    private final Duration pollInterval;
    private final Runnable onChange;
    private final java.util.function.Consumer<Throwable> onFailure;
    private final Map<WatchKey, Path> watched = new ConcurrentHashMap<>();
    private WatchService service;
    private Thread thread;
    private volatile boolean running;

    /** @param onFailure told of anything that escaped a pass; the watcher goes on with the next one */
    public RouteWatcher(List<Path> roots, Duration debounce, Duration pollInterval, Runnable onChange,
            java.util.function.Consumer<Throwable> onFailure) {
        this.roots = List.copyOf(roots);
        this.debounce = debounce;
        this.pollInterval = pollInterval;
        this.onChange = onChange;
        this.onFailure = onFailure;
    }

    public void start() throws IOException {
        service = FileSystems.getDefault().newWatchService();
        registerAll();
        running = true;
        thread = new Thread(this::loop, "junction-route-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                WatchKey key = service.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    drain(key);
                    // Wait for a quiet period: more events restart the wait.
                    WatchKey more;
                    while ((more = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                        drain(more);
                    }
                }
                // New directories (and symlink swaps) must be watched too.
                registerAll();
                onChange.run();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (Throwable e) {
                // A thread that died here would leave every later edit unapplied while the gateway looked healthy.
                LOG.error("Route watcher: {}", e.toString(), e);
                try {
                    onFailure.accept(e);
                } catch (Throwable again) {
                    LOG.error("Route watcher could not report the failure: {}", again.toString());
                }
            }
        }
    }

    private void drain(WatchKey key) {
        key.pollEvents();
        if (!key.reset()) {
            // The directory is gone; if it comes back it is registered afresh.
            watched.remove(key);
        }
    }

    private void registerAll() {
        for (Path root : roots) {
            // Watch the parent too, so that a routes directory created (or swapped) later is noticed.
            Path parent = root.toAbsolutePath().getParent();
            register(parent);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> dirs = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
                dirs.filter(Files::isDirectory).forEach(this::register);
            } catch (IOException | RuntimeException e) {
                // A directory vanished while walking; the next pass registers what exists then.
            }
        }
    }

    private void register(Path dir) {
        if (dir == null) {
            return;
        }
        Path abs = dir.toAbsolutePath().normalize();
        if (watched.containsValue(abs) || !Files.isDirectory(abs)) {
            return;
        }
        try {
            WatchKey key = abs.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            watched.put(key, abs);
        } catch (IOException e) {
            // Not watchable now (removed meanwhile): the periodic rescan still sees changes.
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        try {
            if (service != null) {
                service.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
