package io.junction.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class BoundedStackTest {

    static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }

    static StackOverflowError overflow() {
        try {
            depth(Integer.MAX_VALUE);
            throw new AssertionError("no overflow");
        } catch (StackOverflowError e) {
            return e;
        }
    }

    static String printed(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** The seventh probe: each deeply nested AMQP message logged three StackOverflowError traces of ~1,000 lines. */
    @Test
    void aTraceOfAThousandFramesIsLoggedWithItsFirstFramesAndItsOwnWords() {
        Throwable logged = BoundedStack.of(new IllegalStateException("connection failed", overflow()));
        String text = printed(logged);
        assertThat(text.lines().count()).isLessThan(2 * BoundedStack.FRAMES + 10);
        assertThat(text).startsWith("java.lang.IllegalStateException: connection failed")
                .contains("Caused by: java.lang.StackOverflowError").contains("BoundedStackTest.depth")
                .contains("more frames");
    }

    @Test
    void aShortTraceIsLoggedAsItIs() {
        IllegalStateException shallow = new IllegalStateException("x");
        assertThat(BoundedStack.of(shallow)).isSameAs(shallow);
        assertThat(BoundedStack.of(null)).isNull();
    }
}
