package io.junction.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.util.UnsafeUriCharactersEncoder;

/**
 * The secret values this process knows, and {@link #mask} to keep them out of every log line, admin answer, problem
 * and dead-letter envelope. A value counts as secret when a route or connector file references it as
 * {@code {{env:NAME}}} or, in an expression, {@code ${sysenv.NAME}} or {@code ${env:NAME}}, or when its
 * configuration key names a password, secret or token; it is masked as written and percent-encoded. Short or
 * plain-word values (under 8 characters, or under 12 and letters only, such as the local brokers' {@code guest} or
 * {@code junction}) are not masked: they would blank ordinary words in every message and protect nothing a guess
 * would not find.
 */
public final class Secrets {

    public static final String MASK = "******";
    static final int MIN_LENGTH = 8;
    /** What splits a URI into parts: user info, path, query, fragment, options. */
    private static final String URI_DELIMITERS = "/?#&=:@";
    private static final int MIN_LENGTH_LETTERS_ONLY = 12;
    /** {@code {{env:NAME}}} (property placeholders) and {@code ${sysenv.NAME}}, {@code ${env:NAME}} (simple). */
    private static final Pattern ENV = Pattern.compile(
            "\\{\\{env:([A-Za-z_][A-Za-z0-9_.-]*)|\\$(?:simple)?\\{(?:sysenv|env)[:.]([A-Za-z_][A-Za-z0-9_.-]*)");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|apikey|api-key|credential).*");
    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();
    /** Longest first, so that a secret containing another is masked whole. */
    private static volatile List<String> ordered = List.of();

    private Secrets() {
    }

    /** Registers the values of the environment variables {@code text} references (see {@link #ENV}). */
    public static void registerEnvReferences(String text) {
        Matcher m = ENV.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            register(System.getenv(name));
            // Camel also finds db.password or partner-key as DB_PASSWORD, PARTNER_KEY
            register(System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_')));
        }
    }

    /** Registers a configuration value if its key names a secret. */
    public static void registerConfig(String key, String value) {
        // A token file's path names where the secret is, not the secret (junction.admin.token-file).
        if (key != null && SECRET_KEY.matcher(key).matches() && !key.toLowerCase(java.util.Locale.ROOT).matches(
                ".*[-_.](file|path|dir)$")) {
            register(value);
        }
    }

    public static void register(String value) {
        String v = value == null ? "" : value.strip();
        boolean lettersOnly = v.chars().allMatch(Character::isLetter);
        if (v.length() < (lettersOnly ? MIN_LENGTH_LETTERS_ONLY : MIN_LENGTH)) {
            return;
        }
        Set<String> forms = encodings(v);
        // A URI's delimiters cut a secret written into one: Camel masks user info ("host:port/a@b" reads as user
        // "host", password "port/a"), a '?' starts the query, '#' a fragment, '&' and '=' split options. The parts
        // either side of each delimiter, and those between two, are secrets too when long enough to be worth it.
        List<Integer> cuts = new ArrayList<>(List.of(-1));
        for (int i = 0; i < v.length(); i++) {
            if (URI_DELIMITERS.indexOf(v.charAt(i)) >= 0) {
                cuts.add(i);
            }
        }
        cuts.add(v.length());
        for (int a = 0; a < cuts.size() - 1; a++) {
            for (int b = a + 1; b < cuts.size(); b++) {
                String part = v.substring(cuts.get(a) + 1, cuts.get(b));
                // As for a whole value: a word ("junction" in /tmp/junction/admin-token) is not worth masking.
                boolean word = part.chars().allMatch(c -> Character.isLetter(c) || c == '-' || c == '_' || c == '.');
                if (part.length() >= (word ? MIN_LENGTH_LETTERS_ONLY : MIN_LENGTH)
                        && (a == 0 || b == cuts.size() - 1 || b == a + 1)) {
                    forms.addAll(encodings(part));
                }
            }
        }
        if (VALUES.addAll(forms)) {
            ordered = VALUES.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    /**
     * The value and the forms it takes inside a URI, where a secret in an endpoint parameter is usually found: Camel
     * percent-encodes only what a URI cannot hold ({@code a b+c} becomes {@code a%20b+c}), an HTTP client or a form
     * encodes everything reserved ({@code a+b%2Bc}, {@code a%20b%2Bc}), Camel's normalised URIs leave a plus
     * as it is ({@code a+b+c}), and an HTTP client's request URI also encodes non-ASCII letters ({@code %C3%9C}).
     */
    static Set<String> encodings(String v) {
        String form = URLEncoder.encode(v, StandardCharsets.UTF_8);
        String camel = UnsafeUriCharactersEncoder.encode(v);
        return new LinkedHashSet<>(List.of(v, camel, ascii(camel), form, form.replace("+", "%20"),
                form.replace("%2B", "+")));
    }

    /** {@code s} with every non-ASCII character percent-encoded as UTF-8, as an HTTP client writes a request URI. */
    private static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x80) {
                b.append((char) c);
            } else {
                for (byte x : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    b.append('%').append(String.format("%02X", x & 0xff));
                }
            }
        });
        return b.toString();
    }

    /** {@code text} with every known secret value replaced by {@value #MASK}. */
    public static String mask(String text) {
        if (text == null || ordered.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : ordered) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** For tests: forget every value. */
    static void clear() {
        VALUES.clear();
        ordered = List.of();
    }
}
