package io.junction.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end (at most three minutes) and keeps what it printed: for tools the tests drive. */
public final class Processes {

    public record Result(int exit, String out) {
    }

    private Processes() {
    }

    /** Exit 127 when the command is not installed, -1 when it did not end in time. */
    public static Result run(Path dir, String... cmd) throws InterruptedException {
        return run(dir, java.util.Map.of(), cmd);
    }

    /** The same, with these environment variables added. */
    public static Result run(Path dir, java.util.Map<String, String> env, String... cmd) throws InterruptedException {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            p = pb.start();
        } catch (IOException notInstalled) {
            return new Result(127, notInstalled.getMessage());
        }
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            out = e.getMessage();
        }
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, out);
        }
        return new Result(p.exitValue(), out);
    }
}
