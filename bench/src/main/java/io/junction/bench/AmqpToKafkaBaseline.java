package io.junction.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Baseline for AMQP → Kafka: a Qpid JMS consumer in a transacted session and a KafkaProducer configured like
 * Junction's kafka-sink. A message is committed (settled) only after Kafka acknowledged its record, the guarantee
 * of Junction's amqp-source → kafka-sink: at-least-once, a crash redelivers what was not committed. Records are sent
 * as messages arrive, and the transaction is committed every {@code --commit-every} messages (default 500) or when
 * the queue runs dry, once Kafka acknowledged all of them: the best at-least-once design by hand, one broker round
 * trip per batch.
 */
public final class AmqpToKafkaBaseline {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String brokers = args.get("brokers", "127.0.0.1:9092");
        String url = args.get("amqp-url", "amqp://127.0.0.1:5673");
        String queue = args.required("queue");
        String out = args.required("out");
        int commitEvery = args.integer("commit-every", 500);

        JmsConnectionFactory factory = new JmsConnectionFactory(Args.env("AMQP_USERNAME", "junction"),
                Args.env("AMQP_PASSWORD", "junction"), Amqp.withTimeouts(url));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.junctionEquivalentProducer(brokers));
             Connection connection = factory.createConnection()) {
            AtomicBoolean running = StopSignal.untilTerminated(() -> { });
            producer.partitionsFor(out);
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            System.out.println("READY");
            System.out.flush();

            List<Future<RecordMetadata>> pending = new ArrayList<>();
            while (running.get()) {
                Message m = consumer.receive(200);
                if (m != null) {
                    RecordHeaders headers = new RecordHeaders();
                    // Junction passes the JMS message id on as the message-id record header; so does the baseline.
                    if (m.getJMSMessageID() != null) {
                        headers.add("message-id", m.getJMSMessageID().getBytes(StandardCharsets.UTF_8));
                    }
                    pending.add(producer.send(new ProducerRecord<>(out, (Integer) null, (byte[]) null, body(m), headers)));
                }
                if (!pending.isEmpty() && (m == null || pending.size() >= commitEvery)) {
                    for (Future<RecordMetadata> f : pending) {
                        f.get(); // a failed send throws: the transaction is never committed, the broker redelivers
                    }
                    pending.clear();
                    session.commit();
                }
            }
        }
    }


    static byte[] body(Message m) throws Exception {
        if (m instanceof TextMessage t) {
            return t.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (m instanceof BytesMessage b) {
            byte[] bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            return bytes;
        }
        return m.getBody(byte[].class);
    }
}
