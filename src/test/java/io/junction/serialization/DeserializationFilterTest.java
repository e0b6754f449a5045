package io.junction.serialization;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.support.DefaultExchangeHolder;
import org.junit.jupiter.api.Test;

/** The gateway's JVM-wide filter rejects every class, a forged DefaultExchangeHolder (CVE-2026-43866) included. */
class DeserializationFilterTest {

    private static Object read(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            // The same filter the gateway installs JVM-wide (set per stream here: a JVM takes only one).
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(DeserializationFilter.PATTERN));
            return in.readObject();
        }
    }

    @Test
    void everyClassIsRejected() {
        assertThatThrownBy(() -> read(new ArrayList<>(List.of("gadget")))).isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> read(new DefaultExchangeHolder())).isInstanceOf(InvalidClassException.class);
    }
}
