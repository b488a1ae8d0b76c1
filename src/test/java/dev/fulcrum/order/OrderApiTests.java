package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderApiTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void newTenant() {
        api = new Api(port, TestTenant.create(context).apiKey());
    }

    @Test
    void placesTheContractExampleAndReturnsItFieldByField() {
        Api.Response placed = api.post("/api/v1/orders", OrderMother.paidOrder("W-1001"));
        assertThat(placed.status()).isEqualTo(201);
        String id = placed.json().path("id").asString();

        JsonNode order = api.get("/api/v1/orders/" + id).json();
        assertThat(order.path("channel").asString()).isEqualTo("web");
        assertThat(order.path("externalId").asString()).isEqualTo("W-1001");
        assertThat(order.path("currency").asString()).isEqualTo("CNY");
        assertThat(order.path("placedAt").asString()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(order.path("customer").path("name").asString()).isEqualTo("王芳");
        assertThat(order.path("shippingAddress").path("city").asString()).isEqualTo("上海");
        assertThat(order.path("shippingAddress").path("latitude").asDouble()).isEqualTo(31.23);
        assertThat(order.path("lines").get(0).path("unitPrice").asString()).isEqualTo("59.00");
        assertThat(order.path("lines").get(0).path("discount").asString()).isEqualTo("5.00");
        assertThat(order.path("lines").get(0).path("quantities").path("ordered").asInt())
                .isEqualTo(2);
        assertThat(order.path("total").asString()).isEqualTo("113.00");
        assertThat(order.path("payment").path("status").asString()).isEqualTo("captured");
        assertThat(order.path("notes").asString()).isEqualTo("急用，送长辈");
        assertThat(order.path("tags").get(0).asString()).isEqualTo("vip");
        assertThat(order.path("attributes").path("campaign").asString()).isEqualTo("double-11");
        assertThat(order.path("status").asString()).isEqualTo("paid");
        assertThat(order.path("statusCode").asInt()).isEqualTo(1);
        assertThat(order.path("flow").path("name").asString()).isEqualTo("standard");
    }

    @Test
    void anOrderWithoutPaymentWaitsForPaymentUnderAPaymentHold() {
        JsonNode order = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                .json();
        assertThat(order.path("status").asString()).isEqualTo("pending_payment");
        assertThat(order.path("statusCode").asInt()).isZero();
        assertThat(order.path("holds").get(0).path("type").asString()).isEqualTo("payment");
        assertThat(order.path("total").asString()).isEqualTo("29.00");

        JsonNode paid = api.post("/api/v1/orders/" + order.path("id").asString() + "/pay", "{\"method\": \"card\"}")
                .json();
        assertThat(paid.path("status").asString()).isEqualTo("paid");
        assertThat(paid.path("holds").isEmpty()).isTrue();
        assertThat(paid.path("payment").path("amount").asString()).isEqualTo("29.00");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing currency            | \"currency\": \"CNY\",                  |                                  | currency",
                "unknown currency            | \"currency\": \"CNY\"                   | \"currency\": \"XYZ\"              | currency",
                "lower-case currency         | \"currency\": \"CNY\"                   | \"currency\": \"cny\"              | currency",
                "bad country                 | \"country\": \"CN\"                     | \"country\": \"ZZ\"                | shippingAddress.country",
                "zero quantity               | \"quantity\": 2                         | \"quantity\": 0                    | lines[0].quantity",
                "negative quantity           | \"quantity\": 2                         | \"quantity\": -3                   | lines[0].quantity",
                "fractional quantity         | \"quantity\": 2                         | \"quantity\": 1.5                  | lines[0].quantity",
                "too many decimals           | \"unitPrice\": \"59.00\"                | \"unitPrice\": \"59.001\"          | lines[0].unitPrice",
                "too many decimals as number | \"unitPrice\": \"59.00\"                | \"unitPrice\": 59.001              | lines[0].unitPrice",
                "amount not a number         | \"unitPrice\": \"59.00\"                | \"unitPrice\": \"cheap\"           | lines[0].unitPrice",
                "unknown field               | \"notes\":                              | \"colour\": \"red\", \"notes\":    | colour",
                "unknown nested field        | \"city\": \"上海\"                       | \"city\": \"上海\", \"floor\": 3    | shippingAddress.floor",
                "missing customer name       | \"name\": \"王芳\", \"email\"             | \"email\"                          | customer.name",
                "bad email                   | wang@example.com                        | not-an-email                       | customer.email",
                "placedAt not a time         | 2026-11-20T10:00:00Z                    | yesterday                          | placedAt",
                "bad payment status          | \"status\": \"captured\"                 | \"status\": \"maybe\"              | payment.status",
            })
    void refusesBadInputWithProblemDetailsNamingTheField(
            String name, String original, String replacement, String field) {
        String document =
                OrderMother.paidOrder().replace(original.strip(), replacement == null ? "" : replacement.strip());
        Api.Response response = api.post("/api/v1/orders", document);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        response.json()
                .path("errors")
                .values()
                .forEach(error -> fields.add(error.path("field").asString()));
        assertThat(fields).contains(field);
    }

    @Test
    void refusesMalformedJsonAndMissingBodiesWithoutA500() {
        for (String body :
                List.of("{\"channel\": ", "[1,2]", "\"text\"", "{\"channel\": \"a\", \"channel\": \"b\"}", "")) {
            Api.Response response = api.post("/api/v1/orders", body);
            assertThat(response.status()).as(body + " → " + response.body()).isEqualTo(400);
            assertThat(response.json().path("errors").get(0).path("field").asString())
                    .isEqualTo("body");
        }
    }

    @Test
    void listsEveryBadFieldAtOnce() {
        Api.Response response =
                api.post("/api/v1/orders", "{\"channel\": \"web\", \"lines\": [{\"sku\": \"A\", \"quantity\": 0}]}");
        List<String> fields = new ArrayList<>();
        response.json()
                .path("errors")
                .values()
                .forEach(error -> fields.add(error.path("field").asString()));
        assertThat(fields)
                .contains(
                        "externalId",
                        "currency",
                        "customer",
                        "shippingAddress",
                        "lines[0].quantity",
                        "lines[0].unitPrice");
    }

    @Test
    void theSameIdempotencyKeyAndBodyGiveOneOrderAndAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        String body = OrderMother.paidOrder();
        Api.Response first = api.post("/api/v1/orders", body, "Idempotency-Key", key);
        Api.Response second = api.post("/api/v1/orders", body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().path("id").asString())
                .isEqualTo(first.json().path("id").asString());
        assertThat(api.get("/api/v1/orders").json().path("items").size()).isEqualTo(1);

        Api.Response other = api.post("/api/v1/orders", OrderMother.paidOrder(), "Idempotency-Key", key);
        assertThat(other.status()).isEqualTo(422);
        assertThat(api.get("/api/v1/orders").json().path("items").size()).isEqualTo(1);
    }

    @Test
    void aSecondOrderWithTheSameChannelAndExternalIdIsAConflict() {
        api.post("/api/v1/orders", OrderMother.paidOrder("W-7"));
        Api.Response again = api.post("/api/v1/orders", OrderMother.paidOrder("W-7"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("detail").asString()).contains("W-7");
    }

    @Test
    void cancellingAfterEverythingShippedIsRefusedByTheFlow() {
        String id = api.post("/api/v1/orders", OrderMother.paidOrder())
                .json()
                .path("id")
                .asString();
        JsonNode shipped = api.post(
                        "/api/v1/orders/" + id + "/ship", "{\"carrier\": \"SF\", \"trackingNumber\": \"SF123\"}")
                .json();
        assertThat(shipped.path("status").asString()).isEqualTo("shipped");
        assertThat(shipped.path("statusCode").asInt()).isEqualTo(2);

        Api.Response cancel = api.post("/api/v1/orders/" + id + "/cancel", "{\"reason\": \"changed mind\"}");
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().path("detail").asString()).contains("cannot cancel");
        assertThat(api.get("/api/v1/orders/" + id).json().path("status").asString())
                .isEqualTo("shipped");
    }

    @Test
    void shipsPartiallyThenDeliversToCompletion() {
        String id = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                .json()
                .path("id")
                .asString();
        api.post("/api/v1/orders/" + id + "/pay", null);
        JsonNode partial = api.post(
                        "/api/v1/orders/" + id + "/ship", "{\"lines\": [{\"sku\": \"PEN-2\", \"quantity\": 2}]}")
                .json();
        assertThat(partial.path("status").asString()).isEqualTo("partially_shipped");
        assertThat(partial.path("lines")
                        .get(1)
                        .path("quantities")
                        .path("shipped")
                        .asInt())
                .isEqualTo(2);

        Api.Response tooMany =
                api.post("/api/v1/orders/" + id + "/ship", "{\"lines\": [{\"lineNo\": 2, \"quantity\": 2}]}");
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.json().path("detail").asString()).contains("only 1");

        api.post("/api/v1/orders/" + id + "/ship", null);
        JsonNode completed = api.post("/api/v1/orders/" + id + "/deliver", null).json();
        assertThat(completed.path("status").asString()).isEqualTo("completed");
        assertThat(completed.path("statusCode").asInt()).isEqualTo(3);
        assertThat(completed
                        .path("lines")
                        .get(0)
                        .path("quantities")
                        .path("delivered")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void aHeldOrderDoesNotShipUntilReleased() {
        String id = api.post("/api/v1/orders", OrderMother.paidOrder())
                .json()
                .path("id")
                .asString();
        JsonNode held = api.post(
                        "/api/v1/orders/" + id + "/hold", "{\"type\": \"manual\", \"reason\": \"address check\"}")
                .json();
        assertThat(held.path("holds").get(0).path("reason").asString()).isEqualTo("address check");

        Api.Response ship = api.post("/api/v1/orders/" + id + "/ship", null);
        assertThat(ship.status()).isEqualTo(409);
        assertThat(ship.json().path("detail").asString()).contains("on hold");

        api.post("/api/v1/orders/" + id + "/release", "{\"type\": \"manual\"}");
        assertThat(api.post("/api/v1/orders/" + id + "/ship", null).status()).isEqualTo(200);
    }

    @Test
    void cancellingAnUnpaidOrderCancelsEveryLine() {
        String id = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                .json()
                .path("id")
                .asString();
        JsonNode cancelled = api.post("/api/v1/orders/" + id + "/cancel", "{\"reason\": \"customer request\"}")
                .json();
        assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.path("statusCode").asInt()).isEqualTo(4);
        assertThat(cancelled
                        .path("lines")
                        .get(1)
                        .path("quantities")
                        .path("cancelled")
                        .asInt())
                .isEqualTo(3);
        assertThat(cancelled.path("holds").isEmpty()).isTrue();
    }

    @Test
    void actionBodiesWithUnknownFieldsAreRefused() {
        String id = api.post("/api/v1/orders", OrderMother.paidOrder())
                .json()
                .path("id")
                .asString();
        Api.Response response = api.post("/api/v1/orders/" + id + "/hold", "{\"kind\": \"manual\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .isEqualTo("kind");
        assertThat(api.post("/api/v1/orders/" + id + "/hold", "{\"type\": \"gremlins\"}")
                        .status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/orders/" + id + "/ship", "{\"lines\": [{\"lineNo\": 9, \"quantity\": 1}]}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void theTimelineShowsEveryChangeWithActorAndTime() {
        String id = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                .json()
                .path("id")
                .asString();
        api.post("/api/v1/orders/" + id + "/pay", null);
        api.post("/api/v1/orders/" + id + "/hold", "{\"type\": \"manual\", \"reason\": \"check\"}");
        api.post("/api/v1/orders/" + id + "/release", null);
        api.post("/api/v1/orders/" + id + "/ship", null);

        JsonNode entries = api.get("/api/v1/orders/" + id + "/timeline").json().path("entries");
        List<String> actions = new ArrayList<>();
        entries.values().forEach(entry -> {
            actions.add(entry.path("action").asString());
            assertThat(entry.path("actor").asString()).isEqualTo("key:test key");
            assertThat(entry.path("at").asString()).isNotBlank();
            assertThat(entry.path("requestId").asString()).isNotBlank();
        });
        assertThat(actions)
                .containsExactly("order.placed", "order.paid", "order.held", "order.released", "order.shipped");
    }

    @Test
    void listsWithFiltersAndCursorPaging() {
        for (int i = 0; i < 5; i++) {
            api.post("/api/v1/orders", OrderMother.paidOrder("P-" + i));
        }
        String unpaid = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                .json()
                .path("id")
                .asString();

        JsonNode firstPage = api.get("/api/v1/orders?limit=4").json();
        assertThat(firstPage.path("items").size()).isEqualTo(4);
        String cursor = firstPage.path("nextCursor").asString();
        JsonNode secondPage = api.get("/api/v1/orders?limit=4&cursor=" + cursor).json();
        assertThat(secondPage.path("items").size()).isEqualTo(2);
        assertThat(secondPage.path("nextCursor").isNull()).isTrue();

        assertThat(api.get("/api/v1/orders?status=pending_payment")
                        .json()
                        .path("items")
                        .get(0)
                        .path("id")
                        .asString())
                .isEqualTo(unpaid);
        assertThat(api.get("/api/v1/orders?text=ada").json().path("items").size())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/orders?text=P-3").json().path("items").size())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/orders?tag=vip").json().path("items").size())
                .isEqualTo(5);
        assertThat(api.get("/api/v1/orders?customer=C-77").json().path("items").size())
                .isEqualTo(5);
        assertThat(api.get("/api/v1/orders?channel=shopify")
                        .json()
                        .path("items")
                        .size())
                .isZero();
        assertThat(api.get("/api/v1/orders?placedFrom=2026-11-20&placedTo=2026-11-21")
                        .json()
                        .path("items")
                        .size())
                .isEqualTo(5);
        assertThat(api.get("/api/v1/orders?status=lost").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/orders?cursor=garbage").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/orders?placedFrom=yesterday").status()).isEqualTo(400);
    }

    @Test
    void anUnknownOrderIs404() {
        assertThat(api.get("/api/v1/orders/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/orders/not-an-id").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/orders/" + UUID.randomUUID() + "/cancel", null)
                        .status())
                .isEqualTo(404);
    }
}
