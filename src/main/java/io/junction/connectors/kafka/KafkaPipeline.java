package io.junction.connectors.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.common.TopicPartition;

/**
 * The kafka-source connector's hand-off: the connector wire-taps each record into the rest of the route on one
 * thread per consumer ({@link ConsumerLanes}, so records enter the route in poll order and asynchronous sinks keep
 * many in flight), and the consumer moves on at once. This is the tap's {@code onPrepare}: on the consumer's
 * thread, it registers the record with the consumer's {@link KafkaCheckpoints} and arranges for the copy's completion
 * to be reported there. The consumer commits what its checkpoints allow before each poll.
 */
public final class KafkaPipeline implements Processor {

    @Override
    public void process(Exchange copy) throws Exception {
        KafkaGroupMembers.Member consumer = KafkaGroupMembers.polling();
        if (consumer == null) {
            throw new IllegalStateException("kafka-source needs Junction's Kafka consumers "
                    + "(camel.component.kafka.kafka-client-factory=#junctionKafkaClients): without them no offset "
                    + "would ever be committed");
        }
        Message m = copy.getMessage();
        TopicPartition tp = new TopicPartition(m.getHeader(KafkaConstants.TOPIC, String.class),
                m.getHeader(KafkaConstants.PARTITION, Integer.class));
        KafkaCheckpoints.Ticket ticket = consumer.checkpoints.begin(tp, m.getHeader(KafkaConstants.OFFSET, Long.class));
        copy.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                ticket.done();
            }

            @Override
            public void onFailure(Exchange failed) {
                ticket.failed();
            }
        });
    }
}
