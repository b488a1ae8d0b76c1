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
 * Status reports back to the channel: a local HTTP server plays the channel's API, answers what each test tells it
 * to, and records every request it gets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OutboundStatusIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;
    Api anonymous;
    HttpServer channel;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();

    record Received(String method, String path, Map<String, List<String>> headers, String body) {
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
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Integer answer = answers.poll();
            int status = answer == null ? 201 : answer;
            byte[] body = (status >= 500 ? "{\"errors\": \"try later\"}" : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        channel.start();
    }

    @AfterEach
    void stopChannel() {
        channel.stop(0);
    }

    String channelUrl(String path) {
        return "http://127.0.0.1:" + channel.getAddress().getPort() + path;
    }

    String shopifyConnection() {
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
                        channelUrl("/shop"),
                        "outboundToken",
                        "shpat_test")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    String placeShopifyOrder(String connection) throws Exception {
        String body = ChannelIntakeIntegrationTests.JSON
                .readTree(ChannelIntakeIntegrationTests.sample("shopify/order.json"))
                .get("order")
                .toString();
        Api.Response placed = shopifyWebhook(connection, "orders/create", body);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return placed.json().get("orderId").asString();
    }

    Api.Response shopifyWebhook(String connection, String topic, String body) {
        return anonymous.post(
                "/api/v1/channels/connections/" + connection + "/shopify",
                body,
                "X-Shopify-Hmac-Sha256",
                Signatures.sign(body.getBytes(StandardCharsets.UTF_8), "s3cret"),
                "X-Shopify-Topic",
                topic,
                "X-Shopify-Webhook-Id",
                UUID.randomUUID().toString());
    }

    JsonNode outbound(String connection) {
        return api.get("/api/v1/channels/connections/" + connection + "/outbound")
                .json()
                .get("items");
    }

    @Test
    void reportsAShipmentToShopifyAsAFulfillmentWithTrackingAndRetriesAfterA500() throws Exception {
        String connection = shopifyConnection();
        String orderId = placeShopifyOrder(connection);
        assertThat(api.post("/api/v1/orders/" + orderId + "/pay", "{}").status())
                .isEqualTo(200);
        answers.add(500);

        Api.Response shipped = api.post(
                "/api/v1/orders/" + orderId + "/ship",
                "{\"lines\": [{\"lineNo\": 1, \"quantity\": 1}, {\"lineNo\": 3, \"quantity\": 1}], "
                        + "\"carrier\": \"UPS\", \"trackingNumber\": \"1Z999AA10123456784\"}");
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> received.size() >= 2);
        Received first = received.get(0);
        Received retry = received.get(1);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/shop/admin/api/2025-01/orders/450789469/fulfillments.json");
        assertThat(retry.path()).isEqualTo(first.path());
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().get("X-shopify-access-token")).containsExactly("shpat_test");
        JsonNode fulfillment = retry.json().get("fulfillment");
        assertThat(fulfillment.get("tracking_number").asString()).isEqualTo("1Z999AA10123456784");
        assertThat(fulfillment.get("tracking_company").asString()).isEqualTo("UPS");
        assertThat(fulfillment.get("line_items")).hasSize(2);
        assertThat(fulfillment.get("line_items").get(0).get("id").asLong()).isEqualTo(466157049L);
        assertThat(fulfillment.get("line_items").get(1).get("id").asLong()).isEqualTo(703073504L);
        assertThat(fulfillment.get("line_items").get(1).get("quantity").asInt()).isEqualTo(1);

        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> "delivered"
                        .equals(outbound(connection).get(0).get("status").asString()));
        JsonNode delivery = outbound(connection).get(0);
        assertThat(delivery.get("kind").asString()).isEqualTo("fulfillment");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
        assertThat(delivery.get("orderId").asString()).isEqualTo(orderId);
        assertThat(received).hasSize(2);
    }

    @Test
    void reportsACancellationMadeInFulcrumButNotTheChannelsOwnCancellation() throws Exception {
        String connection = shopifyConnection();
        String orderId = placeShopifyOrder(connection);

        assertThat(api.post("/api/v1/orders/" + orderId + "/cancel", "{\"reason\": \"out of stock\"}")
                        .status())
                .isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(received.getFirst().path()).isEqualTo("/shop/admin/api/2025-01/orders/450789469/cancel.json");
        assertThat(received.getFirst().json().get("reason").asString()).isEqualTo("other");
        assertThat(received.getFirst().json().get("note").asString()).isEqualTo("out of stock");

        // The same order cancelled by the channel itself: Shopify knows already, so nothing goes back.
        String other = shopifyConnection();
        String otherOrder = placeShopifyOrder(other);
        JsonNode cancelledInShopify = ChannelIntakeIntegrationTests.JSON
                .readTree(ChannelIntakeIntegrationTests.sample("shopify/order.json"))
                .get("order");
        ((tools.jackson.databind.node.ObjectNode) cancelledInShopify)
                .put("cancelled_at", "2026-11-20T10:00:00Z")
                .put("cancel_reason", "customer");
        Api.Response cancelled = shopifyWebhook(other, "orders/cancelled", cancelledInShopify.toString());
        assertThat(cancelled.status()).as(cancelled.toString()).isLessThan(300);
        assertThat(api.get("/api/v1/orders/" + otherOrder).json().get("status").asString())
                .isEqualTo("cancelled");
        assertThat(outbound(other)).isEmpty();
    }

    @Test
    void givesUpAfterTheLastAttemptAndSendsADeadReportAgainOnRequest() {
        Api.Response created = api.post(
                "/api/v1/channels/connections",
                Api.json(Map.of(
                        "type",
                        "generic",
                        "name",
                        "Shop " + UUID.randomUUID(),
                        "mapping",
                        GenericIntakeIntegrationTests.MAPPING,
                        "outboundBaseUrl",
                        channelUrl("/events"),
                        "outboundToken",
                        "t0ken")));
        String connection = created.json().get("id").asString();
        String orderId = api.post(
                        "/api/v1/channels/connections/" + connection + "/orders",
                        GenericIntakeIntegrationTests.document("G-1", "Ada", "Unter den Linden 1"))
                .json()
                .get("orderId")
                .asString();
        answers.addAll(List.of(500, 503, 500));

        assertThat(api.post("/api/v1/orders/" + orderId + "/ship", "{\"carrier\": \"DHL\"}")
                        .status())
                .isEqualTo(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() ->
                        "dead".equals(outbound(connection).get(0).get("status").asString()));
        JsonNode dead = outbound(connection).get(0);
        assertThat(dead.get("attempts").asInt()).isEqualTo(3);
        assertThat(dead.get("lastError").asString()).startsWith("HTTP 500");
        assertThat(received).hasSize(3);
        JsonNode event = received.getFirst().json();
        assertThat(event.get("type").asString()).isEqualTo("dev.fulcrum.order.shipped");
        assertThat(event.get("data").get("carrier").asString()).isEqualTo("DHL");
        assertThat(event.get("data").get("order").get("externalId").asString()).isEqualTo("G-1");
        assertThat(received.getFirst().headers().get("Authorization")).containsExactly("Bearer t0ken");

        Api.Response again = api.post(
                "/api/v1/channels/connections/" + connection + "/outbound/"
                        + dead.get("id").asString() + "/retry",
                null);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> "delivered"
                        .equals(outbound(connection).get(0).get("status").asString()));
        assertThat(received).hasSize(4);
    }
}
