package io.junction.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RequestFramingTest {

    @Test
    void onlyATransferEncodingEndingInChunkedAndAloneIsSound() {
        assertThat(RequestFraming.problem(List.of(), true)).isNull();
        assertThat(RequestFraming.problem(List.of(), false)).isNull();
        assertThat(RequestFraming.problem(List.of("chunked"), false)).isNull();
        assertThat(RequestFraming.problem(List.of("gzip, Chunked"), false)).isNull();
        assertThat(RequestFraming.problem(List.of("gzip", "chunked"), false)).isNull();
        assertThat(RequestFraming.problem(List.of("chunked"), true)).contains("Content-Length");
        assertThat(RequestFraming.problem(List.of("xchunked"), true)).contains("Content-Length");
        assertThat(RequestFraming.problem(List.of("xchunked"), false)).contains("'xchunked'");
        assertThat(RequestFraming.problem(List.of("chunked, identity"), false)).contains("'identity'");
        assertThat(RequestFraming.problem(List.of("chunked", "gzip"), false)).contains("'gzip'");
        // Round 4: sound framing, but a coding nothing here undoes: 501, not a body stored still gzip-framed.
        assertThat(RequestFraming.unsupported(List.of("gzip, chunked"))).contains("'gzip' is not supported");
        assertThat(RequestFraming.unsupported(List.of("gzip", "chunked"))).contains("'gzip'");
        assertThat(RequestFraming.unsupported(List.of("Chunked"))).isNull();
        assertThat(RequestFraming.unsupported(List.of())).isNull();
        // Second probe: chunked twice was accepted and the body stored still chunk-framed.
        assertThat(RequestFraming.problem(List.of("chunked, chunked"), false)).contains("more than once");
        assertThat(RequestFraming.problem(List.of("chunked", "Chunked"), false)).contains("more than once");
        assertThat(RequestFraming.problem(List.of(""), false)).isNotNull();
    }
}
