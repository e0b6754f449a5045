package io.junction.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/** RabbitMQ connection details shared by the fill tools, the baseline and the scenario. */
public final class Rabbit {

    private Rabbit() {
    }

    public static Connection connect(String host, int port, String user, String password) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(host);
        f.setPort(port);
        f.setUsername(user);
        f.setPassword(password);
        f.setConnectionTimeout(5000);
        return f.newConnection("junction-bench");
    }

    /** A durable queue on the default exchange, as rabbitmq-source consumes it. */
    public static void declare(Channel channel, String queue) throws Exception {
        channel.queueDeclare(queue, true, false, false, null);
    }
}
