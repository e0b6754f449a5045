package io.junction.deadletter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.junction.config.JunctionConfig;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many dead letters each route's dead-letter topic holds ({@code junction_dead_letters_held{route}}), read from
 * the topics' offsets every {@code junction.dead-letter.held-refresh}, so an operator sees a backlog, not only the
 * rate of new letters. Only the routes this gateway runs are counted (eleventh probe: any *.dlq of the cluster was). A Kafka topic forgets only by retention: a replayed letter is still held until then. Only
 * Kafka destinations ({@code junction.dead-letter.uri} of the form {@code kafka:...{route}...}) are counted.
 */
@ApplicationScoped
public class HeldLetters {

    private static final Logger LOG = LoggerFactory.getLogger(HeldLetters.class);

    private final JunctionConfig config;
    private final org.apache.camel.CamelContext camel;
    private final Optional<Pattern> topics;
    private ScheduledExecutorService timer;
    private Admin admin;
    private MultiGauge gauge;

    public HeldLetters(JunctionConfig config, org.apache.camel.CamelContext camel) {
        this.config = config;
        this.camel = camel;
        this.topics = config.deadLetter().enabled() ? topicPattern(config.deadLetter().uri()) : Optional.empty();
    }

    /** {@code kafka:{route}.dlq?x=y} → a pattern whose group 1 is the route; empty for other destinations. */
    static Optional<Pattern> topicPattern(String uri) {
        if (uri == null || !uri.startsWith("kafka:") || !uri.contains("{route}")) {
            return Optional.empty();
        }
        String topic = uri.substring("kafka:".length()).replaceFirst("\\?.*$", "");
        int at = topic.indexOf("{route}");
        return Optional.of(Pattern.compile(Pattern.quote(topic.substring(0, at)) + "(.+)"
                + Pattern.quote(topic.substring(at + "{route}".length()))));
    }

    void start(@Observes StartupEvent event) {
        if (topics.isEmpty()) {
            return;
        }
        gauge = MultiGauge.builder("junction.dead.letters.held")
                .description("Dead letters held in each route's dead-letter topic, replayed or not")
                .register(Metrics.globalRegistry);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "junction-dead-letters-held");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000, config.deadLetter().heldRefresh().toMillis());
        timer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().brokers(),
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000));
            }
            Map<String, String> routeOf = new HashMap<>();
            for (String name : admin.listTopics().names().get(15, TimeUnit.SECONDS)) {
                Matcher m = topics.get().matcher(name);
                // This gateway's running routes only: anyone who can make a topic X.dlq (auto-created on first
                // write) made a series per topic on the unauthenticated /q/metrics, and named others' routes there.
                if (m.matches() && camel.getRoute(m.group(1)) != null) {
                    routeOf.put(name, m.group(1));
                }
            }
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription d : admin.describeTopics(routeOf.keySet()).allTopicNames().get(15, TimeUnit.SECONDS)
                    .values()) {
                d.partitions().forEach(p -> {
                    earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest());
                    latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                });
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> from = admin.listOffsets(earliest).all()
                    .get(15, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> to = admin.listOffsets(latest).all()
                    .get(15, TimeUnit.SECONDS);
            Map<String, Long> held = new HashMap<>();
            to.forEach((tp, end) -> held.merge(routeOf.get(tp.topic()), end.offset() - from.get(tp).offset(), Long::sum));
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            held.forEach((route, n) -> rows.add(MultiGauge.Row.of(Tags.of("route", route), n)));
            gauge.register(rows, true);
        } catch (Exception e) {
            // Kafka away: the last counts stay; readiness and the brokers' own metrics say why.
            LOG.debug("Counting held dead letters failed: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
