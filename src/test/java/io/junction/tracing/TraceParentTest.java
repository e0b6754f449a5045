package io.junction.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceParentTest {

    @Test
    void idsComeFromAWellFormedTraceparentOnly() {
        String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(TraceParent.traceId(tp)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceParent.spanId(" " + tp + " ")).isEqualTo("00f067aa0ba902b7");
        assertThat(TraceParent.traceId(null)).isNull();
        assertThat(TraceParent.traceId("garbage")).isNull();
        assertThat(TraceParent.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceParent.spanId("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isNull();
        assertThat(TraceParent.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
    }
}
