package io.junction.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The part of jq a replay filter may use: enough to select events, too little to make work or memory grow beyond
 * the event it looks at. Whoever holds the admin token sends a filter over HTTP and the gateway runs it on every event
 * of a window; full jq runs {@code [range(1e8)]}, {@code (. + .) | (. + .) | ...} or a product of generators out of
 * heap (tenth probe). Checked on the tokens before jq compiles it, so the gateway never evaluates what it refuses.
 *
 * <p>Within it, every expression has at most one output and every step is linear in its input: no {@code []}
 * iteration, {@code ,}, {@code ..}, array or object construction, variables, definitions, string interpolation or
 * formats; arithmetic only next to a number; the string functions only with a literal argument; an index only a
 * literal. Not tostring: under nested maps it escapes the escapes, doubling a string at each level; not add: jq adds
 * arrays by copying the sum at each element, quadratic.
 */
final class JqSelection {

    static final int MAX_LENGTH = 1_000;

    private static final Set<String> KEYWORDS = Set.of("and", "or", "if", "then", "elif", "else", "end", "true",
            "false", "null");
    private static final Set<String> FUNCTIONS = Set.of("select", "not", "map", "any", "all", "length",
            "utf8bytelength", "type", "keys", "ascii_downcase", "ascii_upcase", "min", "max", "first",
            "last", "empty", "values", "nulls", "booleans", "numbers", "strings", "arrays", "objects", "iterables",
            "scalars", "floor", "ceil");
    /** These compare with their argument character by character: a literal keeps that linear. */
    private static final Set<String> LITERAL_ARGUMENT = Set.of("has", "contains", "startswith", "endswith",
            "ltrimstr", "rtrimstr");
    private static final Set<String> ARITHMETIC = Set.of("+", "-", "/", "%");
    private static final Set<String> ALLOWED_SYMBOLS = Set.of(".", "[", "]", "(", ")", "|", ";", ":", "?", "//", "==",
            "!=", "<", "<=", ">", ">=", "+", "-", "/", "%");
    static final String ALLOWED = "paths (.a.b, .[\"k\"], .[0], .[1:3]), comparisons, and/or/not, if-then-else, //, "
            + "+ - / % next to a number, " + String.join(", ", new java.util.TreeSet<>(FUNCTIONS)) + ", and "
            + String.join(", ", new java.util.TreeSet<>(LITERAL_ARGUMENT)) + " with a literal argument";

    private enum Kind { NUMBER, STRING, NAME, FIELD, SYMBOL }

    private record Token(Kind kind, String text, int column) {
    }

    private JqSelection() {
    }

