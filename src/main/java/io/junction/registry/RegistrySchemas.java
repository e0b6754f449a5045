package io.junction.registry;

import java.io.IOException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.avro.Schema;

/**
 * Avro schemas from a registry, cached: by id for good (an id always names the same schema), by subject and version
 * for a short while, so that a new {@code latest} version is picked up within that time.
 */
final class RegistrySchemas {

    /** A schema and the id the registry gave it. */
    record Registered(int id, Schema schema) {
    }

    private final RegistryClient registry;
    private final Cache<Integer, Schema> byId = Caffeine.newBuilder().maximumSize(10_000).build();
    private final Cache<String, Registered> bySubject;

    RegistrySchemas(RegistryClient registry, Duration latestFor) {
        this.registry = registry;
        this.bySubject = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(latestFor).build();
    }

    /** The schemas an action reads from the registry at {@code url}, with credentials from the environment. */
    static RegistrySchemas of(String action, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(action + ": registryUrl is required");
        }
        return new RegistrySchemas(RegistryClient.fromEnvironment(url), Duration.ofSeconds(30));
    }

    Schema byId(int id) throws IOException {
        Schema s = byId.getIfPresent(id);
        if (s == null) {
            s = avro(registry.schema(id), "id " + id);
            byId.put(id, s);
        }
        return s;
    }

    Registered bySubject(String subject, String version) throws IOException {
        String key = subject + "/" + version;
        Registered r = bySubject.getIfPresent(key);
        if (r == null) {
            RegistryClient.Version v = registry.version(subject, version);
            r = new Registered(v.id(), avro(v, subject + " version " + version));
            bySubject.put(key, r);
            byId.put(v.id(), r.schema());
        }
        return r;
    }

    private static Schema avro(RegistryClient.Version v, String what) {
        if (!"AVRO".equals(v.type())) {
            throw new IllegalArgumentException("schema " + what + " in the registry is " + v.type() + ", not AVRO");
        }
        return new Schema.Parser().parse(v.schema());
    }
}
