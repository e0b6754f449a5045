package io.junction.schemas;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Where each JSON pointer of a document sits in its text, so a break can be printed as
 * {@code schemas/orders/2.json:14:7: error: ...}. A member is located at its name, an array element or the root at
 * its first character. Lines and columns are 1-based.
 */
public final class JsonLocations {

    private static final JsonFactory JSON = new JsonFactory();

    /** {@code pointer} is where the text was found: the one asked for or, when that is gone, its nearest ancestor. */
    public record Location(String pointer, int line, int column) {
    }

    private final Map<String, Location> byPointer;

    private JsonLocations(Map<String, Location> byPointer) {
        this.byPointer = byPointer;
    }

    /** Indexes the text once; text that stops being valid JSON is indexed up to that point. */
    public static JsonLocations of(String jsonText) {
        Map<String, Location> found = new HashMap<>();
        Deque<Container> open = new ArrayDeque<>();
        try (JsonParser parser = JSON.createParser(jsonText)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                Container parent = open.peek();
                if (token == JsonToken.FIELD_NAME) {
                    put(found, parent.pointer + "/" + escape(parser.currentName()), parser.currentTokenLocation());
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    open.pop();
                } else {
                    String pointer = parent == null ? "" : parent.childPointer(parser.currentName());
                    // A member's value: its pointer is already placed at the member's name.
                    if (parent == null || parent.array) {
                        put(found, pointer, parser.currentTokenLocation());
                    }
                    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                        open.push(new Container(pointer, token == JsonToken.START_ARRAY));
                    }
                }
            }
        } catch (IOException e) {
            // Invalid JSON: the places read before the fault are still right.
        }
        return new JsonLocations(found);
    }

    /** The place of {@code pointer}, or of its nearest ancestor present; line 1, column 1 when nothing was read. */
    public Location locate(String pointer) {
        String p = pointer == null ? "" : pointer;
        while (true) {
            Location location = byPointer.get(p);
            if (location != null) {
                return location;
            }
            if (p.isEmpty()) {
                return new Location("", 1, 1);
            }
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
    }

    /** The 1-based line of {@code pointer} (or its nearest ancestor) in {@code jsonText}. */
    public static int lineOf(String jsonText, String pointer) {
        return of(jsonText).locate(pointer).line();
    }

    private static void put(Map<String, Location> found, String pointer, JsonLocation at) {
        // First wins: with a duplicated member name, the first is where a reader looks.
        found.putIfAbsent(pointer, new Location(pointer, at.getLineNr(), at.getColumnNr()));
    }

    /** A member name as one JSON pointer segment. */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static final class Container {
        final String pointer;
        final boolean array;
        int next;

        Container(String pointer, boolean array) {
            this.pointer = pointer;
            this.array = array;
        }

        String childPointer(String memberName) {
            return pointer + "/" + (array ? String.valueOf(next++) : escape(memberName));
        }
    }
}
