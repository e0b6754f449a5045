package io.junction.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import io.junction.config.JunctionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's bearer token. Dead letters hold payloads and the API re-sends events, so outside the dev profile
 * it is never open: without {@code junction.admin.token} the gateway makes a token at its first start and keeps it
 * in {@code junction.admin.token-file} (readable by its user only), as notebook servers do; the dashboard, the CLI
 * and operators read it there. The token itself is never logged.
 */
public final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
    /** A kept token shorter than this was not made here: one is made anew. */
    private static final int MIN_LENGTH = 24;

    private AdminToken() {
    }

    /** The configured token, or the one in the token file: what a client (the CLI) sends. */
    public static Optional<String> forClients(JunctionConfig config) {
        return configured(config).or(() -> read(Path.of(config.admin().tokenFile())));
    }

    /**
     * The token the gateway requires: configured, else kept in the token file, else made now and written there.
     * Empty only in the dev profile without a configured token (loopback clients then need none).
     */
    static Optional<String> forGateway(JunctionConfig config, boolean dev) {
        Optional<String> configured = configured(config);
        if (configured.isPresent() || dev) {
            return configured;
        }
        Path file = Path.of(config.admin().tokenFile()).toAbsolutePath();
        Optional<String> kept = read(file);
        if (kept.isPresent()) {
            LOG.info("Admin API token: the one kept in {} (set junction.admin.token to choose your own)", file);
            return kept;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String made = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".admin-token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, made + "\n");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LOG.info("junction.admin.token is not set: made an admin API token and kept it in {} (readable by this"
                    + " user only); the dashboard takes it at /ui#token=...", file);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.error("junction.admin.token is not set and no token could be kept in {} ({}): the admin API refuses"
                    + " every call until junction.admin.token (JUNCTION_ADMIN_TOKEN) is set", file, e.toString());
        }
        return Optional.of(made);
    }

    private static Optional<String> configured(JunctionConfig config) {
        return config.admin().token().map(String::strip).filter(t -> !t.isEmpty());
    }

    private static Optional<String> read(Path file) {
        try {
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            return t.length() >= MIN_LENGTH ? Optional.of(t) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
