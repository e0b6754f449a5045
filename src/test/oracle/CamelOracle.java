import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.camel.Route;
import org.apache.camel.main.Main;

/**
 * Stock Apache Camel as a differential oracle for Junction's route loading: loads each route file given on the
 * command line with plain camel-main and camel-yaml-dsl (no Quarkus, no Junction), routes built but not started,
 * with the corpus's properties and the file's own (NAME.properties beside it), and prints one line per file: {@code file<TAB>loads<TAB>id,id,...} or {@code file<TAB>refused<TAB>reason}.
 * <p>
 * Run as a single-file program (java -cp JARS CamelOracle.java KAMELETS PROPERTIES FILE...) by
 * DifferentialLoadingTest, with a class path of Camel jars only.
 */
public class CamelOracle {

    public static void main(String[] args) throws Exception {
        Path kamelets = Path.of(args[0]).toAbsolutePath();
        Properties props = new Properties();
        try (var in = Files.newInputStream(Path.of(args[1]))) {
            props.load(in);
        }
        for (int i = 2; i < args.length; i++) {
            Path file = Path.of(args[i]).toAbsolutePath();
            System.out.println(file.getFileName() + "\t" + verdict(file, kamelets, withOwn(props, file)));
        }
        System.exit(0);
    }

    /** The corpus's properties, and over them the file's own (NAME.properties beside it), as its example sets them. */
    static Properties withOwn(Properties props, Path file) throws java.io.IOException {
        Properties all = new Properties();
        all.putAll(props);
        Path own = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.ya?ml$", ".properties"));
        if (Files.exists(own)) {
            try (var in = Files.newInputStream(own)) {
                all.load(in);
            }
        }
        // How the example's application finds its files and what it prints are not what it loads: the oracle loads
        // the one file it is given.
        all.keySet().removeIf(k -> {
            String key = k.toString().toLowerCase(java.util.Locale.ROOT).replace("-", "");
            return key.contains("routesincludepattern") || key.contains("routesexcludepattern")
                    || key.startsWith("camel.main.dumproutes");
        });
        return all;
    }

    private static String verdict(Path file, Path kamelets, Properties props) {
        Main main = new Main();
        try {
            // Only the corpus's own properties: never an application.properties found on the class path.
            main.setDefaultPropertyPlaceholderLocation("false");
            main.configure().withRoutesIncludePattern("file:" + file);
            // Routes are created (every endpoint resolved, every EIP built) but no consumer connects anywhere.
            main.configure().withAutoStartup(false);
            main.configure().withRoutesReloadEnabled(false);
            // The corpus's connectors, then Apache's catalog (on the class path), as Camel JBang finds Kamelets.
            main.addInitialProperty("camel.component.kamelet.location", "file:" + kamelets + ",classpath:kamelets");
            props.forEach((k, v) -> main.addInitialProperty((String) k, (String) v));
            main.start();
            List<String> ids = new ArrayList<>();
            for (Route r : main.getCamelContext().getRoutes()) {
                if (!r.isCreatedByKamelet()) {
                    ids.add(r.getRouteId());
                }
            }
            ids.sort(null);
            return "loads\t" + String.join(",", ids);
        } catch (Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "refused\t" + String.valueOf(root.getMessage()).replaceAll("\\s+", " ");
        } finally {
            try {
                main.stop();
            } catch (Throwable ignored) {
                // a context that failed to start has nothing to stop
            }
        }
    }
}
