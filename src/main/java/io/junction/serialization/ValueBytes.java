package io.junction.serialization;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.TypeConverterSupport;

/**
 * Numbers, booleans, characters, maps and lists as bytes: a number or a boolean as its text, a map or a list as
 * JSON, all UTF-8. Junction's Kafka values are bytes (ByteArraySerializer) where stock Camel's are text, and Camel
 * has no conversion from these to bytes, so a route that set its body to {@code ${random(100)}} or unmarshalled
 * JSON into a map failed at its kafka: step ("Can't convert value of class java.lang.Integer"), where stock
 * Camel sends the value's text.
 * JSON rather than Java's {@code {a=1}}: a map is almost always JSON that a route unmarshalled.
 */
public final class ValueBytes extends TypeConverterSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON values become as bytes; a connector whose client has value types of its own adds their writers. */
    public static ObjectMapper json(Module clientTypes) {
        return JSON.copy().registerModule(clientTypes);
    }

    /** Puts the conversions into the gateway's Camel context. */
    @ApplicationScoped
    static class Installer {
        @Produces
        @Unremovable
        @ApplicationScoped
        CamelContextCustomizer installValueBytes() {
            return ValueBytes::install;
        }
    }

    public static void install(CamelContext context) {
        TypeConverterRegistry registry = context.getTypeConverterRegistry();
        ValueBytes converter = new ValueBytes();
        // Camel looks a value's class up, then its own interfaces, then its superclasses: ArrayList's interfaces
        // name List, not Collection, so each is registered.
        for (Class<?> from : List.of(Number.class, Boolean.class, Character.class, Map.class, Collection.class,
                List.class, Set.class)) {
            registry.addTypeConverter(byte[].class, from, converter);
        }
    }

    @Override
    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
        if (type != byte[].class) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return type.cast(JSON.writeValueAsBytes(value));
            } catch (JsonProcessingException e) {
                throw new TypeConversionException(value, type, e);
            }
        }
        return type.cast(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
