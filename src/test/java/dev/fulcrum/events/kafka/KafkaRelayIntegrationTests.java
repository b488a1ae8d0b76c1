package dev.fulcrum.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.events.CloudEvents;
import dev.fulcrum.events.NewEventsSignal;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.EmbeddedKafka;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaRelayIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;

    @Autowired
    KafkaRelay relay;

    @LocalServerPort
    int port;

    TestTenant tenant;
    Api api;
    KafkaConsumer<String, byte[]> consumer;
    final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(EmbeddedKafka.TOPIC));
    }

    @AfterEach
    void tearDown() {
        consumer.close();
        relay.start();
    }

    /** The tenant's events received so far, in arrival order. */
    private List<JsonNode> received() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        String source = "/fulcrum/tenants/" + tenant.id().value();
        return records.stream()
                .map(record -> JSON.readTree(record.value()))
                .filter(event -> event.path("source").asString().equals(source))
                .toList();
    }

    private Set<String> eventIdsInLog() {
        Set<String> ids = new HashSet<>();
        api.get("/api/v1/events?limit=1000")
                .json()
                .path("events")
                .forEach(event -> ids.add(event.path("id").asString()));
        return ids;
    }

    @Test
    void eventsOfEachOrderArriveInSequenceKeyedByOrderId() {
        for (int i = 0; i < 3; i++) {
            String id = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                    .json()
                    .path("id")
                    .asString();
            api.post("/api/v1/orders/" + id + "/pay", null);
            api.post("/api/v1/orders/" + id + "/hold", null);
            api.post("/api/v1/orders/" + id + "/release", null);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> received().size() >= 12);

        Map<String, List<Integer>> sequences = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode event = JSON.readTree(record.value());
            if (event.path("source").asString().endsWith(tenant.id().value().toString())) {
                assertThat(record.key()).isEqualTo(event.path("subject").asString());
                assertThat(new String(
                                record.headers().lastHeader("content-type").value(),
                                java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(CloudEvents.CONTENT_TYPE);
                sequences
                        .computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(event.path("ordersequence").asInt());
            }
        }
        assertThat(sequences).hasSize(3);
        sequences.values().forEach(sequence -> assertThat(sequence).containsExactly(1, 2, 3, 4));
    }

    @Test
    void killingTheRelayMidStreamAndRestartingItLosesNothing() throws InterruptedException {
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 20; i++) {
                String id = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                        .json()
                        .path("id")
                        .asString();
                api.post("/api/v1/orders/" + id + "/pay", null);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> received().size() >= 4);
        relay.kill();
        writer.join();
        Thread.sleep(300);
        relay.start();

        Set<String> expected = eventIdsInLog();
        assertThat(expected).hasSize(40);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> received().stream()
                        .map(event -> event.path("id").asString())
                        .collect(java.util.stream.Collectors.toSet())
                        .containsAll(expected));
    }

    @Test
    void twoRelaysOnOneDatabaseDoNotBothRelay() {
        await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);
        @SuppressWarnings("unchecked") // the bean is a KafkaTemplate<String, byte[]>
        KafkaTemplate<String, byte[]> template = context.getBean("fulcrumEventsKafkaTemplate", KafkaTemplate.class);
        KafkaRelay second = new KafkaRelay(
                "log",
                context.getBean(DataSource.class),
                template,
                context.getBean(CloudEvents.class),
                context.getBean(NewEventsSignal.class),
                context.getBean(KafkaRelayProperties.class),
                context.getBean(JsonMapper.class),
                context.getBean(Clock.class),
                context.getBean(MeterRegistry.class),
                context.getBean(dev.fulcrum.compliance.DataResidency.class));
        second.start();
        try {
            String id = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                    .json()
                    .path("id")
                    .asString();
            await().atMost(Duration.ofSeconds(20)).until(() -> received().size() == 1);
            assertThat(second.isLeader()).isFalse();
            assertThat(second.relayed()).isZero();

            relay.stop();
            await().atMost(Duration.ofSeconds(10)).until(second::isLeader);
            api.post("/api/v1/orders/" + id + "/pay", null);
            await().atMost(Duration.ofSeconds(20)).until(() -> received().size() >= 2);
            assertThat(second.relayed()).isPositive();
            assertThat(relay.isLeader()).isFalse();
        } finally {
            second.stop();
        }
    }
}
