package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The console's pages for the event backbone over plain HTTP: webhook subscriptions with their delivery health and
 * log, the operator's actions, usage with its charts, and the order page's fragment for live updates. The console's
 * users belong to the default tenant, so this class works there (through the bootstrap key) and looks only at what
 * it created.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleEventPagesTests {

    private static final String BOOTSTRAP_KEY = "fk_bootstrp_testkeytestkeytestkeytestkey";

    @LocalServerPort
    int port;

    private Api api;
    private ConsoleSession console;
    private final WebhookReceiver receiver = new WebhookReceiver();

    @BeforeEach
    void logIn() {
        api = new Api(port, BOOTSTRAP_KEY);
        console = new ConsoleSession(port).logIn("admin", "test-admin-password");
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void listsSubscriptionsWithTheirDeliveryHealth() {
        receiver.answer(event -> 503);
        String subscription = subscribe();
        String orderId = placeOrder();
        JsonNode delivery = awaitDelivery(subscription, orderId, 1);

        String page = console.get("/subscriptions").body();
        Matcher row = Pattern.compile(
                        "<tr data-testid=\"subscription-row\" data-subscription-id=\"" + subscription
                                + "\" data-health=\"([a-z]+)\">(.*?)</tr>",
                        Pattern.DOTALL)
                .matcher(page);
        assertThat(row.find()).as("a row for the subscription").isTrue();
        assertThat(row.group(1)).isIn("degraded", "failing", "paused");
        assertThat(row.group(2)).contains(receiver.url(), "order.placed", "503", " ms");
        assertThat(delivery.path("attemptLog").get(0).path("statusCode").asInt())
                .isEqualTo(503);
    }

    @Test
    void showsTheDeliveryLogAndRetriesReplaysAndResumes() {
        receiver.answer(event -> 200);
        String subscription = subscribe();
        String orderId = placeOrder();
        JsonNode delivery = awaitDelivery(subscription, orderId, 1);
        String deliveryId = delivery.path("id").asString();
        String pagePath = "/subscriptions/" + subscription;

        String page = console.get(pagePath).body();
        assertThat(page)
                .contains(
                        "id=\"subscription-url\"",
                        receiver.url(),
                        "data-health=\"healthy\"",
                        "data-delivery-id=\"" + deliveryId + "\"",
                        "data-testid=\"delivery-attempt\"",
                        "id=\"replay-since\"");
        assertThat(console.get(pagePath + "?status=dead").body())
                .doesNotContain("data-delivery-id=\"" + deliveryId + "\"");

        int before = receiver.accepted().size();
        HttpResponse<String> retried = console.submit(pagePath, pagePath + "/deliveries/" + deliveryId + "/retry", "");
        assertThat(retried.statusCode()).isEqualTo(302);
        assertThat(retried.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith(pagePath));
        assertThat(console.get(pagePath).body()).contains("id=\"subscription-notice\"", "queued for another attempt");
        await(() -> receiver.accepted().size() > before, "the retried delivery arrives again");

        String since = java.time.LocalDateTime.now(java.time.ZoneId.systemDefault())
                .minusMinutes(30)
                .withSecond(0)
                .withNano(0)
                .toString();
        HttpResponse<String> replayed = console.submit(pagePath, pagePath + "/replay", "since=" + since);
        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(console.get(pagePath).body()).containsPattern("[1-9][0-9]* deliveries queued again");

        HttpResponse<String> resumed = console.submit(pagePath, pagePath + "/resume", "");
        assertThat(resumed.statusCode()).isEqualTo(302);
        assertThat(console.get(pagePath).body()).contains("Subscription resumed");
    }

    @Test
    void refusesAnActionWithoutTheCsrfTokenAndShowsNotFoundForAnUnknownSubscription() {
        String subscription = subscribe();
        assertThat(console.post("/subscriptions/" + subscription + "/resume", "")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> unknown = console.get("/subscriptions/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("id=\"console-error\"");
        assertThat(console.get("/subscriptions/not-an-id").statusCode()).isEqualTo(404);
    }

    @Test
    void showsUsageAsChartsAndTablesWithEchartsServedFromItsJar() {
        placeOrder();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String page = console.get("/usage?days=7").body();
        assertThat(page)
                .contains(
                        "id=\"chart-orders\"",
                        "id=\"chart-api-calls\"",
                        "id=\"chart-webhooks\"",
                        "id=\"usage-data\"",
                        "POST /api/v1/orders");
        Matcher ordersToday = Pattern.compile(
                        "data-day=\"" + today + "\">.*?data-figure=\"ordersPlaced\">(\\d+)<", Pattern.DOTALL)
                .matcher(page);
        assertThat(ordersToday.find()).as("a row for today").isTrue();
        assertThat(Long.parseLong(ordersToday.group(1))).isPositive();
        assertThat(Pattern.compile("data-testid=\"usage-day\"")
                        .matcher(page)
                        .results()
                        .count())
                .isEqualTo(7);

        Matcher script = Pattern.compile("<script src=\"([^\"]+)\" id=\"echarts-script\"")
                .matcher(page);
        assertThat(script.find()).as("the page loads ECharts").isTrue();
        assertThat(script.group(1)).startsWith("/_static/echarts/").endsWith("/dist/echarts.min.js");
        HttpResponse<String> echarts = console.get(script.group(1));
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body()).contains("echarts");

        assertThat(console.get("/usage?days=7&lang=zh-CN").body()).contains("下单数", "按密钥和接口统计的 API 调用");
    }

    @Test
    void answersHtmxWithTheOrderPagesContentOnlyAndTellsWhereTheLiveStreamResumes() {
        String orderId = placeOrder();
        HttpResponse<String> fragment = console.get("/orders/" + orderId, "HX-Request", "true");
        assertThat(fragment.body().strip())
                .startsWith("<div id=\"order-content\"")
                .doesNotContain("<html");
        String page = console.get("/orders/" + orderId).body();
        assertThat(page)
                .contains("data-live=\"order\"", "data-live-order=\"" + orderId + "\"", "id=\"live-indicator\"")
                .containsPattern("data-live-after=\"\\d+-\\d+\"");
        assertThat(console.get("/orders").body())
                .contains("data-live=\"orders\"")
                .containsPattern("data-live-after=\"\\d+-\\d+\"");
    }

    private String subscribe() {
        Api.Response created = api.post(
                "/api/v1/subscriptions",
                Api.json(java.util.Map.of("url", receiver.url(), "eventTypes", java.util.List.of("order.placed"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private String placeOrder() {
        Api.Response placed = api.post("/api/v1/orders", OrderMother.paidOrder("CONSOLE-EV-" + UUID.randomUUID()));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return placed.json().path("id").asString();
    }

    /** Waits until the subscription's delivery of the order's placed event has at least {@code attempts} attempts. */
    private JsonNode awaitDelivery(String subscription, String orderId, int attempts) {
        JsonNode[] found = new JsonNode[1];
        await(
                () -> {
                    for (JsonNode delivery : api.get("/api/v1/subscriptions/" + subscription + "/deliveries?limit=500")
                            .json()
                            .path("deliveries")) {
                        if (delivery.path("attemptLog").size() >= attempts) {
                            found[0] = delivery;
                            return true;
                        }
                    }
                    return false;
                },
                "a delivery attempt for order " + orderId);
        return found[0];
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
