package io.junction.routes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A route or connector file as read from disk at one moment. Content is kept so that a set can be re-parsed
 * (rollback) exactly as it was validated, even if the file has changed since.
 */
public record SourceFile(Path path, String name, Kind kind, byte[] content, String sha256) {

    public enum Kind {
        /** Camel YAML DSL: a list of route, routeConfiguration, beans... items. */
        ROUTE,
        /** A Kamelet ({@code *.kamelet.yaml}): a reusable source, sink or action. */
        KAMELET
    }

    /** False when the file could not be read; its content is then {@code null}. */
    public boolean readable() {
        return content != null;
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /**
     * The location Camel resources use; the {@code file:} scheme keeps error messages pointing at the real file (a
     * Kamelet of Apache's catalog is a class path resource).
     */
    public String location() {
        return ApacheKamelets.isCatalog(this) ? "classpath:" + path : "file:" + path.toAbsolutePath().normalize();
    }
}
