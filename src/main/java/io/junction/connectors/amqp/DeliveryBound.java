package io.junction.connectors.amqp;

import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;

import io.netty.buffer.ByteBuf;
import org.apache.qpid.jms.provider.amqp.AmqpProvider;
import org.apache.qpid.jms.transports.TransportListener;
import org.apache.qpid.jms.transports.TransportOptions;
import org.apache.qpid.jms.transports.netty.NettyTcpTransport;
import org.apache.qpid.jms.transports.netty.NettyTcpTransportFactory;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;

/**
 * Qpid JMS's TCP transport, with a bound on the message being received. Qpid JMS gathers a message whole and decodes
 * it, holding it twice, before anything else can look at it: a 150 MB message ran a 256 MB heap out, and again after
 * each restart. Here, after each read from the socket, the deliveries still arriving are measured; one that passes
 * junction.amqp.max-message-size is rejected at once (the broker moves it to its dead-letter address) and the
 * connection fails with the reason, so no more of it is read. Failing alone was not enough: the broker does not count
 * a delivery its consumer never finished, and sent the message first again on every new connection.
 * <p>
 * Used through the URI schemes {@code junction-amqp} and {@code junction-amqps} (META-INF/services), which
 * {@link #scheme} gives the configured URL.
 */
public class DeliveryBound extends NettyTcpTransportFactory {

    /** junction.amqp.max-message-size, in bytes; 0: no bound. Set once, from configuration, before connecting. */
    static volatile long largest;

    /** The URL with its amqp:// and amqps:// addresses (failover's too) read through this transport. */
    static String scheme(String url) {
        return url.replaceAll("(?<![A-Za-z0-9+.-])amqp(s?)://", "junction-amqp$1://");
    }

    @Override
    protected NettyTcpTransport doCreateTransport(URI remoteURI, TransportOptions options) {
        return new NettyTcpTransport(remoteURI, options, isSecure()) {
            @Override
            public void setTransportListener(TransportListener listener) {
                super.setTransportListener(listener == null ? null : new Measured(listener, remoteURI));
            }
        };
    }

    /** The same over TLS. */
    public static final class Secure extends DeliveryBound {
        @Override
        public boolean isSecure() {
            return true;
        }

        @Override
        public String getName() {
            return "SSL";
        }
    }

    private static final class Measured implements TransportListener {
        private final TransportListener delegate;
        private final URI remote;
        private boolean failed;

        Measured(TransportListener delegate, URI remote) {
            this.delegate = delegate;
            this.remote = remote;
        }

        @Override
        public void onData(ByteBuf incoming) {
            if (failed) {
                incoming.skipBytes(incoming.readableBytes()); // the connection is failing: nothing more is held
                return;
            }
            delegate.onData(incoming);
            long limit = largest;
            if (limit > 0 && delegate instanceof AmqpProvider provider) {
                Receiver over = arrivingOver(provider.getProtonConnection(), limit);
                if (over != null) {
                    failed = true;
                    String reason = "a message over junction.amqp.max-message-size (" + limit + " bytes) arrived from "
                            + remote.getHost() + ":" + remote.getPort() + " on '"
                            + (over.getRemoteSource() == null ? "?" : over.getRemoteSource().getAddress())
                            + "': rejected before it was held whole (the broker moves it to its dead-letter address), "
                            + "and this connection closed. Raise the setting (and the heap with it) to take such "
                            + "messages";
                    Delivery arriving = over.current();
                    // Rejected, so the broker dead-letters it; closing alone left it first in the queue for ever.
                    provider.scheduleExecuteAndPump(() -> {
                        Rejected rejected = new Rejected();
                        rejected.setError(new ErrorCondition(Symbol.valueOf("amqp:link:message-size-exceeded"),
                                reason));
                        arriving.disposition(rejected);
                        arriving.settle();
                    });
                    provider.scheduleExecuteAndPump(() -> delegate.onTransportError(new IOException(reason)));
                }
            }
        }

        private static final EnumSet<EndpointState> ACTIVE = EnumSet.of(EndpointState.ACTIVE);

        /** A receiver whose message still arriving is already over the limit, or null. */
        static Receiver arrivingOver(Connection connection, long limit) {
            for (Link link = connection.linkHead(ACTIVE, null); link != null; link = link.next(ACTIVE, null)) {
                if (link instanceof Receiver receiver) {
                    Delivery d = receiver.current();
                    if (d != null && d.isPartial() && d.available() > limit) {
                        return receiver;
                    }
                }
            }
            return null;
        }

        @Override
        public void onTransportClosed() {
            delegate.onTransportClosed();
        }

        @Override
        public void onTransportError(Throwable cause) {
            delegate.onTransportError(cause);
        }
    }
}
