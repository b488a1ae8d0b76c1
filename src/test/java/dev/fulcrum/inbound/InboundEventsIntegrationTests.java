package dev.fulcrum.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.EmbeddedKafka;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Inbound documents over the in-JVM Kafka broker and the REST API: applied once per source and id however often they
 * arrive, dead-lettered to the {@code .dlt} topic and the table with the reason when they cannot be applied, and
 * applied by a retry after the fix.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InboundEventsIntegrationTests {

    private static final String TOPIC = "fulcrum.inbound";
    private static final String DEAD_LETTER_TOPIC = "fulcrum.inbound.dlt";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    TestTenant tenant;
    Api api;
    KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp() throws InterruptedException, ExecutionException {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()))) {
            for (String topic : List.of(TOPIC, DEAD_LETTER_TOPIC)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)))
                            .all()
                            .get();
                } catch (ExecutionException exists) {
                    if (!(exists.getCause() instanceof TopicExistsException)) {
                        throw exists;
                    }
                }
            }
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    @Test
    void aShipmentDeliveredTwiceOnKafkaShipsTheOrdersLinesOnce() throws Exception {
        JsonNode order = place(OrderMother.paidOrder());
        String orderId = order.path("id").asString();
        String shipment = document(
                "wh-" + UUID.randomUUID(),
                "inbound.shipment-confirmed",
                "{\"orderId\": \"%s\", \"lines\": [{\"lineNo\": 1, \"quantity\": 1}], \"carrier\": \"SF\", \"trackingNumber\": \"SF100\", \"locationId\": \"WH-SH\"}"
                        .formatted(orderId));
        send(orderId, shipment);
        send(orderId, shipment);
        // Same key, same partition: once this later document is applied, both copies of the shipment were handled.
        send(
                orderId,
                document("wh-" + UUID.randomUUID(), "inbound.delivered", "{\"orderId\": \"%s\"}".formatted(orderId)));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> line(orderId).path("quantities").path("delivered").asInt() == 1);
        JsonNode quantities = line(orderId).path("quantities");
        assertThat(quantities.path("shipped").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/events?type=order.shipped&limit=100")
                        .json()
                        .path("events")
                        .valueStream()
                        .filter(event -> event.path("subject").asString().equals(orderId))
                        .count())
                .isEqualTo(1);
        JsonNode timeline = api.get("/api/v1/orders/" + orderId + "/timeline").json();
        assertThat(timeline.toString()).contains("inbound:/warehouses/test", "order.shipped", "SF100");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aDocumentThatCannotBeAppliedLandsInTheDeadLetterTopicAndTableAndARetryAfterTheFixAppliesItOnce()
            throws Exception {
        String externalId = "W-" + UUID.randomUUID();
        String eventId = "wh-" + UUID.randomUUID();
        String shipment = document(
                eventId,
                "inbound.shipment-confirmed",
                "{\"channel\": \"web\", \"externalId\": \"%s\", \"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 2}], \"carrier\": \"SF\", \"trackingNumber\": \"SF200\"}"
                        .formatted(externalId));
        send("web/" + externalId, shipment);

        await().atMost(Duration.ofSeconds(60)).until(() -> !deadLetters().isEmpty());
        JsonNode letter = deadLetters().getFirst();
        assertThat(letter.path("eventId").asString()).isEqualTo(eventId);
        assertThat(letter.path("reason").asString()).contains("no order of channel web has external id " + externalId);
        assertThat(letter.path("transport").asString()).isEqualTo("kafka");
        assertThat(letter.path("topic").asString()).isEqualTo(TOPIC);
        String deadLetterId = letter.path("id").asString();

        ConsumerRecord<String, byte[]> dead = deadLetterRecord(deadLetterId);
        assertThat(dead.key()).isEqualTo("web/" + externalId);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(shipment);
        assertThat(header(dead, "fulcrum-dead-letter-reason")).contains("no order of channel web");

        // Redelivered: acknowledged and nothing more (no second dead letter).
        send("web/" + externalId, shipment);
        String marker = "wh-" + UUID.randomUUID();
        send(
                "web/" + externalId,
                document(marker, "inbound.delivered", "{\"orderId\": \"%s\"}".formatted(UUID.randomUUID())));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> deadLetters().stream()
                        .anyMatch(d -> d.path("eventId").asString().equals(marker)));
        assertThat(deadLetters().stream()
                        .filter(d -> d.path("eventId").asString().equals(eventId)))
                .hasSize(1);

        // The fix: the order now exists. The retry applies the stored document, exactly once.
        String orderId = place(OrderMother.paidOrder(externalId)).path("id").asString();
        Api.Response retried = api.post("/api/v1/inbound-events/dead-letters/" + deadLetterId + "/retry", null);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().path("status").asString()).isEqualTo("applied");
        assertThat(retried.json().path("subject").asString()).isEqualTo(orderId);
        assertThat(line(orderId).path("quantities").path("shipped").asInt()).isEqualTo(2);
        assertThat(api.post("/api/v1/inbound-events/dead-letters/" + deadLetterId + "/retry", null)
                        .status())
                .isEqualTo(409);
        assertThat(api.get("/api/v1/inbound-events/dead-letters/" + deadLetterId)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("retried");
        // Sent once more after the retry: a duplicate, nothing happens.
        Api.Response again =
                api.post("/api/v1/inbound-events", shipment, "Content-Type", "application/cloudevents+json");
        assertThat(again.json().path("results").get(0).path("status").asString())
                .isEqualTo("duplicate");
        assertThat(line(orderId).path("quantities").path("shipped").asInt()).isEqualTo(2);
    }

    @Test
    void aRetryWithACorrectedDocumentAppliesTheCorrection() {
        String orderId = place(OrderMother.paidOrder()).path("id").asString();
        String eventId = "wh-" + UUID.randomUUID();
        String tooMany = document(
                eventId,
                "inbound.shipment-confirmed",
                "{\"orderId\": \"%s\", \"lines\": [{\"lineNo\": 1, \"quantity\": 3}]}".formatted(orderId));
        JsonNode result = api.post("/api/v1/inbound-events", tooMany, "Content-Type", "application/cloudevents+json")
                .json()
                .path("results")
                .get(0);
        assertThat(result.path("status").asString()).isEqualTo("dead-lettered");
        assertThat(result.path("reason").asString()).contains("3");
        String deadLetterId = result.path("deadLetterId").asString();

        String otherId = document(
                "wh-" + UUID.randomUUID(),
                "inbound.shipment-confirmed",
                "{\"orderId\": \"%s\", \"lines\": [{\"lineNo\": 1, \"quantity\": 2}]}".formatted(orderId));
        assertThat(api.post("/api/v1/inbound-events/dead-letters/" + deadLetterId + "/retry", otherId)
                        .status())
                .isEqualTo(400);
        String corrected = tooMany.replace("\"quantity\": 3", "\"quantity\": 2");
        Api.Response retried = api.post("/api/v1/inbound-events/dead-letters/" + deadLetterId + "/retry", corrected);
        assertThat(retried.json().path("status").asString())
                .as(retried.toString())
                .isEqualTo("applied");
        assertThat(line(orderId).path("quantities").path("shipped").asInt()).isEqualTo(2);
    }

    @Test
    void theRestPathAppliesABatchInRequestOrderWithAnOutcomePerDocument() {
        JsonNode order = place(OrderMother.unpaidOrderWithTwoLines());
        String orderId = order.path("id").asString();
        String pay = document(
                "psp-" + UUID.randomUUID(),
                "inbound.payment-captured",
                "{\"orderId\": \"%s\", \"amount\": \"%s\", \"currency\": \"USD\", \"method\": \"card\"}"
                        .formatted(orderId, order.path("total").asString()));
        String ship = document(
                "wh-" + UUID.randomUUID(),
                "inbound.shipment-confirmed",
                "{\"orderId\": \"%s\", \"lines\": [{\"sku\": \"BOOK-1\", \"quantity\": 1}, {\"sku\": \"PEN-2\", \"quantity\": 3}], \"carrier\": \"DHL\", \"trackingNumber\": \"JD1\"}"
                        .formatted(orderId));
        String deliver =
                document("dhl-" + UUID.randomUUID(), "inbound.delivered", "{\"orderId\": \"%s\"}".formatted(orderId));
        String malformed = document(
                "wh-" + UUID.randomUUID(),
                "inbound.shipment-confirmed",
                "{\"orderId\": \"%s\", \"lines\": [{\"lineNo\": 1, \"quantity\": 0}]}".formatted(orderId));
        Api.Response response = api.post(
                "/api/v1/inbound-events",
                "[" + String.join(",", pay, ship, deliver, pay, malformed) + "]",
                "Content-Type",
                "application/cloudevents-batch+json");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        JsonNode results = response.json().path("results");
        assertThat(results.valueStream().map(result -> result.path("status").asString()))
                .containsExactly("applied", "applied", "applied", "duplicate", "dead-lettered");
        assertThat(results.get(4).path("problems").toString()).contains("data.lines[0].quantity");
        assertThat(response.json().path("applied").asInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/orders/" + orderId).json().path("status").asString())
                .isEqualTo("completed");
    }

    @Test
    void refusesABatchOverItsCapAndABodyThatIsNoDocument() {
        String one =
                document("x-" + UUID.randomUUID(), "inbound.delivered", "{\"orderId\": \"" + UUID.randomUUID() + "\"}");
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(1001, one)) + "]";
        Api.Response refused = api.post("/api/v1/inbound-events", tooMany);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("at most 1000 documents per request, got 1001");
        assertThat(api.post("/api/v1/inbound-events", "\"hello\"").status()).isEqualTo(400);
        JsonNode notACloudEvent = api.post("/api/v1/inbound-events", "{\"hello\": \"world\"}")
                .json()
                .path("results")
                .get(0);
        assertThat(notACloudEvent.path("status").asString()).isEqualTo("dead-lettered");
        assertThat(notACloudEvent.path("reason").asString()).contains("not a CloudEvents 1.0");
    }

    @Test
    void stockAdjustedOnKafkaMovesThePositionThroughTheLedger() throws Exception {
        String location = "WH-IN-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.put("/api/v1/locations/" + location, """
                        {"name": "Inbound test", "type": "warehouse", "latitude": 31.2, "longitude": 121.5,
                         "country": "CN", "region": "SH", "timeZone": "Asia/Shanghai"}""").status()).isEqualTo(200);
        assertThat(api.put(
                                "/api/v1/locations/" + location + "/stock",
                                "{\"asOf\": \"" + Instant.now().minusSeconds(60)
                                        + "\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 50}]}")
                        .status())
                .isEqualTo(200);
        send(
                location + "/TEA-001",
                document(
                        "wh-" + UUID.randomUUID(),
                        "inbound.stock-adjusted",
                        "{\"locationId\": \"%s\", \"sku\": \"TEA-001\", \"delta\": -3, \"reason\": \"damaged in storage\"}"
                                .formatted(location)));
        send(
                location + "/TEA-001",
                document(
                        "wh-" + UUID.randomUUID(),
                        "inbound.stock-adjusted",
                        "{\"locationId\": \"%s\", \"sku\": \"TEA-001\", \"onHand\": 40, \"reason\": \"cycle count\"}"
                                .formatted(location)));

        String movements = "/api/v1/locations/" + location + "/stock/TEA-001/movements";
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get(movements).json().toString().contains("\"onHandDelta\":-7"));
        String moved = api.get(movements).json().toString();
        assertThat(moved)
                .contains(
                        "damaged in storage",
                        "\"onHandDelta\":-3",
                        "\"kind\":\"snapshot\"",
                        "inbound:/warehouses/test");
    }

    @Test
    void aKafkaDocumentWithoutATenantGoesToTheDeadLetterTopicOnly() throws Exception {
        String eventId = "wh-" + UUID.randomUUID();
        ObjectNode document = (ObjectNode)
                JSON.readTree(document(eventId, "inbound.delivered", "{\"orderId\": \"" + UUID.randomUUID() + "\"}"));
        document.remove("tenant");
        byte[] value = JSON.writeValueAsBytes(document);
        producer.send(new ProducerRecord<>(TOPIC, "no-tenant", value)).get();
        ConsumerRecord<String, byte[]> dead = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> deadLetterRecords().stream()
                                .filter(record -> new String(record.value(), StandardCharsets.UTF_8).contains(eventId))
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull);
        assertThat(header(dead, "fulcrum-dead-letter-reason")).contains("tenant");
    }

    private JsonNode place(String order) {
        Api.Response placed = api.post("/api/v1/orders", order);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return placed.json();
    }

    private JsonNode line(String orderId) {
        return api.get("/api/v1/orders/" + orderId).json().path("lines").get(0);
    }

    private List<JsonNode> deadLetters() {
        return api.get("/api/v1/inbound-events/dead-letters?limit=500")
                .json()
                .path("deadLetters")
                .valueStream()
                .toList();
    }

    private String document(String id, String type, String data) {
        return """
                {"specversion": "1.0", "id": "%s", "source": "/warehouses/test", "type": "dev.fulcrum.%s.v1",
                 "time": "%s", "tenant": "%s", "datacontenttype": "application/json", "data": %s}""".formatted(id, type, Instant.now(), tenant.id().value(), data);
    }

    private void send(String key, String document) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, key, document.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    private ConsumerRecord<String, byte[]> deadLetterRecord(String deadLetterId) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> deadLetterRecords().stream()
                                .filter(record -> deadLetterId.equals(header(record, "fulcrum-dead-letter-id")))
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull);
    }

    private final List<ConsumerRecord<String, byte[]>> deadLetterRecords = new ArrayList<>();
    private @Nullable KafkaConsumer<String, byte[]> deadLetterConsumer;

    private List<ConsumerRecord<String, byte[]>> deadLetterRecords() {
        KafkaConsumer<String, byte[]> consumer = deadLetterConsumer;
        if (consumer == null) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(DEAD_LETTER_TOPIC));
            deadLetterConsumer = consumer;
        }
        consumer.poll(Duration.ofMillis(300)).forEach(deadLetterRecords::add);
        return deadLetterRecords;
    }

    @AfterEach
    void closeDeadLetterConsumer() {
        KafkaConsumer<String, byte[]> consumer = deadLetterConsumer;
        if (consumer != null) {
            consumer.close();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