    /** @throws IllegalArgumentException naming the column and what to write instead */
    static void check(String expression) {
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("--filter is " + expression.length() + " characters; a replay filter "
                    + "has at most " + MAX_LENGTH);
        }
        List<Token> tokens = tokens(expression);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token before = i > 0 ? tokens.get(i - 1) : null;
            Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            switch (t.kind) {
                case NAME -> {
                    if (LITERAL_ARGUMENT.contains(t.text)) {
                        boolean literal = i + 3 < tokens.size() && is(after, "(")
                                && (tokens.get(i + 2).kind == Kind.STRING || tokens.get(i + 2).kind == Kind.NUMBER)
                                && is(tokens.get(i + 3), ")");
                        if (!literal) {
                            throw refused(t, t.text + " takes a literal here, as in " + t.text + "(\"x\")");
                        }
                    } else if (!KEYWORDS.contains(t.text) && !FUNCTIONS.contains(t.text)) {
                        throw refused(t, "'" + t.text + "' is not part of a replay filter");
                    }
                }
                case SYMBOL -> {
                    if (!ALLOWED_SYMBOLS.contains(t.text)) {
                        throw refused(t, why(t.text));
                    }
                    if (is(t, "[") && !postfix(before)) {
                        throw refused(t, "building an array is not part of a replay filter; [ only indexes, as in .[0]");
                    }
                    if (is(t, "[") && is(after, "]")) {
                        throw refused(t, "[] makes an output per element (and two of them multiply); "
                                + "use .items | any(COND), all(COND) or map(F)");
                    }
                    if (is(t, "[")) {
                        // An index is a literal: jq reads .[ARRAY] as a search for it, quadratic in the event.
                        int j = i + 1;
                        while (j < tokens.size() && !is(tokens.get(j), "]")) {
                            Token in = tokens.get(j);
                            if (in.kind != Kind.NUMBER && in.kind != Kind.STRING && !is(in, ":")) {
                                throw refused(in, "an index is a literal: .[0], .[\"k\"], .[1:3]");
                            }
                            j++;
                        }
                        i = j;
                        continue;
                    }
                    if (ARITHMETIC.contains(t.text) && !number(before) && !number(after)) {
                        throw refused(t, t.text + " is allowed only next to a number, as in .n % 2 == 0");
                    }
                }
                default -> {
                }
            }
        }
    }

    private static boolean is(Token t, String symbol) {
        return t != null && t.kind == Kind.SYMBOL && t.text.equals(symbol);
    }

    private static boolean number(Token t) {
        return t != null && t.kind == Kind.NUMBER;
    }

    /** Whether a [ after this token indexes what it yields (.a[0], f[0], (.)[0]) rather than building an array. */
    private static boolean postfix(Token before) {
        if (before == null) {
            return false;
        }
        return switch (before.kind) {
            case FIELD, STRING -> true;
            case NAME -> FUNCTIONS.contains(before.text);
            case SYMBOL -> before.text.equals(".") || before.text.equals("]") || before.text.equals(")")
                    || before.text.equals("?");
            default -> false;
        };
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int column = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) != '"') {
                    if (s.charAt(end) == '\\') {
                        if (end + 1 < s.length() && s.charAt(end + 1) == '(') {
                            throw refused(new Token(Kind.STRING, "", end + 1),
                                    "string interpolation \\( is not part of a replay filter");
                        }
                        end++;
                    }
                    end++;
                }
                out.add(new Token(Kind.STRING, s.substring(i, Math.min(end + 1, s.length())), column));
                i = end + 1;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))
                    && !valueEnds(out))) {
                int end = i + 1;
                while (end < s.length() && numberPart(s, end)) {
                    end++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(i, end), column));
                i = end;
            } else if (c == '.' && i + 1 < s.length() && nameStart(s.charAt(i + 1))) {
                int end = name(s, i + 1);
                out.add(new Token(Kind.FIELD, s.substring(i, end), column));
                i = end;
            } else if (nameStart(c)) {
                int end = name(s, i);
                out.add(new Token(Kind.NAME, s.substring(i, end), column));
                i = end;
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                String three = i + 2 < s.length() ? s.substring(i, i + 3) : "";
                String symbol = three.equals("//=") || three.equals("?//") ? three
                        : Set.of("..", "//", "==", "!=", "<=", ">=", "|=", "+=", "-=", "*=", "/=", "%=").contains(two)
                                ? two : String.valueOf(c);
                out.add(new Token(Kind.SYMBOL, symbol, column));
                i += symbol.length();
            }
        }
        return out;
    }

    private static String why(String symbol) {
        return switch (symbol) {
            case "," -> "',' makes more outputs, which multiply; write two filters with or";
            case ".." -> ".. walks the whole event; name the path";
            case "{", "}" -> "building an object is not part of a replay filter";
            case "$" -> "variables are not part of a replay filter";
            case "@" -> "formats are not part of a replay filter";
            case "*" -> "* can repeat a string; compare the other side instead (.a * 100 > 5 is .a > 0.05)";
            case "#" -> "comments are not part of a replay filter";
            default -> "'" + symbol + "' is not part of a replay filter";
        };
    }

    /** After a value, - is subtraction, not the sign of a number. */
    private static boolean valueEnds(List<Token> out) {
        if (out.isEmpty()) {
            return false;
        }
        Token last = out.get(out.size() - 1);
        return switch (last.kind) {
            case NUMBER, STRING, FIELD -> true;
            case NAME -> !KEYWORDS.contains(last.text) || Set.of("true", "false", "null", "end").contains(last.text);
            case SYMBOL -> last.text.equals(".") || last.text.equals("]") || last.text.equals(")")
                    || last.text.equals("?");
        };
    }

    private static boolean numberPart(String s, int i) {
        char c = s.charAt(i);
        return Character.isDigit(c) || c == '.' || c == 'e' || c == 'E'
                || ((c == '+' || c == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E'));
    }

    private static boolean nameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static int name(String s, int from) {
        int end = from;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
            end++;
        }
        return end;
    }

    private static IllegalArgumentException refused(Token at, String why) {
        return new IllegalArgumentException("--filter at column " + at.column + ": " + why + ". A replay filter may use "
                + ALLOWED + " (docs/history.md)");
    }
}
