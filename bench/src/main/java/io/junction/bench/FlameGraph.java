package io.junction.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A flame graph (static SVG, hover a frame for its share) of the CPU samples in a JFR recording
 * ({@code jdk.ExecutionSample}): width is time on CPU, a frame's parent is below it. Colours by origin: Junction
 * green, Camel orange, Kafka and the other clients blue, the JDK grey, the rest yellow.
 * <p>
 * Usage: {@code FlameGraph recording.jfr out.svg [title]}.
 */
public final class FlameGraph {

    static final int WIDTH = 1400;
    static final int ROW = 16;
    /** Frames narrower than this many pixels are left out (their time still counts in their parent). */
    static final double MIN_WIDTH = 1.0;

    static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        long samples;

        Node(String name) {
            this.name = name;
        }

        Node child(String name) {
            return children.computeIfAbsent(name, Node::new);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: FlameGraph recording.jfr out.svg [title]");
            System.exit(2);
        }
        Node root = read(Path.of(args[0]));
        String title = args.length > 2 ? args[2] : Path.of(args[0]).getFileName().toString();
        Files.writeString(Path.of(args[1]), svg(root, title));
        System.out.println("flame graph: " + args[1] + " (" + root.samples + " samples)");
    }

    static Node read(Path jfr) throws IOException {
        Node root = new Node("all");
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            Node at = root;
            root.samples++;
            for (int i = frames.size() - 1; i >= 0; i--) {
                RecordedFrame f = frames.get(i);
                if (!f.isJavaFrame()) {
                    continue;
                }
                at = at.child(f.getMethod().getType().getName() + "." + f.getMethod().getName());
                at.samples++;
            }
        }
        return root;
    }

    static String svg(Node root, String title) {
        double scale = WIDTH / (double) Math.max(1, root.samples);
        int height = (depth(root, scale, 0) + 1) * ROW + 40;
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" font-family=\"monospace\" font-size=\"11\">\n");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        out.append("<text x=\"8\" y=\"18\" font-size=\"14\">").append(escape(title)).append(" — ")
                .append(root.samples).append(" CPU samples; width = time on CPU, hover for the share</text>\n");
        draw(root, 0, 0, scale, root.samples, height, out);
        return out.append("</svg>\n").toString();
    }

    /** The deepest row a frame wide enough to draw reaches. */
    static int depth(Node node, double scale, int at) {
        int deepest = at;
        for (Node c : node.children.values()) {
            if (c.samples * scale >= MIN_WIDTH) {
                deepest = Math.max(deepest, depth(c, scale, at + 1));
            }
        }
        return deepest;
    }

    /** Draws {@code node} at (x, row {@code depth} counted from the bottom), then its children above it. */
    static void draw(Node node, double x, int depth, double scale, long total, int height, StringBuilder out) {
        double w = node.samples * scale;
        if (w < MIN_WIDTH) {
            return;
        }
        int y = height - 10 - (depth + 1) * ROW;
        int chars = (int) ((w - 4) / 6.6);
        String label = node.name;
        String shown = chars < 3 ? "" : label.length() <= chars ? label : label.substring(0, chars - 2) + "..";
        out.append(String.format(Locale.ROOT, "<g><title>%s (%d samples, %.2f%%)</title><rect x=\"%.1f\" y=\"%d\" "
                + "width=\"%.1f\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>"
                + "<text x=\"%.1f\" y=\"%d\">%s</text></g>%n", escape(label), node.samples,
                100.0 * node.samples / total, x, y, w, ROW - 1, colour(label), x + 2, y + 12, escape(shown)));
        double cx = x;
        for (Node c : node.children.values()) {
            draw(c, cx, depth + 1, scale, total, height, out);
            cx += c.samples * scale;
        }
    }

    static String colour(String frame) {
        if (frame.startsWith("io.junction.")) {
            return "#6cc26c";
        }
        if (frame.startsWith("org.apache.camel.")) {
            return "#f0a04b";
        }
        if (frame.startsWith("org.apache.kafka.") || frame.startsWith("org.apache.qpid.") || frame.startsWith("com.rabbitmq.")
                || frame.startsWith("io.vertx.") || frame.startsWith("io.netty.") || frame.startsWith("net.jpountz.")) {
            return "#7fa7e0";
        }
        if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")) {
            return "#bdbdbd";
        }
        return "#e8d36a";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
