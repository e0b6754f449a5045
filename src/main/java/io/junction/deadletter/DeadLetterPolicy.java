package io.junction.deadletter;

import io.junction.config.JunctionConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.ErrorHandlerFactory;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RedeliveryPolicyDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.errorhandler.DeadLetterChannelDefinition;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.apache.camel.model.errorhandler.RefErrorHandlerDefinition;

/**
 * Gives every route Junction's retry and dead-letter behaviour, declared in standard Camel terms.
 * <ul>
 * <li>A route without an error handler gets the gateway default: retry retryable failures per junction.retry.*,
 * then dead-letter to junction.dead-letter.uri (by default the Kafka topic {@code <routeId>.dlq}).</li>
 * <li>A route that declares {@code errorHandler: deadLetterChannel} keeps its dead-letter URI and its
 * redeliveryPolicy numbers; Junction adds the retry classification and the envelope.</li>
 * <li>Any other error handler (defaultErrorHandler, noErrorHandler, a routeConfiguration's) is the route's explicit
 * choice and is left as it is.</li>
 * </ul>
 * The original message (payload bytes and key) is what reaches the dead letter, never a half-transformed one, and a
 * failure to store the dead letter fails the exchange, so the source is not acknowledged.
 */
public final class DeadLetterPolicy {

    /** Where Junction's dead-letter route listens; it adds the envelope and forwards to the route's destination. */
    public static final String ENDPOINT = "direct:junction-dead-letter";

    private final CamelContext context;
    private final RetryPolicy defaults;
    private final String defaultUri;
    private final boolean enabled;

    public DeadLetterPolicy(CamelContext context, RetryPolicy defaults, JunctionConfig.DeadLetter config) {
        this.context = context;
        this.defaults = defaults;
        this.defaultUri = config.uri();
        this.enabled = config.enabled();
    }

    /** The gateway's policy: junction.retry.* and junction.dead-letter.*. */
    public static DeadLetterPolicy of(CamelContext context, JunctionConfig config) {
        return new DeadLetterPolicy(context, RetryPolicy.of(config.retry()), config.deadLetter());
    }

    public void apply(String routeId, RouteDefinition route) {
        if (!enabled || route.getRouteConfigurationId() != null) {
            return;
        }
        if (route.getErrorHandlerRef() != null) {
            return;
        }
        // The route's own errorHandler, else the one of its file (a plain default is what Camel gives every route).
        ErrorHandlerFactory declared = route.getErrorHandler() != null ? route.getErrorHandler().getErrorHandlerType()
                : route.getErrorHandlerFactory();
        // An HTTP sender retries by itself: answer its request at once (503) rather than retrying in place while it
        // waits, and dead-letter only what no retry can fix.
        boolean http = isHttpSource(route);
        if (declared instanceof DeadLetterChannelDefinition dlc) {
            if (!ENDPOINT.equals(dlc.getDeadLetterUri())) {
                RetryPolicy policy = defaults.overriddenBy(dlc.getRedeliveryPolicy(), context);
                route.setErrorHandlerFactory(channel(routeId, http ? policy.withMaxAttempts(1) : policy,
                        dlc.getDeadLetterUri(), !http));
            }
        } else if (declared == null || (route.getErrorHandler() == null && isCamelDefault(declared))) {
            route.setErrorHandlerFactory(channel(routeId, http ? defaults.withMaxAttempts(1) : defaults,
                    defaultUri.replace("{route}", routeId), !http));
        } else {
            return;
        }
        quietHandledFailures(route);
    }

    /**
     * An onException that handles its exception is the route's own flow, not a failure to report: its attempts
     * are logged at Camel's default level (DEBUG), not the channel's WARN, which an onException inherits.
     */
    private static void quietHandledFailures(RouteDefinition route) {
        for (var output : route.getOutputs()) {
            if (output instanceof OnExceptionDefinition on
                    && (on.getHandled() != null || on.getHandledPolicy() != null)) {
                RedeliveryPolicyDefinition own = on.getRedeliveryPolicyType();
                if (own == null) {
                    own = new RedeliveryPolicyDefinition();
                    on.setRedeliveryPolicyType(own);
                }
                if (own.getRetryAttemptedLogLevel() == null) {
                    own.setRetryAttemptedLogLevel("DEBUG");
                }
            }
        }
    }

    /** What Camel gives a route that declares nothing: a reference to the context's default, or a plain default. */
    private static boolean isCamelDefault(ErrorHandlerFactory f) {
        if (f instanceof RefErrorHandlerDefinition ref) {
            return ref.getRef() == null || RefErrorHandlerDefinition.DEFAULT_ERROR_HANDLER_BUILDER.equals(ref.getRef());
        }
        return f instanceof DefaultErrorHandlerDefinition && !(f instanceof DeadLetterChannelDefinition);
    }

    static boolean isHttpSource(RouteDefinition route) {
        String uri = route.getInput() == null ? "" : String.valueOf(route.getInput().getEndpointUri());
        return uri.startsWith("kamelet:webhook-source") || uri.startsWith("kamelet://webhook-source")
                || uri.startsWith("junction-webhook:") || uri.startsWith("platform-http:") || uri.startsWith("rest:");
    }

    private DeadLetterChannelDefinition channel(String routeId, RetryPolicy policy, String destination,
            boolean deadLetterRetryable) {
        FailureRecorder recorder = new FailureRecorder(routeId, policy, destination, deadLetterRetryable);
        DeadLetterChannelDefinition dlc = new DeadLetterChannelDefinition(ENDPOINT);
        dlc.setUseOriginalMessage("true");
        dlc.setDeadLetterHandleNewException("false");
        dlc.setOnExceptionOccurredProcessor(recorder);
        dlc.setRetryWhilePredicate(recorder.retryWhile());
        RedeliveryPolicyDefinition redelivery = new RedeliveryPolicyDefinition();
        redelivery.setMaximumRedeliveries(Integer.toString(policy.maxAttempts() - 1));
        // The delay itself is set per attempt by the recorder (backoff, jitter, Retry-After).
        redelivery.setRedeliveryDelay(Long.toString(policy.initialDelay().toMillis()));
        // Waits between attempts are scheduled, not slept on the thread that ran the route: a source that starts
        // records without waiting for the one before (kafka-source) goes on with the records behind a failing one.
        redelivery.setAsyncDelayedRedelivery("true");
        redelivery.setRetryAttemptedLogLevel("WARN");
        redelivery.setLogExhausted("true");
        redelivery.setLogStackTrace("false");
        dlc.setRedeliveryPolicy(redelivery);
        return dlc;
    }
}
