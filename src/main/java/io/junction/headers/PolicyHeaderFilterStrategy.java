package io.junction.headers;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Applies the {@link HeaderPolicy} where a component maps between wire headers and message headers, on top of the
 * component's own strategy (which still filters what it filtered before: the policy only ever removes more).
 */
final class PolicyHeaderFilterStrategy implements HeaderFilterStrategy {

    private final HeaderPolicy policy;
    private final HeaderFilterStrategy delegate;

    PolicyHeaderFilterStrategy(HeaderPolicy policy, HeaderFilterStrategy delegate) {
        this.policy = policy;
        this.delegate = delegate instanceof PolicyHeaderFilterStrategy p ? p.delegate : delegate;
    }

    /** Message → wire: true means "do not write this header". */
    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !policy.allowsOutbound(name)
                || (delegate != null && delegate.applyFilterToCamelHeaders(name, value, exchange));
    }

    /** Wire → message: true means "do not accept this header". */
    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return !policy.allowsInbound(name)
                || (delegate != null && delegate.applyFilterToExternalHeaders(name, value, exchange));
    }
}
