package io.junction.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/**
 * Sends benchmark events to a RabbitMQ queue as persistent JSON messages with publisher confirms. For a backlog,
 * confirmed in batches of 500; for latency, each send waits for its confirm.
 */
public final class RabbitSender implements Sender {

    private static final int FILL_BATCH = 500;
    private static final AMQP.BasicProperties PROPERTIES = new AMQP.BasicProperties.Builder()
            .contentType("application/json").deliveryMode(2).build();

    private final Connection connection;
    private final Channel channel;
    private final String queue;
    private final int payloadSize;
    private final int batch;
    private int unconfirmed;

    private RabbitSender(BenchOptions o, String queue, int batch) throws Exception {
        this.connection = Rabbit.connect(o.rabbitHost, o.rabbitPort, o.rabbitUser, o.rabbitPassword);
        this.channel = connection.createChannel();
        this.channel.confirmSelect();
        this.queue = queue;
        this.payloadSize = o.payloadSize;
        this.batch = batch;
    }

    public static RabbitSender forFill(BenchOptions o, String queue) throws Exception {
        return new RabbitSender(o, queue, FILL_BATCH);
    }

    public static RabbitSender forLatency(BenchOptions o, String queue) throws Exception {
        return new RabbitSender(o, queue, 1);
    }

    @Override
    public void send(long id) throws Exception {
        channel.basicPublish("", queue, true, PROPERTIES,
                Payload.json(id, System.currentTimeMillis(), payloadSize));
        if (++unconfirmed >= batch) {
            flush();
        }
    }

    @Override
    public void flush() throws Exception {
        if (unconfirmed > 0) {
            channel.waitForConfirmsOrDie(30_000);
            unconfirmed = 0;
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
