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
        assertThat(RequestFraming.problem(List.of(""), false)).isNotNull();
    }
}
