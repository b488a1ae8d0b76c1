package dev.fulcrum.events.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestClock;
import dev.fulcrum.testing.TestTenant;
import dev.fulcrum.testing.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Autowired
    ApplicationContext context;

    @Autowired
    WebhookProperties webhookProperties;

    @LocalServerPort
    int port;

    Api api;
    WebhookReceiver receiver;

    @BeforeEach
    void setUp() {
        api = new Api(port, TestTenant.create(context).apiKey());
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private JsonNode subscribe(String body) {
        Api.Response response = api.post("/api/v1/subscriptions", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private String placeOrder(String document) {
        return api.post("/api/v1/orders", document).json().path("id").asString();
    }

    @Test
    void receiverFailingThreeTimesGetsTheEventOnTheFourthAttemptWithAValidSignature() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(event -> calls.incrementAndGet() <= 3 ? 503 : 200);
        JsonNode subscription = subscribe("""
                {"url": "%s", "eventTypes": ["order.placed"]}""".formatted(receiver.url()));
        String secret = subscription.path("secret").asString();
        String orderId = placeOrder(OrderMother.paidOrder());

        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);

        assertThat(receiver.received()).hasSize(4);
        WebhookReceiver.Received delivered = receiver.accepted().getFirst();
        assertThat(Signatures.verify(delivered.header("Fulcrum-Signature"), delivered.body(), secret))
                .isTrue();
        assertThat(Signatures.verify(
                        delivered.header("Fulcrum-Signature"), delivered.body(), "another secret entirely"))
                .isFalse();
        assertThat(delivered.header("Content-Type")).startsWith("application/cloudevents+json");
        assertThat(delivered.header("Fulcrum-Delivery-Attempt")).isEqualTo("4");
        assertThat(delivered.json().path("type").asString()).isEqualTo("dev.fulcrum.order.placed.v1");
        assertThat(delivered.json().path("subject").asString()).isEqualTo(orderId);

        // The receiver answers before the dispatcher records the outcome: wait for the log to say so.
        String deliveries = "/api/v1/subscriptions/" + subscription.path("id").asString() + "/deliveries";
        await().atMost(PATIENCE)
                .until(() -> "delivered"
                        .equals(api.get(deliveries)
                                .json()
                                .path("deliveries")
                                .path(0)
                                .path("status")
                                .asString()));
        JsonNode log = api.get(deliveries).json().path("deliveries");
        assertThat(log).hasSize(1);
        assertThat(log.get(0).path("status").asString()).isEqualTo("delivered");
        assertThat(log.get(0).path("attemptLog")).hasSize(4);
        assertThat(log.get(0).path("attemptLog").get(0).path("statusCode").asInt())
                .isEqualTo(503);
        assertThat(log.get(0).path("attemptLog").get(3).path("succeeded").asBoolean())
                .isTrue();
    }

    @Test
    void deliveryToAReceiverDownLongerThanTheRetryWindowIsDeadThenRetriedAndReplayed() {
        receiver.answer(event -> 500);
        JsonNode subscription = subscribe("""
                {"url": "%s", "eventTypes": ["*"]}""".formatted(receiver.url()));
        String id = subscription.path("id").asString();
        String orderId = placeOrder(OrderMother.paidOrder());

        await().atMost(PATIENCE)
                .until(() -> api.get("/api/v1/subscriptions/" + id + "/deliveries?status=dead")
                                .json()
                                .path("deliveries")
                                .size()
                        == 1);
        JsonNode dead = api.get("/api/v1/subscriptions/" + id + "/deliveries?status=dead")
                .json()
                .path("deliveries")
                .get(0);
        assertThat(dead.path("attempts").asInt()).isGreaterThan(1);

        receiver.answer(event -> 200);
        assertThat(api.post(
                                "/api/v1/subscriptions/" + id + "/deliveries/"
                                        + dead.path("id").asString() + "/retry",
                                null)
                        .status())
                .isEqualTo(202);
        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);

        Api.Response replay = api.post(
                "/api/v1/subscriptions/" + id + "/replay",
                "{\"eventId\": \"" + dead.path("eventId").asString() + "\"}");
        assertThat(replay.json().path("queued").asInt()).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 2);
        assertThat(receiver.accepted())
                .allSatisfy(received ->
                        assertThat(received.json().path("subject").asString()).isEqualTo(orderId));
        assertThat(receiver.accepted().get(0).json().path("id"))
                .isEqualTo(receiver.accepted().get(1).json().path("id"));
    }

    @Test
    void eventsOfOneOrderArriveInOrderWhileAnotherOrdersEventsFlow() {
        // The first event of the slow order is refused until both events of the other order have arrived: if one
        // order's retries blocked other orders, nothing would arrive at all.
        String slowExternalId = "SLOW-" + java.util.UUID.randomUUID();
        AtomicInteger otherAccepted = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        receiver.answer(event -> {
            if (!event.path("data").path("order").path("externalId").asString().equals(slowExternalId)) {
                otherAccepted.incrementAndGet();
                return 200;
            }
            if (event.path("ordersequence").asInt() == 1 && otherAccepted.get() < 2) {
                refusals.incrementAndGet();
                return 503;
            }
            return 200;
        });
        subscribe("""
                {"url": "%s", "eventTypes": ["order.placed", "order.paid", "order.held", "order.released", "order.cancelled"]}""".formatted(receiver.url()));
        String[] orders = {placeOrder(OrderMother.paidOrder(slowExternalId))};
        String other = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                .json()
                .path("id")
                .asString();
        api.post("/api/v1/orders/" + orders[0] + "/hold", null);
        api.post("/api/v1/orders/" + other + "/pay", null);
        api.post("/api/v1/orders/" + orders[0] + "/release", null);
        api.post("/api/v1/orders/" + orders[0] + "/cancel", null);

        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 6);

        List<Integer> slowSequence = receiver.accepted().stream()
                .filter(r -> r.json().path("subject").asString().equals(orders[0]))
                .map(r -> r.json().path("ordersequence").asInt())
                .toList();
        assertThat(slowSequence).containsExactly(1, 2, 3, 4);
        assertThat(refusals.get()).isPositive();
        List<String> acceptedSubjects = receiver.accepted().stream()
                .map(r -> r.json().path("subject").asString())
                .toList();
        assertThat(acceptedSubjects.indexOf(other)).isLessThan(acceptedSubjects.indexOf(orders[0]));
    }

    @Test
    void filterAndProjectionAreHonouredAndPersonalDataNeverLeavesUnlessGranted() {
        subscribe("""
                {"url": "%s", "eventTypes": ["order.placed"], "filter": "data.order.channel == 'shopify' && data.order.total > 100.0",
                 "fields": ["order.id", "order.total", "order.customer", "order.shippingAddress", "order.lines.sku"],
                 "personalData": ["order.customer.email"]}""".formatted(receiver.url()));
        placeOrder(OrderMother.paidOrder().replace("\"channel\": \"web\"", "\"channel\": \"shopify\""));
        placeOrder(OrderMother.paidOrder());
        placeOrder(OrderMother.unpaidOrderWithTwoLines().replace("\"channel\": \"web\"", "\"channel\": \"shopify\""));

        await().atMost(PATIENCE).until(() -> receiver.accepted().size() >= 1);
        await().during(Duration.ofMillis(500))
                .atMost(PATIENCE)
                .until(() -> receiver.accepted().size() == 1);

        JsonNode data = receiver.accepted().getFirst().json().path("data");
        JsonNode order = data.path("order");
        assertThat(order.propertyNames())
                .containsExactlyInAnyOrder("id", "total", "customer", "shippingAddress", "lines");
        assertThat(order.path("total").asString()).isEqualTo("113.00");
        assertThat(order.path("lines").get(0).propertyNames()).containsExactly("sku");
        assertThat(order.path("customer").path("email").asString()).isEqualTo("wang@example.com");
        assertThat(order.path("customer").path("name").asString()).isEqualTo(EventProjection.MASK);
        assertThat(order.path("customer").path("phone").asString()).isEqualTo(EventProjection.MASK);
        assertThat(order.path("shippingAddress").path("line1").asString()).isEqualTo(EventProjection.MASK);
        assertThat(order.path("shippingAddress").path("latitude").isNull()).isTrue();
        assertThat(order.path("shippingAddress").path("city").asString()).isEqualTo("上海");
        String raw = new String(receiver.accepted().getFirst().body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain("王芳", "人民路", "138 0000", "200001");
    }

    @Test
    void refusesTargetsInsideTheNetworkWithAProblemDetail() {
        for (String url : List.of(
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.5/hooks",
                "http://192.168.1.20:8080/hooks",
                "http://[::1]/hooks",
                "file:///etc/passwd")) {
            Api.Response response =
                    api.post("/api/v1/subscriptions", "{\"url\": \"" + url + "\", \"eventTypes\": [\"*\"]}");
            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("errors").get(0).path("field").asString())
                    .isEqualTo("url");
        }
        Api.Response unknownType = api.post(
                "/api/v1/subscriptions", "{\"url\": \"" + receiver.url() + "\", \"eventTypes\": [\"order.exploded\"]}");
        assertThat(unknownType.status()).isEqualTo(400);
        Api.Response badFilter = api.post(
                "/api/v1/subscriptions",
                "{\"url\": \"" + receiver.url() + "\", \"eventTypes\": [\"*\"], \"filter\": \"data.order.(\"}");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.json().path("errors").get(0).path("field").asString())
                .isEqualTo("filter");
    }

    @Test
    void rotatedSecretsSignSideBySideDuringTheOverlap() {
        JsonNode subscription = subscribe("""
                {"url": "%s", "eventTypes": ["order.placed"], "secret": "first-secret-0123456789"}""".formatted(receiver.url()));
        JsonNode rotated = api.post(
                        "/api/v1/subscriptions/" + subscription.path("id").asString() + "/rotate-secret",
                        "{\"overlap\": \"PT1H\"}")
                .json();
        String newSecret = rotated.path("secret").asString();
        assertThat(newSecret).startsWith("whsec_");
        placeOrder(OrderMother.paidOrder());
        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
        WebhookReceiver.Received delivered = receiver.accepted().getFirst();
        assertThat(Signatures.verify(delivered.header("Fulcrum-Signature"), delivered.body(), newSecret))
                .isTrue();
        assertThat(Signatures.verify(
                        delivered.header("Fulcrum-Signature"), delivered.body(), "first-secret-0123456789"))
                .isTrue();
    }

    @Test
    void subscriptionFailingLongerThanThePausePeriodIsPausedAndRaisesAnEvent() {
        receiver.answer(event -> 500);
        JsonNode subscription = subscribe("""
                {"url": "%s", "eventTypes": ["order.placed"]}""".formatted(receiver.url()));
        String id = subscription.path("id").asString();
        placeOrder(OrderMother.paidOrder());
        await().atMost(PATIENCE)
                .until(() -> api.get("/api/v1/subscriptions/" + id)
                        .json()
                        .path("failingSince")
                        .isString());
        TestClock.advance(webhookProperties.pausePeriod().plusSeconds(1));
        try {
            placeOrder(OrderMother.paidOrder());
            await().atMost(PATIENCE)
                    .until(() -> api.get("/api/v1/subscriptions/" + id)
                            .json()
                            .path("status")
                            .asString()
                            .equals("paused"));
        } finally {
            TestClock.reset();
        }
        JsonNode paused =
                api.get("/api/v1/events?type=subscription.paused").json().path("events");
        assertThat(paused).hasSize(1);
        assertThat(paused.get(0).path("subject").asString()).isEqualTo(id);

        receiver.answer(event -> 200);
        assertThat(api.post("/api/v1/subscriptions/" + id + "/resume", null)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("active");
        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
    }
}
