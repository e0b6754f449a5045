package io.junction.connectors.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.MultipleConsumersSupport;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** One kafka-source: the topics, the group and how much may be in flight. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "junction-kafka", title = "Junction Kafka Source",
        syntax = "junction-kafka:topic", consumerOnly = true, category = { Category.MESSAGING },
        headersClass = org.apache.camel.component.kafka.KafkaConstants.class)
public final class KafkaSourceEndpoint extends DefaultEndpoint implements MultipleConsumersSupport {

    @UriPath(description = "Topic (or comma-separated topics) to consume.")
    @Metadata(required = true)
    private final String topic;
    @UriParam(description = "Consumer group id. Gateways sharing it split the partitions between them.")
    @Metadata(required = true)
    private String groupId;
    @UriParam(description = "Comma-separated bootstrap servers; empty means the Kafka component's (junction.kafka.brokers).")
    private String brokers;
    @UriParam(description = "Where a new consumer group starts, earliest or latest.", defaultValue = "earliest",
            enums = "earliest,latest")
    private String autoOffsetReset = "earliest";
    @UriParam(description = "Consumer threads in this gateway (each gets its own partitions).", defaultValue = "1")
    private int consumersCount = 1;
    @UriParam(description = "Records fetched per poll.", defaultValue = "500")
    private int maxPollRecords = 500;
    @UriParam(description = "Records one consumer may have in the route at once, over its partitions; the next ones"
            + " wait (at most two polls' worth are read ahead, then the partitions are paused). 1 runs one record"
            + " at a time.", defaultValue = "1000")
    private int maxInFlight = 1000;
    @UriParam(description = "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.", label = "security")
    private String securityProtocol;
    @UriParam(description = "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER, with a SASL security protocol.",
            label = "security")
    private String saslMechanism;
    @UriParam(description = "The JAAS login line.", label = "security", secret = true)
    private String saslJaasConfig;
    @UriParam(description = "Truststore file for SSL connections.", label = "security")
    private String sslTruststoreLocation;
    @UriParam(description = "Truststore password.", label = "security", secret = true)
    private String sslTruststorePassword;

    KafkaSourceEndpoint(String uri, KafkaSourceComponent component, String topic) {
        super(uri, component);
        this.topic = topic;
    }

    void validate() {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("junction-kafka:" + topic + " needs a groupId");
        }
        if (!List.of("earliest", "latest").contains(autoOffsetReset)) {
            throw new IllegalArgumentException("autoOffsetReset must be earliest or latest, not " + autoOffsetReset);
        }
        if (consumersCount < 1 || maxPollRecords < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("consumersCount, maxPollRecords and maxInFlight must be at least 1");
        }
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("junction-kafka only consumes; send with the kafka component");
    }

    /**
     * Two routes reading the same topic as the same group (two files, one connector, the same parameters) are two
     * members of the group, as they are in two gateways: each gets its own consumer and its share of the partitions.
     */
    @Override
    public boolean isMultipleConsumersSupported() {
        return true;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        KafkaSourceConsumer consumer = new KafkaSourceConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    List<String> topics() {
        return Arrays.stream(topic.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    /**
     * The client's settings: the Kafka component's (camel.component.kafka.*: brokers, timeouts, security), then this
     * endpoint's. Offsets are committed by the consumer as far as records finished, never by the client.
     */
    Properties clientProperties() {
        KafkaComponent kafka = getCamelContext().getComponent("kafka", KafkaComponent.class);
        KafkaConfiguration shared = kafka == null ? new KafkaConfiguration() : kafka.getConfiguration();
        Properties p = shared.createConsumerProperties();
        String servers = brokers != null && !brokers.isBlank() ? brokers : shared.getBrokers();
        if (servers != null) {
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        }
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        put(p, CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        put(p, SaslConfigs.SASL_MECHANISM, saslMechanism);
        put(p, SaslConfigs.SASL_JAAS_CONFIG, saslJaasConfig);
        put(p, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, sslTruststoreLocation);
        put(p, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, sslTruststorePassword);
        return p;
    }

    private static void put(Properties p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.put(key, value);
        }
    }

    public String getTopic() {
        return topic;
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public String getBrokers() {
        return brokers;
    }

    public void setBrokers(String brokers) {
        this.brokers = brokers;
    }

    public String getAutoOffsetReset() {
        return autoOffsetReset;
    }

    public void setAutoOffsetReset(String autoOffsetReset) {
        this.autoOffsetReset = autoOffsetReset;
    }

    public int getConsumersCount() {
        return consumersCount;
    }

    public void setConsumersCount(int consumersCount) {
        this.consumersCount = consumersCount;
    }

    public int getMaxPollRecords() {
        return maxPollRecords;
    }

    public void setMaxPollRecords(int maxPollRecords) {
        this.maxPollRecords = maxPollRecords;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public String getSecurityProtocol() {
        return securityProtocol;
    }

    public void setSecurityProtocol(String securityProtocol) {
        this.securityProtocol = securityProtocol;
    }

    public String getSaslMechanism() {
        return saslMechanism;
    }

    public void setSaslMechanism(String saslMechanism) {
        this.saslMechanism = saslMechanism;
    }

    public String getSaslJaasConfig() {
        return saslJaasConfig;
    }

    public void setSaslJaasConfig(String saslJaasConfig) {
        this.saslJaasConfig = saslJaasConfig;
    }

    public String getSslTruststoreLocation() {
        return sslTruststoreLocation;
    }

    public void setSslTruststoreLocation(String sslTruststoreLocation) {
        this.sslTruststoreLocation = sslTruststoreLocation;
    }

    public String getSslTruststorePassword() {
        return sslTruststorePassword;
    }

    public void setSslTruststorePassword(String sslTruststorePassword) {
        this.sslTruststorePassword = sslTruststorePassword;
    }
}
