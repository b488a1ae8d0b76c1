package dev.fulcrum.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.fulcrum.channels.internal.Signatures;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A return's refund reported to the channel the order came from (issue 12, acceptance 6): a local HTTP server plays
 * Shopify's Admin API, fails the first call and records every request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefundOutboundIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;
    Api anonymous;
    HttpServer channel;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();

    record Received(String method, String path, String body) {
        JsonNode json() {
            return ChannelIntakeIntegrationTests.JSON.readTree(body);
        }
    }

    @BeforeEach
    void tenantAndChannel() throws IOException {
        api = new Api(port, TestTenant.create(context).apiKey());
        anonymous = new Api(port, null);
        channel = HttpServer.create(
                new InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        channel.createContext("/", exchange -> {
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Integer answer = answers.poll();
            int status = answer == null ? 201 : answer;
            byte[] body = (status >= 500 ? "{\"errors\": \"try later\"}" : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        channel.start();
        assertThat(api.put(
                                "/api/v1/locations/WH-RET",
                                "{\"name\": \"Returns desk\", \"type\": \"warehouse\", \"latitude\": 40.7, "
                                        + "\"longitude\": -74.0, \"country\": \"US\", \"timeZone\": \"America/New_York\"}")
                        .status())
                .isEqualTo(200);
    }

    /**
     * Shopify's documented example order, from the shared data next to the checkout (or next to the folder of
     * worktrees); the test is skipped, saying so, when it is absent.
     */
    static String shopifySample() throws IOException {
        for (String root : List.of("../shared/data/channels", "../../shared/data/channels")) {
            java.nio.file.Path file = java.nio.file.Path.of(root, "shopify/order.json");
            if (java.nio.file.Files.exists(file)) {
                return java.nio.file.Files.readString(file);
            }
        }
        org.junit.jupiter.api.Assumptions.abort(
                "real channel data is absent (../shared/data/channels/shopify/order.json): skipping");
        throw new IllegalStateException("unreachable");
    }

    @AfterEach
    void stopChannel() {
        channel.stop(0);
    }

    @Test
    void aShopifyOrdersRefundIsPostedToItsRefundsEndpointAndRetriedAfterA500() throws Exception {
        String[] placedOrder = deliveredShopifyOrder();
        String connection = placedOrder[0];
        String orderId = placedOrder[1];

        answers.add(500);
        Api.Response requested = api.post(
                "/api/v1/orders/" + orderId + "/returns",
                "{\"lines\": [{\"lineNo\": 1, \"quantity\": 1, \"reason\": \"changed_mind\"}], \"method\": \"drop_off\"}");
        assertThat(requested.status()).as(requested.toString()).isEqualTo(201);
        String returnId = requested.json().path("id").asString();
        JsonNode refunded = api.post(
                        "/api/v1/returns/" + returnId + "/receive",
                        "{\"locationId\": \"WH-RET\", \"lines\": [{\"lineNo\": 1, \"quantity\": 1}]}")
                .json();
        assertThat(refunded.path("refund").path("status").asString()).isEqualTo("refunded");
        String amount = refunded.path("refund").path("amount").asString();

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> received.size() >= 2);
        Received first = received.get(0);
        Received retry = received.get(1);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/shop/admin/api/2025-01/orders/450789469/refunds.json");
        assertThat(retry.path()).isEqualTo(first.path());
        assertThat(retry.body()).isEqualTo(first.body());
        JsonNode refund = retry.json().get("refund");
        assertThat(refund.get("refund_line_items").get(0).get("line_item_id").asLong())
                .isEqualTo(466157049L);
        assertThat(refund.get("refund_line_items").get(0).get("quantity").asInt())
                .isEqualTo(1);
        assertThat(refund.get("transactions").get(0).get("amount").asString()).isEqualTo(amount);
        assertThat(refund.get("note").asString()).contains(returnId);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        api
                                .get("/api/v1/channels/connections/" + connection + "/outbound")
                                .json()
                                .get("items")
                                .values()
                                .stream()
                                .anyMatch(delivery -> delivery.get("kind")
                                                .asString()
                                                .equals("refund")
                                        && delivery.get("status").asString().equals("delivered")
                                        && delivery.get("attempts").asInt() == 2));
    }

    @Test
    void aRefundClaimIsReportedToShopifyLikeAReturnsRefund() throws Exception {
        String[] placedOrder = deliveredShopifyOrder();
        String orderId = placedOrder[1];

        Api.Response claimed = api.post(
                "/api/v1/orders/" + orderId + "/claims",
                "{\"type\": \"damaged\", \"resolution\": \"refund\", \"lines\": [{\"lineNo\": 1, \"quantity\": 1}]}");

        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(201);
        String claimId = claimed.json().path("claimId").asString();
        String amount = claimed.json().path("refundAmount").asString();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !received.isEmpty());
        Received report = received.get(0);
        assertThat(report.path()).isEqualTo("/shop/admin/api/2025-01/orders/450789469/refunds.json");
        JsonNode refund = report.json().get("refund");
        assertThat(refund.get("refund_line_items").get(0).get("line_item_id").asLong())
                .isEqualTo(466157049L);
        assertThat(refund.get("transactions").get(0).get("amount").asString()).isEqualTo(amount);
        assertThat(refund.get("note").asString()).contains(claimId);
    }

    /** A Shopify order taken in, paid, shipped and delivered: its connection id and order id. */
    private String[] deliveredShopifyOrder() throws Exception {
        String body = ChannelIntakeIntegrationTests.JSON
                .readTree(shopifySample())
                .get("order")
                .toString();
        Api.Response created = api.post(
                "/api/v1/channels/connections",
                Api.json(Map.of(
                        "type",
                        "shopify",
                        "name",
                        "Shop " + UUID.randomUUID(),
                        "secret",
                        "s3cret",
                        "outboundBaseUrl",
                        "http://127.0.0.1:" + channel.getAddress().getPort() + "/shop",
                        "outboundToken",
                        "shpat_test")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String connection = created.json().get("id").asString();
        Api.Response placed = anonymous.post(
                "/api/v1/channels/connections/" + connection + "/shopify",
                body,
                "X-Shopify-Hmac-Sha256",
                Signatures.sign(body.getBytes(StandardCharsets.UTF_8), "s3cret"),
                "X-Shopify-Topic",
                "orders/create",
                "X-Shopify-Webhook-Id",
                UUID.randomUUID().toString());
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String orderId = placed.json().get("orderId").asString();
        api.post("/api/v1/orders/" + orderId + "/pay", "{}");
        assertThat(api.post("/api/v1/orders/" + orderId + "/ship", "{\"carrier\": \"UPS\"}")
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/orders/" + orderId + "/deliver", null).status())
                .isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !received.isEmpty());
        received.clear();

        return new String[] {connection, orderId};
    }
}
