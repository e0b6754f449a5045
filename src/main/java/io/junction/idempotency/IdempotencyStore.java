package io.junction.idempotency;

import java.time.Duration;

/**
 * Where idempotency keys live. A key is first <em>claimed</em> (the event is being processed), then
 * <em>completed</em> (it was delivered) or <em>released</em> (processing failed, a redelivery may try again). A claim
 * that was neither completed nor released within the lease belongs to a gateway that died: it can be claimed again,
 * so a crash never turns a redelivered event into a dropped "duplicate".
 */
public interface IdempotencyStore extends AutoCloseable {

    /** True if this caller may process the event: the key was unknown, or its claim expired. */
    boolean claim(String scope, String key, Duration lease);

    void complete(String scope, String key);

    void release(String scope, String key);

    /** True if the key was completed within the window. */
    boolean done(String scope, String key);

    /** True if the key was completed within the window, or is claimed now. */
    boolean seen(String scope, String key, Duration lease);

    @Override
    default void close() {
    }
}
