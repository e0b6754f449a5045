package io.junction.bench;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Sends benchmark events to an AMQP queue as persistent JMS text messages (JSON). For a backlog, in transactions
 * of 500 (fast, still persistent); for latency, one synchronous persistent send per event (Qpid JMS waits for the
 * broker's settlement of a persistent message).
 */
public final class AmqpSender implements Sender {

    private static final int FILL_TRANSACTION = 500;

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final boolean transacted;
    private final int payloadSize;
    private int uncommitted;

    private AmqpSender(String url, String user, String password, String queue, int payloadSize, boolean transacted)
            throws Exception {
        this.connection = new JmsConnectionFactory(user, password, Amqp.withTimeouts(url)).createConnection();
        this.transacted = transacted;
        this.session = connection.createSession(transacted, transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE);
        this.producer = session.createProducer(session.createQueue(queue));
        this.producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        this.payloadSize = payloadSize;
    }

    public static AmqpSender forFill(String url, String user, String password, String queue, int payloadSize)
            throws Exception {
        return new AmqpSender(url, user, password, queue, payloadSize, true);
    }

    public static AmqpSender forLatency(String url, String user, String password, String queue, int payloadSize)
            throws Exception {
        return new AmqpSender(url, user, password, queue, payloadSize, false);
    }

    @Override
    public void send(long id) throws Exception {
        producer.send(session.createTextMessage(Payload.text(id, System.currentTimeMillis(), payloadSize)));
        if (transacted && ++uncommitted >= FILL_TRANSACTION) {
            flush();
        }
    }

    @Override
    public void flush() throws Exception {
        if (transacted && uncommitted > 0) {
            session.commit();
            uncommitted = 0;
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
