package io.junction.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The machine and the versions a run measured, for the report. */
final class Environment {

    final String cpu;
    final int cores;
    final String memory;
    final String javaVersion;
    final String loadAtStart;
    final String junctionCommit;
    final String gatewayBuilt;
    final String quarkus;
    final String camel;
    final String gatewayKafkaClients;
    final String qpidJms;
    final String vertx;
    final String kafkaBroker;
    final String artemis;

    Environment(BenchOptions o) {
        cpu = firstMatch(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^[^:]*:\\s*", "");
        cores = Runtime.getRuntime().availableProcessors();
        String kb = firstMatch(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", "");
        memory = kb.isEmpty() ? "?" : String.format(java.util.Locale.ROOT, "%.1f GB", Long.parseLong(kb) / 1024.0 / 1024.0);
        javaVersion = String.join(" / ", command(List.of(o.java, "-version")));
        loadAtStart = loadAverage();
        String commit = String.join("", command(List.of("git", "-C", o.root.toString(), "rev-parse", "--short", "HEAD")));
        boolean dirty = !command(List.of("git", "-C", o.root.toString(), "status", "--porcelain", "--untracked-files=no")).isEmpty();
        junctionCommit = commit.isEmpty() ? "?" : commit + (dirty ? " + uncommitted changes" : "");
        gatewayBuilt = modified(o.app.resolve("quarkus-run.jar"));
        Path lib = o.app.resolve("lib/main");
        quarkus = jarVersion(lib, "io.quarkus.quarkus-core-");
        camel = jarVersion(lib, "org.apache.camel.camel-core-engine-");
        gatewayKafkaClients = jarVersion(lib, "org.apache.kafka.kafka-clients-");
        qpidJms = jarVersion(lib, "org.apache.qpid.qpid-jms-client-");
        vertx = jarVersion(lib, "io.vertx.vertx-core-");
        kafkaBroker = jarVersion(o.stateDir.resolve("kafka/lib"), "kafka_2.13-");
        artemis = jarVersion(o.stateDir.resolve("artemis/dist"), "apache-artemis-");
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstMatch(Path file, String prefix) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** The version part of the first file in {@code dir} named {@code prefix<version>[.jar]}. */
    private static String jarVersion(Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))
                    .map(n -> n.substring(prefix.length()).replaceFirst("\\.jar$", ""))
                    .filter(v -> !v.isEmpty() && Character.isDigit(v.charAt(0))).sorted().findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<String> command(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
