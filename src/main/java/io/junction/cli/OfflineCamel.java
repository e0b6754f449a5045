package io.junction.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.junction.config.ConfigBuilders;
import io.junction.config.JunctionConfig;
import io.junction.idempotency.JunctionIdempotentRepository;
import io.junction.routes.Problem;
import io.junction.schemas.SchemaFunction;
import io.junction.schemas.SchemaStore;
import io.junction.secrets.SecretConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.camel.component.microprofile.config.CamelMicroProfilePropertiesSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * A Camel context for the offline commands, configured from the same sources as the gateway (the built-in
 * defaults, config/application.properties, the environment, system properties, the prod profile), so a
 * placeholder that resolves here resolves in the gateway too. It connects to nothing.
 */
final class OfflineCamel {

    private OfflineCamel() {
    }

    static DefaultCamelContext start(List<Path> routePaths) {
        DefaultCamelContext context = create(routePaths);
        context.start();
        return context;
    }

    /** junction.* from the same sources as the gateway's, typed. */
    static JunctionConfig config() {
        registerConfig();
        return ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader()).unwrap(SmallRyeConfig.class)
                .getConfigMapping(JunctionConfig.class);
    }

    /**
     * Not started yet, for callers that replace components first (route tests). {@code {{schema:NAME}}} resolves
     * against the {@code schemas/} directories at or below the route paths, as in the gateway.
     */
    static DefaultCamelContext create(List<Path> routePaths) {
        registerConfig();
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().addPropertiesFunction(new SchemaFunction(new SchemaStore(schemaRoots(routePaths))));
        // As the gateway runs (camel.main.source-location-enabled): definitions carry their file and line.
        context.setSourceLocationEnabled(true);
        context.getPropertiesComponent().addPropertiesSource(new CamelMicroProfilePropertiesSource());
        // The gateway's own beans that routes name, so that a reference to one is not reported missing.
        context.getRegistry().bind("junctionIdempotency", JunctionIdempotentRepository.inMemory(1));
        bindConfiguredBeans(context);
        return context;
    }

    /**
     * The beans the configuration declares ({@code camel.beans.NAME=#class:...} and its {@code camel.beans.NAME.*}
     * properties), which the gateway's Camel Main binds at start: a route that names one is not reported missing.
     * A declaration that cannot be built is left out, so the route's reference to it is reported.
     */
    static void bindConfiguredBeans(DefaultCamelContext context) {
        var config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
        java.util.Map<String, String> declared = new java.util.TreeMap<>();
        java.util.Map<String, java.util.Map<String, Object>> properties = new java.util.HashMap<>();
        for (String key : config.getPropertyNames()) {
            if (!key.startsWith("camel.beans.")) {
                continue;
            }
            String rest = key.substring("camel.beans.".length());
            int dot = rest.indexOf('.');
            var value = config.getOptionalValue(key, String.class);
            if (value.isEmpty()) {
                continue;
            }
            if (dot < 0) {
                declared.put(rest, value.get());
            } else {
                properties.computeIfAbsent(rest.substring(0, dot), n -> new java.util.HashMap<>())
                        .put(rest.substring(dot + 1), value.get());
            }
        }
        declared.forEach((name, value) -> {
            try {
                Object bean = org.apache.camel.support.PropertyBindingSupport.resolveBean(context, value);
                if (bean != null && !(bean instanceof String)) {
                    org.apache.camel.support.PropertyBindingSupport.bindProperties(context, bean,
                            properties.getOrDefault(name, new java.util.HashMap<>()));
                    context.getRegistry().bind(name, bean);
                }
            } catch (Exception | LinkageError e) {
                // Not bound: the route that names it gets "no bean named", as the gateway would refuse it.
            }
        });
    }

    /**
     * What in the configuration stops the gateway at start, which only starting would otherwise tell: a bean
     * declared there ({@code camel.beans.NAME=#class:...}) that cannot be made (its class missing, a property it lacks),
     * and a component option that names a bean ({@code camel.component.jms.connection-factory=#bean:cf} or {@code =#cf})
     * which neither the configuration nor a route file declares (Camel Main binds both when the gateway starts).
     * Call after the route files were loaded (their beans are bound then). The gateway's own beans
     * ({@code #junction...}) are not checked.
     */
    static List<Problem> configuredBeans(DefaultCamelContext context) {
        SmallRyeConfig config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader())
                .unwrap(SmallRyeConfig.class);
        List<Problem> problems = new java.util.ArrayList<>();
        Set<String> declared = new java.util.HashSet<>();
        for (String key : config.getPropertyNames()) {
            String bean = key.startsWith("camel.beans.") ? key.substring("camel.beans.".length()) : null;
            if (bean == null || bean.contains(".")) {
                continue;
            }
            declared.add(bean);
            io.smallrye.config.ConfigValue value = config.getConfigValue(key);
            if (context.getRegistry().lookupByName(bean) != null || value.getValue() == null) {
                continue;
            }
            String why;
            String hint = "fix the class name and the camel.beans." + bean + ".* properties";
            try {
                org.apache.camel.support.PropertyBindingSupport.resolveBean(context, value.getValue());
                continue; // a plain value, not a bean: Camel Main binds it as it is
            } catch (Exception | LinkageError e) {
                why = Problem.rootMessage(e);
                for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                    if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
                        why = "class " + t.getMessage().replace('/', '.') + " not found";
                        hint = io.junction.routes.AddOnHint.forClass(t.getMessage().replace('/', '.'));
                    }
                }
            }
            problems.add(Problem.error(sourceOf(value), Math.max(1, value.getLineNumber()), 1, "bean " + bean
                    + " (" + key + ") cannot be created: " + why + "; the gateway refuses to start").withHint(hint));
        }
        for (String key : config.getPropertyNames()) {
            if (!key.startsWith("camel.component.")) {
                continue;
            }
            io.smallrye.config.ConfigValue value = config.getConfigValue(key);
            String text = value.getValue() == null ? "" : value.getValue().strip();
            String name = text.startsWith("#bean:") ? text.substring(6) : text.startsWith("#") ? text.substring(1) : null;
            if (name == null || name.isEmpty() || name.contains(":") || name.contains("(") || name.startsWith("junction")
                    || declared.contains(name) || context.getRegistry().lookupByName(name) != null) {
                continue; // not a reference (#class:, #type:, #valueAs(...)), the gateway's own, or declared
            }
            problems.add(Problem.error(sourceOf(value), Math.max(1, value.getLineNumber()), 1, key + " names bean '" + name
                    + "', which nothing declares: the gateway refuses to start (NoSuchBeanException)")
                    .withHint("declare it in config/application.properties (camel.beans." + name + "=#class:THE_CLASS"
                            + ", and camel.beans." + name + ".PROPERTY=... for its settings) or in a route file"
                            + " (beans: - name: " + name + "), or fix the name"));
        }
        return problems;
    }

    /** The file that set a value (config/application.properties), or which other source did. */
    private static String sourceOf(io.smallrye.config.ConfigValue value) {
        String name = String.valueOf(value.getSourceName());
        java.util.regex.Matcher file = java.util.regex.Pattern.compile("source=(?:file:)?([^\\]]+)").matcher(name);
        if (file.find()) {
            Path path = Path.of(file.group(1));
            Path here = Path.of("").toAbsolutePath();
            return path.isAbsolute() && path.startsWith(here) ? here.relativize(path).toString() : path.toString();
        }
        return name.startsWith("SysProp") ? "(system property)" : name.startsWith("Env") ? "(environment)" : name;
    }

    /** Where {@code schemas/} directories are looked for: each route path's directory (a file's: its parent). */
    static List<Path> schemaRoots(List<Path> routePaths) {
        Set<Path> roots = new LinkedHashSet<>();
        for (Path p : routePaths) {
            Path dir = p.toAbsolutePath().normalize();
            roots.add(Files.isDirectory(dir) || dir.getParent() == null ? dir : dir.getParent());
        }
        return List.copyOf(roots);
    }

    private static void registerConfig() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try {
            SmallRyeConfigBuilder builder = ConfigBuilders.offline().forClassLoader(cl).addDefaultSources()
                    .withProfile(System.getProperty("quarkus.profile", "prod"));
            URL builtIn = cl.getResource("application.properties");
            if (builtIn != null) {
                builder.withSources(new PropertiesConfigSource(builtIn, 250));
            }
            Path file = Path.of("config", "application.properties");
            if (Files.isRegularFile(file)) {
                builder.withSources(new PropertiesConfigSource(file.toUri().toURL(), 260));
            }
            SmallRyeConfig config = builder.build();
            ConfigProviderResolver resolver = ConfigProviderResolver.instance();
            try {
                resolver.releaseConfig(resolver.getConfig(cl));
            } catch (IllegalStateException e) {
                // none registered yet
            }
            resolver.registerConfig(config, cl);
            SecretConfig.registerAll(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
