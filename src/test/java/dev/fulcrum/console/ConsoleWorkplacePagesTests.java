package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The console as a workplace over plain HTTP: order actions by role with their refusals as messages, bulk actions with
 * their cap and per-order outcomes, saved filters, the set-up pages (locations and stock, items, carriers with a rate
 * card upload that marks wrong cells, flows drawn), API keys shown once, and the audit log's search.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleWorkplacePagesTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    private Api api() {
        return new Api(port, DefaultTenantStock.BOOTSTRAP_KEY);
    }

    private String placePaid(String externalId) {
        Api.Response placed = api().post("/api/v1/orders", OrderMother.paidOrder(externalId));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return placed.json().path("id").asString();
    }

    private ConsoleSession user(String role) {
        String username = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api().post(
                        "/api/v1/users",
                        Api.json(Map.of("username", username, "password", role + "-password", "role", role)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new ConsoleSession(port).logIn(username, role + "-password");
    }

    @Test
    void theOrderPageShowsTheStateOfACustomFlow() {
        // Its own tenant, so that publishing the presale flow does not change the default tenant's other tests.
        TestTenant tenant = TestTenant.create(context);
        Api tenantApi = new Api(port, tenant.apiKey());
        String presale = tenantApi.get("/api/v1/flows/shipped/presale").body();
        assertThat(tenantApi.put("/api/v1/flows/presale", presale).status()).isEqualTo(200);
        Api.Response placed = tenantApi.post("/api/v1/orders", """
                {"channel": "web", "externalId": "PRE-%s", "currency": "CNY", "customer": {"id": "C-1", "name": "王芳"},
                 "shippingAddress": {"name": "王芳", "line1": "人民路 1 号", "city": "上海", "postalCode": "200001",
                   "country": "CN"},
                 "lines": [{"sku": "TEA-001", "quantity": 2, "unitPrice": "59.00"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "30.00"},
                 "attributes": {"presale": true}}
                """.formatted(UUID.randomUUID()));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String orderId = placed.json().path("id").asString();
        assertThat(tenantApi
                        .post(
                                "/api/v1/users",
                                Api.json(Map.of(
                                        "username",
                                        "pre-" + tenant.id(),
                                        "password",
                                        "pre-password",
                                        "role",
                                        "viewer")))
                        .status())
                .isEqualTo(201);

        ConsoleSession viewer = new ConsoleSession(port).logIn("pre-" + tenant.id(), "pre-password");
        String page = viewer.get("/orders/" + orderId).body();
        assertThat(page).contains("presale v1").containsPattern("id=\"order-flow-state\"[^>]*>balance_due<");
        // The flow's name links to its diagram, where the flow's own state is marked and its actions are arrows.
        assertThat(page).contains("href=\"/flows?name=presale&amp;version=1\"");
        String diagram = viewer.get("/flows?name=presale&version=1").body();
        assertThat(diagram)
                .contains("data-state=\"balance_due\" data-custom=\"true\" data-column=\"0\" data-start=\"true\"")
                .contains("\"action\":\"pay_balance\",\"from\":\"balance_due\",\"to\":\"paid\"")
                .contains("\"action\":\"expire\",\"from\":\"balance_due\",\"to\":\"cancelled\"");
    }

    @Test
    void aViewerSeesNoActionsAndIsRefusedWhenPostingOne() {
        String orderId = placePaid("VIEW-" + UUID.randomUUID());
        assertThat(api().post("/api/v1/orders/" + orderId + "/hold", "{\"type\": \"manual\", \"reason\": \"check\"}")
                        .status())
                .isEqualTo(200);

        ConsoleSession viewer = user("viewer");
        String page = viewer.get("/orders/" + orderId).body();
        assertThat(page).contains("id=\"order-holds\"").doesNotContain("id=\"order-actions\"", "release-hold");
        assertThat(viewer.get("/orders").body()).doesNotContain("id=\"bulk-form\"", "select-order");
        assertThat(viewer.get("/api-keys").body()).doesNotContain("id=\"create-key\"");
        assertThat(viewer.submit("/orders/" + orderId, "/orders/" + orderId + "/release", "type=manual")
                        .statusCode())
                .isEqualTo(403);
        assertThat(api().get("/api/v1/orders/" + orderId).json().path("holds")).hasSize(1);

        ConsoleSession operator = user("operator");
        assertThat(operator.get("/orders/" + orderId).body()).contains("id=\"order-actions\"", "release-hold");
        assertThat(operator.get("/orders").body()).contains("id=\"bulk-form\"", "At most 100 orders per submit.");
    }

    @Test
    void answersAnActionWithTheOrderInPlaceAndARefusalWithItsReason() {
        String orderId = placePaid("ACT-" + UUID.randomUUID());
        ConsoleSession operator = user("operator");
        String page = "/orders/" + orderId;

        HttpResponse<String> held = operator.submitAsHtmx(page, page + "/hold", "type=manual&reason=" + enc("客户要求暂缓"));
        assertThat(held.statusCode()).isEqualTo(200);
        assertThat(held.body())
                .startsWith("<div id=\"order-content\"")
                .contains("客户要求暂缓", "hx-swap-oob=\"true\"", "data-done=\"true\"", "Put on hold.");

        // The flow refuses shipping a held order: the reason comes back as a message, the order is unchanged.
        HttpResponse<String> refused = operator.submitAsHtmx(page, page + "/ship", "ship.1=1");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("data-done=\"false\"", "Not done:", "the order is on hold");
        assertThat(operator.submit(page, page + "/ship", "ship.1=1").statusCode())
                .isEqualTo(409);
        assertThat(operator.submitAsHtmx(page, page + "/hold", "type=manual&reason=")
                        .body())
                .contains("Please correct:", "data-field=\"reason\"");

        operator.submitAsHtmx(page, page + "/release", "type=manual");
        assertThat(operator.submitAsHtmx(page, page + "/ship", "ship.1=0").body())
                .as("nothing entered ships nothing")
                .contains("Please correct:", "data-field=\"lines\"");
        HttpResponse<String> shipped = operator.submitAsHtmx(page, page + "/ship", "ship.1=1&carrier=SF");
        assertThat(shipped.body()).contains("1 units shipped.", "data-status=\"partially_shipped\"");
        HttpResponse<String> delivered = operator.submitAsHtmx(page, page + "/deliver", "deliver.1=1");
        assertThat(delivered.body()).contains("1 units delivered.");
        assertThat(api().get("/api/v1/orders/" + orderId)
                        .json()
                        .path("lines")
                        .get(0)
                        .path("quantities")
                        .path("delivered")
                        .asInt())
                .isEqualTo(1);

        HttpResponse<String> chinese = operator.submitAsHtmx(page + "?lang=zh-CN", page + "/pay", "");
        assertThat(chinese.body()).contains("未执行：", "cannot pay");
    }

    @Test
    void changesTheAddressBeforeAllocationAndCancelsAWholeOrderButNotSomeLinesOnly() {
        Api.Response placed = api().post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines());
        String orderId = placed.json().path("id").asString();
        ConsoleSession operator = user("operator");
        String page = "/orders/" + orderId;
        assertThat(operator.get(page).body()).contains("id=\"address-form\"", "id=\"pay-form\"");

        assertThat(operator.submitAsHtmx(page, page + "/address", "name=Ada&line1=1+Road&city=Paris&country=france")
                        .body())
                .contains("data-field=\"country\"");
        assertThat(operator.submitAsHtmx(
                                page, page + "/address", "name=Ada&line1=1+Rue+de+Rivoli&city=Paris&country=FR")
                        .body())
                .contains("Shipping address changed.", "1 Rue de Rivoli");
        assertThat(api().get("/api/v1/orders/" + orderId)
                        .json()
                        .path("shippingAddress")
                        .path("city")
                        .asString())
                .isEqualTo("Paris");

        assertThat(operator.submitAsHtmx(page, page + "/cancel", "line=1").body())
                .contains("Not done:", "cancelling some lines only is not possible yet");
        assertThat(operator.submitAsHtmx(page, page + "/cancel", "line=1&line=2&reason=duplicate")
                        .body())
                .contains("Cancelled.", "data-status=\"cancelled\"");
    }

    @Test
    void bulkActionsReportEachOrderAndRefuseMoreThanTheCap() {
        String first = placePaid("BULK-" + UUID.randomUUID());
        String second = placePaid("BULK-" + UUID.randomUUID());
        String cancelled = placePaid("BULK-" + UUID.randomUUID());
        api().post("/api/v1/orders/" + cancelled + "/cancel", "{}");
        ConsoleSession operator = user("operator");

        HttpResponse<String> held = operator.submitAsHtmx(
                "/orders",
                "/orders/bulk",
                "action=hold&type=manual&reason=stock+check&orderId=" + first + "&orderId=" + second + "&orderId="
                        + cancelled);
        assertThat(held.statusCode()).isEqualTo(200);
        assertThat(held.headers().firstValue("HX-Trigger")).hasValue("fulcrum-orders-changed");
        assertThat(held.body())
                .contains("2 done, 1 refused")
                .contains("data-order-id=\"" + first + "\" data-done=\"true\"")
                .contains("data-order-id=\"" + cancelled + "\" data-done=\"false\"")
                .contains("cannot hold an order that is cancelled");
        assertThat(api().get("/api/v1/orders/" + second).json().path("holds")).hasSize(1);

        HttpResponse<String> released = operator.submitAsHtmx(
                "/orders", "/orders/bulk", "action=release&type=&orderId=" + first + "&orderId=" + second);
        assertThat(released.body()).contains("2 done, 0 refused");

        String tooMany = IntStream.rangeClosed(0, OrderListActions.BULK_CAP)
                .mapToObj(i -> "orderId=" + UUID.randomUUID())
                .collect(Collectors.joining("&"));
        assertThat(operator.submitAsHtmx("/orders", "/orders/bulk", "action=cancel&" + tooMany)
                        .body())
                .contains("Too many orders: at most 100 per submit, 101 selected.");
        assertThat(operator.submitAsHtmx("/orders", "/orders/bulk", "action=cancel")
                        .body())
                .contains("Select orders first");
    }

    @Test
    void savesAFilterForItsUserOnly() {
        ConsoleSession operator = user("operator");
        String tag = "saved-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(operator.get("/orders?tag=" + tag).body())
                .contains("id=\"save-filter-form\"", "name=\"query\" value=\"tag=" + tag + "\"");
        HttpResponse<String> saved =
                operator.submit("/orders?tag=" + tag, "/orders/filters", "name=Mine&query=tag%3D" + tag);
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/orders?tag=" + tag));
        assertThat(operator.get("/orders").body()).contains("data-name=\"Mine\"", "href=\"/orders?tag=" + tag + "\"");
        assertThat(user("operator").get("/orders").body()).doesNotContain("data-name=\"Mine\"");
        assertThat(operator.submit("/orders", "/orders/filters", "name=Bad&query=%7Bx%7D")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void showsLocationsWithStockAndMovementsItemsAndTheFlowDrawn() {
        ConsoleSession viewer = user("viewer");
        try (DefaultTenantStock stock = new DefaultTenantStock(port)) {
            stock.placePaidOrder("STOCK-" + UUID.randomUUID());
            assertThat(viewer.get("/locations").body()).contains("data-location-id=\"" + stock.locationId + "\"");
            String location = viewer.get("/locations/" + stock.locationId).body();
            assertThat(location).contains("data-sku=\"" + stock.sku + "\"", "Console tea");
            String movements = viewer.get("/locations/" + stock.locationId + "/stock/" + stock.sku)
                    .body();
            assertThat(movements).contains("data-testid=\"movement-row\"");
            assertThat(viewer.get("/items").body()).contains("data-sku=\"" + stock.sku + "\"");
        }
        String flows = viewer.get("/flows").body();
        assertThat(flows)
                .contains("id=\"flow-diagram\"", "id=\"flow-graph-data\"", "/js/flow-diagram.js")
                .contains("data-testid=\"flow-state\" class=\"chip\" data-state=\"paid\" data-custom=\"false\"")
                .contains("\"action\":\"pay\",\"from\":\"pending_payment\",\"to\":\"paid\"")
                .contains("\"action\":\"ship\",\"from\":\"paid\",\"to\":\"shipped\"")
                .contains("size(order.holds) == 0");
        assertThat(viewer.get("/flows?lang=zh-CN").body()).contains("状态机", "已付款");
        assertThat(viewer.get("/flows?name=no-such-flow").statusCode()).isEqualTo(404);
    }

    @Test
    void uploadsARateCardAndMarksEachWrongCell() {
        String code = "CONSOLE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        Api.Response carrier = api().put(
                        "/api/v1/carriers/" + code,
                        "{\"carrier\": \"SF\", \"serviceLevel\": \"express\", \"mode\": \"air\"}");
        assertThat(carrier.status()).as(carrier.toString()).isEqualTo(200);
        ConsoleSession operator = user("operator");
        String header = "origin,destCountry,destRegion,destPostalPrefix,minKg,maxKg,ratePerKg,minimumCharge,"
                + "transitDaysTypical,transitDaysP90,emissionFactor\n";

        HttpResponse<String> wrong = operator.upload(
                "/carriers/" + code,
                "/carriers/" + code + "/rates",
                "file",
                "rates.csv",
                header + "*,NZ,AUK,,0,5,8,12,1,2,\n*,NZ,,,0,5,cheap,12,3,2,\n");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body())
                .contains("The rate card was not stored:")
                .contains("data-line=\"3\" data-wrong=\"true\"")
                .contains("data-column=\"ratePerKg\" data-problem=\"")
                .contains("data-column=\"transitDaysP90\" data-problem=\"must not be below transitDaysTypical\"");
        assertThat(api().get("/api/v1/carriers/" + code + "/rates").json()).isEmpty();

        HttpResponse<String> right = operator.upload(
                "/carriers/" + code,
                "/carriers/" + code + "/rates",
                "file",
                "rates.csv",
                header + "*,NZ,AUK,,0,5,8,12,1,2,\n*,NZ,,,0,5,9,12,2,3,\n");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("Rate card replaced: 2 lanes.", "data-testid=\"lane-row\"");
        assertThat(operator.get("/carriers").body()).contains("data-code=\"" + code + "\"");
    }

    @Test
    void refusesARateCardUploadOverItsRowCapWithoutStoringIt() {
        String code = "CAP-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        Api.Response carrier = api().put("/api/v1/carriers/" + code, "{\"carrier\": \"SF\"}");
        assertThat(carrier.status()).as(carrier.toString()).isEqualTo(200);
        ConsoleSession operator = user("operator");
        assertThat(operator.get("/carriers/" + code).body())
                .as("the page states the cap before the upload")
                .contains("At most 50,000 rows and 10 MB per file");
        String header = "origin,destCountry,destRegion,destPostalPrefix,minKg,maxKg,ratePerKg,minimumCharge,"
                + "transitDaysTypical,transitDaysP90,emissionFactor\n";

        HttpResponse<String> refused = operator.upload(
                "/carriers/" + code,
                "/carriers/" + code + "/rates",
                "file",
                "rates.csv",
                header + "*,NZ,,,0,5,8,12,1,2,\n".repeat(50_001));

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body())
                .contains("The rate card was not stored:")
                .contains("file: at most 50000 rows per rate card, got 50001 (fulcrum.limits.rate-card-rows)")
                .doesNotContain("data-testid=\"upload-row\"");
        assertThat(api().get("/api/v1/carriers/" + code + "/rates").json()).isEmpty();

        HttpResponse<String> tooBig = operator.upload(
                "/carriers/" + code,
                "/carriers/" + code + "/rates",
                "file",
                "rates.csv",
                header + "x".repeat(10 * 1024 * 1024));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body())
                .as("a file over the byte cap is refused on the page too")
                .contains("The rate card was not stored:", "file: at most 10 MB per rate card file, got ");
    }

    @Test
    void showsANewKeyOnceAndFindsChangesInTheAuditLog() {
        String orderId = placePaid("AUDIT-" + UUID.randomUUID());
        String externalId =
                api().get("/api/v1/orders/" + orderId).json().path("externalId").asString();
        ConsoleSession operator = user("operator");
        operator.submitAsHtmx("/orders/" + orderId, "/orders/" + orderId + "/hold", "type=manual&reason=audit");

        HttpResponse<String> created = operator.submit("/api-keys", "/api-keys", "name=Audit+ERP&scope=orders%3Aread");
        assertThat(created.statusCode()).isEqualTo(302);
        HttpResponse<String> shown = operator.get("/api-keys");
        assertThat(shown.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("id=\"created-key-value\">(fk_[A-Za-z0-9_]+)<")
                .matcher(shown.body());
        assertThat(key.find()).isTrue();
        assertThat(api().withKey(key.group(1)).get("/api/v1/orders/" + orderId).status())
                .isEqualTo(200);
        assertThat(operator.get("/api-keys").body()).contains("Audit ERP").doesNotContain(key.group(1));
        assertThat(operator.submit("/api-keys", "/api-keys", "name=&scope=nonsense")
                        .body())
                .contains("data-field=\"name\"", "data-field=\"scope\"");

        String byOrder = operator.get("/audit?order=" + externalId).body();
        assertThat(byOrder).contains("data-action=\"order.held\"", "data-action=\"order.placed\"");
        assertThat(operator.get("/audit?action=api-key.created&actor=user%3Aoperator")
                        .body())
                .contains("data-action=\"api-key.created\"")
                .doesNotContain("data-action=\"order.held\"");
        assertThat(operator.get("/audit?from=2026-13-01").statusCode()).isEqualTo(400);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
