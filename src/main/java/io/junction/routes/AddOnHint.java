package io.junction.routes;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user types to add what a route needs and Junction does not ship: the one-step remedy that every "not
 * installed" and "class not found" problem names ({@code ./junction build --with ...}, docs/routes.md).
 */
public final class AddOnHint {

    private static final Pattern CAMEL_COMPONENT = Pattern.compile("org\\.apache\\.camel\\.component\\.([a-z0-9]+)\\..*");

    /**
     * Libraries published examples declare beans of (connection pools, JDBC drivers), by package, with a version
     * that Maven Central serves and that runs with the gateway's Java.
     */
    private static final Map<String, String> LIBRARIES = Map.of(
            "org.messaginghub.pooled.jms.", "org.messaginghub:pooled-jms:3.2.5",
            "com.zaxxer.hikari.", "com.zaxxer:HikariCP:7.1.0",
            "org.apache.commons.pool2.", "org.apache.commons:commons-pool2:2.13.1",
            "org.apache.commons.dbcp2.", "org.apache.commons:commons-dbcp2:2.13.0",
            "com.mysql.cj.", "com.mysql:mysql-connector-j:26.10.0");

    private AddOnHint() {
    }

    /** For a class that is not on the gateway's class path. */
    public static String forClass(String className) {
        Matcher component = CAMEL_COMPONENT.matcher(className);
        if (component.matches()) {
            return "./junction build --with " + component.group(1) + " adds that Camel component";
        }
        for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
            if (className.startsWith(library.getKey())) {
                return "./junction build --with " + library.getValue() + " adds the library that holds it";
            }
        }
        return "fix the name, or ./junction build --with GROUP:ARTIFACT:VERSION adds the library that holds it";
    }

    static String forDataFormat(String name) {
        return "./junction build --with " + name + " adds Camel's " + name
                + " data format (JSON with Jackson is installed: marshal: {json: {library: Jackson}})";
    }

    static String forLanguage(String name) {
        return "./junction build --with " + name + " adds Camel's " + name
                + " language, or write the expression in simple, jq or jsonpath (installed)";
    }
}
