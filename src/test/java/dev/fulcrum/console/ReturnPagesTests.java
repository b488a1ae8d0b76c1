package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The returns pages over plain HTTP, as htmx uses them: the order page's returns card starts a return, the return
 * page moves it on and answers in place, refusals say why, and the queue filters, counts and pages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReturnPagesTests {

    private static final Pattern RETURN_ID =
            Pattern.compile("data-testid=\"order-return\" data-return-id=\"([0-9a-f-]{36})\"");

    @LocalServerPort
    int port;

    private Api api;
    private ConsoleSession console;

    @BeforeEach
    void logIn() {
        api = new Api(port, DefaultTenantStock.BOOTSTRAP_KEY);
        console = new ConsoleSession(port).logIn("admin", "test-admin-password");
    }

    @Test
    void startsAReturnFromTheOrderPageThenReceivesItOnTheReturnPageInPlace() {
        String orderId = deliveredOrder("RET-PAGE-");
        String card = console.get("/orders/" + orderId + "/returns", "HX-Request", "true")
                .body();
        assertThat(card.strip()).startsWith("<section class=\"card\" id=\"order-returns\"");
        assertThat(card).contains("id=\"start-return-form\"", "data-sku=\"TEA-001\"", "name=\"qty.1\"", "changed_mind");
        assertThat(console.get("/orders/" + orderId).body()).contains("id=\"order-returns-slot\"");

        HttpResponse<String> started = console.submitAsHtmx(
                "/orders/" + orderId,
                "/orders/" + orderId + "/returns",
                "qty.1=1&reason.1=changed_mind&resolution=refund&method=drop_off&note=too+strong");
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body())
                .contains("data-done=\"true\"", "Return requested: Approved.", "hx-swap-oob=\"true\"")
                .contains("data-status=\"approved\"");
        String returnId = returnIdIn(started.body());

        String page = console.get("/returns/" + returnId).body();
        assertThat(page)
                .contains("id=\"return-header\"", "data-status=\"approved\"", "56.50 CNY", "After inspection")
                .contains("data-rule=\"window\" data-matched=\"false\"", "policy.windowDays = 30")
                .contains(
                        "data-action=\"requested\"", "data-action=\"approved\"", "approved automatically inside policy")
                .contains("id=\"receive-form\"", "id=\"reject-form\"", "id=\"close-form\"")
                .doesNotContain("id=\"approve-form\"", "id=\"refund-form\"");

        HttpResponse<String> withoutLocation = console.submitAsHtmx(
                "/returns/" + returnId, "/returns/" + returnId + "/receive", "receive.1=1&condition.1=sellable");
        assertThat(withoutLocation.statusCode()).isEqualTo(200);
        assertThat(withoutLocation.body()).contains("data-done=\"false\"", "data-field=\"locationId\"");

        String location = "RET-DESK-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.put("/api/v1/locations/" + location, """
                        {"name": "Returns desk", "type": "warehouse", "latitude": 31.2, "longitude": 121.5,
                         "country": "CN", "timeZone": "Asia/Shanghai", "active": false}""").status()).isEqualTo(200);
        HttpResponse<String> received = console.submitAsHtmx(
                "/returns/" + returnId,
                "/returns/" + returnId + "/receive",
                "receive.1=1&condition.1=sellable&locationId=" + location);
        assertThat(received.body())
                .as(received.body())
                .contains("data-done=\"true\"", "1 units received.", "id=\"return-content\"")
                .contains("data-status=\"refunded\"", "data-action=\"received\"", "data-action=\"refunded\"")
                .contains(location);
        assertThat(api.get("/api/v1/orders/" + orderId)
                        .json()
                        .path("lines")
                        .get(0)
                        .path("quantities")
                        .path("returned")
                        .asInt())
                .isEqualTo(1);

        HttpResponse<String> again =
                console.submitAsHtmx("/returns/" + returnId, "/returns/" + returnId + "/refund", "");
        assertThat(again.body()).contains("data-done=\"false\"", "was refunded already");
        HttpResponse<String> plain = console.submit("/returns/" + returnId, "/returns/" + returnId + "/refund", "");
        assertThat(plain.statusCode())
                .as("a plain request keeps the refusal's status")
                .isEqualTo(409);
    }

    @Test
    void refusesMoreUnitsThanWereDeliveredNamingTheLineAndNothingChosen() {
        String orderId = deliveredOrder("RET-REFUSED-");
        HttpResponse<String> tooMany = console.submitAsHtmx(
                "/orders/" + orderId, "/orders/" + orderId + "/returns", "qty.1=5&reason.1=damaged&resolution=refund");
        assertThat(tooMany.statusCode()).isEqualTo(200);
        assertThat(tooMany.body()).contains("data-done=\"false\"", "Not done:", "line 1", "id=\"order-no-returns\"");
        HttpResponse<String> none = console.submitAsHtmx(
                "/orders/" + orderId, "/orders/" + orderId + "/returns", "qty.1=0&reason.1=damaged");
        assertThat(none.body()).contains("data-done=\"false\"", "data-field=\"lines\"");
        HttpResponse<String> badMethod = console.submitAsHtmx(
                "/orders/" + orderId,
                "/orders/" + orderId + "/returns",
                "qty.1=1&reason.1=damaged&resolution=keep_it&method=pickup");
        assertThat(badMethod.body()).contains("data-done=\"false\"", "data-field=\"method\"");
    }

    @Test
    void theQueueFiltersCountsAndApprovesAReturnWaitingForReviewInPlace() {
        String orderId = deliveredOrder("RET-QUEUE-");
        // Keep it (refund without the item coming back) waits for review under the standard policy.
        HttpResponse<String> started = console.submitAsHtmx(
                "/orders/" + orderId,
                "/orders/" + orderId + "/returns",
                "qty.1=1&reason.1=damaged&resolution=keep_it&method=none");
        assertThat(started.body()).contains("Return requested: Waiting for review.");
        String returnId = returnIdIn(started.body());

        String queue = console.get("/returns?order=" + orderId).body();
        assertThat(queue)
                .contains("<html", "id=\"return-filters\"", "data-return-id=\"" + returnId + "\"")
                .contains("data-status=\"requested\" data-count=\"", "data-testid=\"reason-count\"")
                .contains("data-testid=\"approve-return\"", "keep it worth");
        String byExternalId = console.get("/returns?order=" + externalIdOf(orderId), "HX-Request", "true")
                .body();
        assertThat(byExternalId.strip()).startsWith("<section id=\"return-list\"");
        assertThat(byExternalId).contains("data-return-id=\"" + returnId + "\"");
        assertThat(console.get("/returns?order=" + orderId + "&reason=late").body())
                .contains("id=\"returns-empty\"")
                .doesNotContain("data-return-id=\"" + returnId + "\"");
        assertThat(console.get("/returns?order=" + orderId + "&status=requested&from=2000-01-01")
                        .body())
                .contains("data-return-id=\"" + returnId + "\"");
        assertThat(console.get("/returns?order=" + orderId + "&to=2000-01-01").body())
                .doesNotContain("data-return-id=\"" + returnId + "\"");

        HttpResponse<String> approved =
                console.submitAsHtmx("/returns?order=" + orderId, "/returns/" + returnId + "/approve", "view=row");
        assertThat(approved.body().strip()).startsWith("<tr data-testid=\"return-row\"");
        assertThat(approved.body())
                .contains("data-done=\"true\"", "Return approved.", "hx-swap-oob=\"true\"")
                .doesNotContain("data-testid=\"approve-return\"");
        // Keep it refunds at once when approved: nothing comes back.
        assertThat(console.get("/returns/" + returnId).body())
                .contains("data-status=\"refunded\"", "data-action=\"approved\"", "data-action=\"refunded\"")
                .contains("Approved", "Refunded");
        assertThat(console.get("/returns?lang=zh-CN&order=" + orderId).body())
                .contains("<html lang=\"zh-CN\"", "退货", "按原因", "已退款");
    }

    @Test
    void showsANotFoundPageForAnUnknownReturnAndNoStartFormBeforeDelivery() {
        assertThat(console.get("/returns/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(console.get("/returns/not-a-return").statusCode()).isEqualTo(404);
        Api.Response placed = api.post("/api/v1/orders", OrderMother.paidOrder("RET-UNDELIVERED-" + UUID.randomUUID()));
        String orderId = placed.json().path("id").asString();
        assertThat(console.get("/orders/" + orderId + "/returns", "HX-Request", "true")
                        .body())
                .contains("id=\"order-not-returnable\"")
                .doesNotContain("id=\"start-return-form\"");
    }

    @Test
    void theReturnPageShowsTheQuotedReturnShippingInBothLanguages() {
        try (DefaultTenantStock stock = new DefaultTenantStock(port)) {
            String orderId = stock.placePaidOrder("RET-SHIP-" + UUID.randomUUID());
            assertThat(api.post("/api/v1/orders/" + orderId + "/ship", "{\"carrier\": \"SF\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(api.post("/api/v1/orders/" + orderId + "/deliver", null).status())
                    .isEqualTo(200);
            Api.Response requested = api.post("/api/v1/orders/" + orderId + "/returns", """
                    {"lines": [{"lineNo": 1, "quantity": 1, "reason": "changed_mind"}],
                     "resolution": "refund", "method": "pickup"}""");
            assertThat(requested.status()).as(requested.body()).isEqualTo(201);
            String returnId = requested.json().path("id").asString();
            String amount =
                    requested.json().path("returnShipping").path("amount").asString();
            assertThat(requested.json().path("returnLocation").asString()).isEqualTo(stock.locationId);

            assertThat(console.get("/returns/" + returnId).body())
                    .contains("id=\"return-shipping\"", "Return shipping", amount + " CNY", "the merchant");
            assertThat(console.get("/returns/" + returnId + "?lang=zh-CN").body())
                    .contains("id=\"return-shipping\"", "退货运费", "商家");
            console.get("/returns/" + returnId + "?lang=en");
        }
    }

    @Test
    void theReturnPageOffersARetentionAndTheCustomersAnswerInBothLanguages() {
        String orderId = deliveredOrder("RET-KEEP-");
        Api.Response requested = api.post("/api/v1/orders/" + orderId + "/returns", """
                {"lines": [{"sku": "TEA-001", "quantity": 1, "reason": "changed_mind"}],
                 "resolution": "refund", "method": "pickup"}""");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        String returnId = requested.json().path("id").asString();
        assertThat(console.get("/returns/" + returnId).body())
                .contains("id=\"offer-retention-form\"", "Offer a partial refund to keep it")
                .doesNotContain("id=\"accept-retention-form\"");
        assertThat(console.get("/returns/" + returnId + "?lang=zh-CN").body()).contains("提出部分退款（保留商品）");
        console.get("/returns/" + returnId + "?lang=en");

        HttpResponse<String> tooMuch = console.submitAsHtmx(
                "/returns/" + returnId, "/returns/" + returnId + "/offer-retention", "amount=999.00");
        assertThat(tooMuch.body()).contains("data-done=\"false\"", "data-field=\"amount\"");

        HttpResponse<String> offered = console.submitAsHtmx(
                "/returns/" + returnId, "/returns/" + returnId + "/offer-retention", "amount=5.00");
        assertThat(offered.body())
                .contains("data-done=\"true\"", "Retention offer made.", "data-retention=\"offered\"")
                .contains("id=\"accept-retention-form\"", "id=\"decline-retention-form\"")
                .doesNotContain("id=\"offer-retention-form\"");
        assertThat(console.get("/returns/" + returnId + "?lang=zh-CN").body()).contains("顾客接受", "顾客拒绝", "已提出挽留");
        console.get("/returns/" + returnId + "?lang=en");

        HttpResponse<String> accepted =
                console.submitAsHtmx("/returns/" + returnId, "/returns/" + returnId + "/accept-retention", "");
        assertThat(accepted.body())
                .contains("data-done=\"true\"", "data-status=\"closed\"", "data-retention=\"accepted\"")
                .contains("data-action=\"pickup_cancelled\"")
                .doesNotContain("id=\"accept-retention-form\"");
    }

    /** A paid order of 2 × TEA-001 (59.00, discount 5.00) and nothing else, shipped and delivered, in the default tenant. */
    private String deliveredOrder(String prefix) {
        Api.Response placed = api.post("/api/v1/orders", OrderMother.paidOrder(prefix + UUID.randomUUID()));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String id = placed.json().path("id").asString();
        assertThat(api.post("/api/v1/orders/" + id + "/ship", "{\"carrier\": \"SF\"}")
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/orders/" + id + "/deliver", null).status()).isEqualTo(200);
        return id;
    }

    private String externalIdOf(String orderId) {
        return api.get("/api/v1/orders/" + orderId).json().path("externalId").asString();
    }

    private static String returnIdIn(String body) {
        Matcher id = RETURN_ID.matcher(body);
        assertThat(id.find()).as("the answer lists the return: " + body).isTrue();
        return id.group(1);
    }
}
