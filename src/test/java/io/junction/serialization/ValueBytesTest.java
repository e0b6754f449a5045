package io.junction.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class ValueBytesTest {

    static String bytes(DefaultCamelContext camel, Object value) {
        byte[] b = camel.getTypeConverter().tryConvertTo(byte[].class, value);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void stockCamelHasNoBytesForTheseAndJunctionWritesTheirTextOrJson() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("order", 7);
        map.put("items", List.of("a", "b"));
        try (DefaultCamelContext stock = new DefaultCamelContext()) {
            stock.start();
            assertThat(bytes(stock, 42)).as("what made kafka: fail").isNull();
            assertThat(bytes(stock, map)).isNull();
        }
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            ValueBytes.install(camel);
            camel.start();
            assertThat(bytes(camel, 42)).isEqualTo("42");
            assertThat(bytes(camel, 4.5d)).isEqualTo("4.5");
            assertThat(bytes(camel, new BigDecimal("10.00"))).isEqualTo("10.00");
            assertThat(bytes(camel, true)).isEqualTo("true");
            assertThat(bytes(camel, 'x')).isEqualTo("x");
            assertThat(bytes(camel, map)).isEqualTo("{\"order\":7,\"items\":[\"a\",\"b\"]}");
            assertThat(bytes(camel, Map.of("k", 1))).isEqualTo("{\"k\":1}");
            assertThat(bytes(camel, new ArrayList<>(List.of(1, 2)))).isEqualTo("[1,2]");
            assertThat(bytes(camel, Set.of(3))).isEqualTo("[3]");
            assertThat(bytes(camel, "text")).as("text keeps Camel's own conversion").isEqualTo("text");
        }
    }
}
