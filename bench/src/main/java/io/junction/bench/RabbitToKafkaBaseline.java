package io.junction.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Baseline for RabbitMQ → Kafka, the best at-least-once design by hand: manual acknowledgements with a prefetch
 * window, each delivery sent to Kafka at once with a KafkaProducer configured like Junction's kafka-sink, and one
 * cumulative ack ({@code multiple=true}) per batch of up to {@code --ack-every} deliveries (or when the queue runs
 * dry), sent only after Kafka acknowledged every record of the batch. A crash requeues what was not acked.
 */
public final class RabbitToKafkaBaseline {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String brokers = args.get("brokers", "127.0.0.1:9092");
        String queue = args.required("queue");
        String out = args.required("out");
        int prefetch = args.integer("prefetch", 1000);
        int ackEvery = args.integer("ack-every", 250);
        BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaSettings.junctionEquivalentProducer(brokers));
             Connection connection = Rabbit.connect(Args.env("RABBITMQ_HOST", "127.0.0.1"),
                     Integer.parseInt(Args.env("RABBITMQ_PORT", "5672")), Args.env("RABBITMQ_USERNAME", "guest"),
                     Args.env("RABBITMQ_PASSWORD", "guest"))) {
            AtomicBoolean running = StopSignal.untilTerminated(() -> { });
            producer.partitionsFor(out);
            Channel channel = connection.createChannel();
            channel.basicQos(prefetch);
            channel.basicConsume(queue, false, (tag, d) -> deliveries.add(d), tag -> { });
            System.out.println("READY");
            System.out.flush();

            List<Future<RecordMetadata>> pending = new ArrayList<>();
            long lastTag = -1;
            while (running.get()) {
                Delivery d = deliveries.poll(20, TimeUnit.MILLISECONDS);
                if (d != null) {
                    RecordHeaders headers = new RecordHeaders();
                    // Junction passes the content type on as the content-type record header; so does the baseline.
                    if (d.getProperties().getContentType() != null) {
                        headers.add("content-type", d.getProperties().getContentType().getBytes(StandardCharsets.UTF_8));
                    }
                    pending.add(producer.send(new ProducerRecord<>(out, (Integer) null, (byte[]) null, d.getBody(), headers)));
                    lastTag = d.getEnvelope().getDeliveryTag();
                }
                if (!pending.isEmpty() && (d == null || pending.size() >= ackEvery)) {
                    for (Future<RecordMetadata> f : pending) {
                        f.get(); // a failed send throws: nothing of the batch is acked, the broker requeues it
                    }
                    pending.clear();
                    channel.basicAck(lastTag, true);
                }
            }
        }
    }
}
