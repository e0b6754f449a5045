package io.junction.deadletter;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * A JVM error thrown by a step is the event's failure, not its thread's. Camel's pipeline catches exceptions only:
 * an event nested deeper than a schema validator or a jq filter recurses threw StackOverflowError through it, which
 * killed the Kafka consumer's thread with the event unfinished: never dead-lettered, its partition's commit stuck
 * behind it, and every reload or shutdown waiting for it. Each step is wrapped so that such an error fails the
 * exchange, which then takes the route's error handling (unclassified: fatal, so straight to the dead letter).
 */
@ApplicationScoped
@Unremovable
public class StepErrors implements InterceptStrategy, CamelContextCustomizer {

    @Override
    public void configure(CamelContext context) {
        context.getCamelContextExtension().addInterceptStrategy(this);
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
            Processor nextTarget) {
        return new Contained(target, definition == null ? "step" : definition.getShortName());
    }

    static final class Contained extends DelegateAsyncProcessor {

        private final String step;

        Contained(Processor target, String step) {
            super(target);
            this.step = step;
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            try {
                return super.process(exchange, callback);
            } catch (StackOverflowError e) {
                exchange.setException(new RuntimeCamelException(step + " failed: the event is nested too deeply"
                        + " for it (StackOverflowError)"));
                callback.done(true);
                return true;
            } catch (LinkageError e) {
                exchange.setException(new RuntimeCamelException(step + " failed: " + e));
                callback.done(true);
                return true;
            }
        }
    }
}
