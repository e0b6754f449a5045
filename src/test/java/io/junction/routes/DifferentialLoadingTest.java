package io.junction.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential loading: every file of the corpus (src/test/resources/differential) is loaded by stock Apache Camel
 * 4.17 (camel-main + camel-yaml-dsl, in its own JVM with Camel's jars only: src/test/oracle/CamelOracle.java) and by
 * Junction's loader. Both must give the same verdict (loads / refused) and the same route ids. Where Junction refuses
 * on purpose, the file says so in a {@code # junction: refuses: TEXT} line and Junction's error must contain TEXT.
 * Ids that neither side was given (Camel's route1, Junction's file-based names) are compared by count.
 */
class DifferentialLoadingTest {

    static final Path CORPUS = Path.of("src/test/resources/differential");
    static final Path KAMELETS = CORPUS.resolve("kamelets");
    static final Path PROPERTIES = CORPUS.resolve("application.properties");
    /** Files as their repositories publish them, unchanged (sources.tsv says where each comes from). */
    static final Path PUBLISHED = CORPUS.resolve("published");
    /** For published files Junction refuses on purpose: file, tab, the text its error must contain. */
    static final Path PUBLISHED_REFUSALS = PUBLISHED.resolve("refusals.tsv");
    /**
     * Published files whose stock verdict depends on the machine or the runner (a broker host name that does not
     * resolve here; a file of a multi-file example whose properties name a bean another file declares): file, tab,
     * stock Camel's reason.
     */
    static final Path PUBLISHED_ENVIRONMENT = PUBLISHED.resolve("environment.tsv");
    private static final Pattern REFUSES = Pattern.compile("^# junction: refuses: (.+)$", Pattern.MULTILINE);
    private static final Pattern GENERATED = Pattern.compile("names (?:it|its route) '([^']+)'");
    private static final Pattern CAMEL_GENERATED = Pattern.compile("route\\d+");

    record Verdict(boolean loads, List<String> ids, String reason) {
    }

    static Map<String, Verdict> oracle;
    static DefaultCamelContext camel;

    @BeforeAll
    static void runOracle() throws Exception {
        oracle = stockCamel(files());
        camel = new DefaultCamelContext();
        Properties props = new Properties();
        try (var in = Files.newInputStream(PROPERTIES)) {
            props.load(in);
        }
        camel.getPropertiesComponent().setInitialProperties(props);
        camel.setSourceLocationEnabled(true); // as the gateway runs

        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> own = Files.list(CORPUS); Stream<Path> published = Files.list(PUBLISHED)) {
            return Stream.concat(own, published).filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static Map<String, String> publishedRefusals() throws IOException {
        return tsv(PUBLISHED_REFUSALS);
    }

    static Map<String, String> tsv(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\t", 2);
                if (f.length == 2 && !line.startsWith("#")) {
                    out.put(f[0], f[1]);
                }
            }
        }
        return out;
    }

    @Test
    void theCorpusHasAtLeast40FilesAndTheOracleJudgedEveryOne() throws Exception {
        assertThat(files()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(oracle.keySet()).containsExactlyInAnyOrderElementsOf(
                files().stream().map(p -> p.getFileName().toString()).toList());
        // The oracle is not a rubber stamp: it refuses what Camel refuses.
        assertThat(oracle.values()).anyMatch(v -> !v.loads()).anyMatch(Verdict::loads);
    }

    @Test
    void everyPublishedFileSaysWhereItComesFrom() throws IOException {
        List<String> listed = Files.readAllLines(PUBLISHED.resolve("sources.tsv")).stream().skip(1)
                .map(l -> l.split("\t")).peek(f -> assertThat(f).as("file, repo, commit, path, license").hasSize(5))
                .peek(f -> assertThat(f[2]).as("a commit").matches("[0-9a-f]{40}")).map(f -> f[0]).toList();
        try (Stream<Path> s = Files.list(PUBLISHED)) {
            assertThat(listed).containsAll(s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".properties")).toList());
        }
        assertThat(listed.stream().filter(n -> n.endsWith(".yaml"))).hasSizeGreaterThanOrEqualTo(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void junctionAgreesWithStockCamel(Path file) throws Exception {
        Verdict camelSays = oracle.get(file.getFileName().toString());
        String environment = tsv(PUBLISHED_ENVIRONMENT).get(file.getFileName().toString());
        if (environment != null) {
            assertThat(camelSays.loads()).as("stock Camel refuses it here").isFalse();
            assertThat(camelSays.reason()).contains(environment);
            return;
        }
        RouteSet set;
        Path own = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.yaml$", ".properties"));
        if (Files.exists(own)) {
            // The example's own properties, over the corpus's, in a context of its own.
            try (DefaultCamelContext withOwn = new DefaultCamelContext()) {
                Properties props = new Properties();
                for (Path p : List.of(PROPERTIES, own)) {
                    try (var in = Files.newInputStream(p)) {
                        props.load(in);
                    }
                }
                withOwn.getPropertiesComponent().setInitialProperties(props);
                withOwn.setSourceLocationEnabled(true);
                withOwn.start();
                set = new RouteSetLoader(withOwn).load(RouteSources.scan(List.of(file), List.of(KAMELETS)));
            }
        } else {
            set = new RouteSetLoader(camel).load(RouteSources.scan(List.of(file), List.of(KAMELETS)));
        }
        Matcher refuses = REFUSES.matcher(Files.readString(file));
        String onPurpose = refuses.find() ? refuses.group(1) : publishedRefusals().get(file.getFileName().toString());
        if (onPurpose != null) {
            assertThat(set.errors()).as("Junction refuses this file on purpose").isNotEmpty()
                    .anySatisfy(p -> assertThat(p.format()).contains(onPurpose));
            return;
        }
        String context = "stock Camel: " + camelSays + "; Junction: " + set.problems();
        assertThat(!set.hasErrors()).as(context).isEqualTo(camelSays.loads());
        if (camelSays.loads()) {
            assertThat(normalized(new ArrayList<>(set.routes().keySet()), generatedByJunction(set)))
                    .as(context).isEqualTo(normalized(camelSays.ids(), List.of()));
        }
    }

    /** Given ids sorted, then one '*' per generated id. */
    private static List<String> normalized(List<String> ids, List<String> generated) {
        List<String> given = new ArrayList<>(new TreeSet<>(ids.stream()
                .filter(id -> !generated.contains(id) && !CAMEL_GENERATED.matcher(id).matches()).toList()));
        ids.stream().filter(id -> generated.contains(id) || CAMEL_GENERATED.matcher(id).matches())
                .forEach(id -> given.add("*"));
        return given;
    }

    private static List<String> generatedByJunction(RouteSet set) {
        List<String> names = new ArrayList<>();
        for (Problem p : set.problems()) {
            Matcher m = GENERATED.matcher(p.message());
            if (!p.isError() && m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Runs the oracle once over every file, in a JVM whose class path has Camel's jars but no Quarkus or Junction. */
    private static Map<String, Verdict> stockCamel(List<Path> files) throws Exception {
        String classPath = Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(e -> !e.contains("/io/quarkus/") && !e.contains("/org/apache/camel/quarkus/")
                        && !e.contains("/io/quarkiverse/") && !e.contains("/org/jboss/logmanager/")
                        && !e.contains("/camel-microprofile-") && !e.contains("/io/smallrye/config/")
                        && !e.endsWith("classes") && !e.endsWith("classes/"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classPath, Path.of("src/test/oracle/CamelOracle.java").toAbsolutePath().toString(),
                KAMELETS.toAbsolutePath().toString(), PROPERTIES.toAbsolutePath().toString()));
        files.forEach(f -> command.add(f.toAbsolutePath().toString()));
        Path log = Files.createTempFile("camel-oracle", ".log");
        // Run where no config/application.properties of Junction's can be found.
        Process p = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the oracle finished").isTrue();
        assertThat(p.exitValue()).as("oracle exit; its log: " + log).isZero();
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", 3);
            if (f.length == 3 && (f[1].equals("loads") || f[1].equals("refused"))) {
                boolean loads = f[1].equals("loads");
                verdicts.put(f[0], new Verdict(loads,
                        loads && !f[2].isEmpty() ? List.of(f[2].split(",")) : List.of(), loads ? null : f[2]));
            }
        }
        return verdicts;
    }
}
