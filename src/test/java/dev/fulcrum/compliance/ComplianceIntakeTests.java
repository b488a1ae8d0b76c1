package dev.fulcrum.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.order.Address;
import dev.fulcrum.order.Customer;
import dev.fulcrum.order.Hold;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.NewOrderLine;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.Payment;
import dev.fulcrum.shared.Money;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance 5 of issue 13 over HTTP on the embedded PostgreSQL: the compliance checks at intake hold an order
 * {@code compliance} with the reason, visible on the order and its timeline, and a held order gets no stock. The
 * tenant ships from one warehouse in the United States, so an order to China is cross-border.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ComplianceIntakeTests {

    /** A resident identity number whose check character is right (GB 11643). */
    static final String VALID_ID = "11010519491231002X";

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void usWarehouseWithTeaAndWine() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        expect(api.put("/api/v1/locations/WH-US", """
                {"name": "Newark", "type": "warehouse", "latitude": 40.7, "longitude": -74.2, "country": "US",
                 "timeZone": "America/New_York"}"""), 200);
        expect(api.put("/api/v1/items/TEA-001", "{\"name\": \"Tea\", \"weightGrams\": 500}"), 200);
        expect(
                api.put(
                        "/api/v1/items/WINE-1",
                        "{\"name\": \"Wine\", \"weightGrams\": 1200, \"restrictedCountries\": [\"CN\"]}"),
                200);
        expect(
                api.put(
                        "/api/v1/locations/WH-US/stock",
                        "{\"asOf\": \"" + Instant.now() + "\", \"positions\": "
                                + "[{\"sku\": \"TEA-001\", \"onHand\": 100}, {\"sku\": \"WINE-1\", \"onHand\": 100}]}"),
                200);
    }

    @Test
    void anOrderToACountryWhereAnItemIsRestrictedIsHeldNamingTheSkuAndCountryAndGetsNoStock() {
        JsonNode placed = place("CN", "WINE-1", "20.00", "{\"customs\": {\"identityNumber\": \"" + VALID_ID + "\"}}");

        String reason = complianceHold(placed.path("id").asString());
        assertThat(reason).contains("SKU WINE-1 may not be shipped to CN (restricted in the catalogue)");
        assertThat(reason).contains("compliance policy v0");
        JsonNode order =
                api.get("/api/v1/orders/" + placed.path("id").asString()).json();
        assertThat(order.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("allocated")
                        .asInt())
                .as("a held order is not released to sourcing")
                .isZero();
        assertThat(expect(api.get("/api/v1/availability?sku=WINE-1"), 200)
                        .json()
                        .path("available")
                        .asInt())
                .isEqualTo(100);
        List<String> types = new ArrayList<>();
        api.awaitEvents("subject=" + placed.path("id").asString(), 2)
                .forEach(event -> types.add(event.path("type").asString()));
        assertThat(types).containsExactly("dev.fulcrum.order.placed.v1", "dev.fulcrum.order.held.v1");
    }

    @Test
    void anOrderOverTheCrossBorderValuePerOrderIsHeldWithTheLimitInItsReason() {
        JsonNode placed =
                place("CN", "TEA-001", "5200.00", "{\"customs\": {\"identityNumber\": \"" + VALID_ID + "\"}}");

        assertThat(complianceHold(placed.path("id").asString()))
                .contains("declared value 5200.00 CNY is over the cross-border limit of 5000.00 CNY per order to CN");
    }

    @Test
    void theYearlyLimitPerPersonCountsEarlierOrdersAndNotTheOneHeld() {
        String person = "{\"customs\": {\"identityNumber\": \"310101199001011234\"}}";
        assertThat(place("CN", "TEA-001", "4500.00", person).path("holds").toString())
                .doesNotContain("compliance");
        for (int i = 0; i < 4; i++) {
            assertThat(place("CN", "TEA-001", "4500.00", person).path("holds").toString())
                    .doesNotContain("compliance");
        }
        // 5 × 4500 = 22,500 so far: 4,500 more would make 27,000, over 26,000.
        JsonNode over = place("CN", "TEA-001", "4500.00", person);
        assertThat(complianceHold(over.path("id").asString()))
                .contains("to 27000.00 CNY, over the limit of 26000.00 per year");
        // The held order did not count: 3,500 more is exactly the limit.
        assertThat(place("CN", "TEA-001", "3500.00", person).path("holds").toString())
                .doesNotContain("compliance");
        JsonNode another = place("CN", "TEA-001", "0.01", person);
        assertThat(complianceHold(another.path("id").asString())).contains("over the limit of 26000.00 per year");
    }

    @Test
    void aChinaBoundCrossBorderOrderWithoutAnIdentityNumberIsHeldForTheMissingCustomsData() {
        JsonNode placed = place("CN", "TEA-001", "20.00", "{\"campaign\": \"double-11\"}");

        assertThat(complianceHold(placed.path("id").asString()))
                .contains("customs data missing: attributes.customs.identityNumber (the recipient's identity number) "
                        + "is required for cross-border orders to CN");
    }

    @Test
    void anIdentityNumberWithAWrongCheckCharacterIsHeldAsInvalid() {
        JsonNode placed =
                place("CN", "TEA-001", "20.00", "{\"customs\": {\"identityNumber\": \"110105194912310021\"}}");

        assertThat(complianceHold(placed.path("id").asString()))
                .contains("attributes.customs.identityNumber is not a valid identity number: its check character "
                        + "(GB 11643) does not match its first 17 digits");
    }

    @Test
    void aDomesticOrderNeedsNoIdentityNumberAndAPassingOrderIsNotHeld() {
        assertThat(place("US", "TEA-001", "9000.00", "{}").path("holds").toString())
                .doesNotContain("compliance");
        assertThat(place("CN", "TEA-001", "20.00", "{\"customs\": {\"identityNumber\": \"" + VALID_ID + "\"}}")
                        .path("holds")
                        .toString())
                .doesNotContain("compliance");
    }

    @Test
    void anActivatedPolicyVersionBlocksADestinationAndAnActivatedVersionNeverChanges() {
        JsonNode draft = expect(api.put("/api/v1/compliance/policies/1", "{\"blockedDestinations\": [\"KP\"]}"), 200)
                .json();
        assertThat(draft.path("status").asString()).isEqualTo("draft");
        assertThat(draft.path("policy")
                        .path("crossBorderLimits")
                        .get(0)
                        .path("perOrder")
                        .asString())
                .as("fields left out keep the shipped policy's values")
                .isEqualTo("5000.00");
        assertThat(place("KP", "TEA-001", "20.00", "{}").path("holds").toString())
                .doesNotContain("compliance");

        expect(api.post("/api/v1/compliance/policies/1/activate", null), 200);
        assertThat(api.get("/api/v1/compliance/policies/active")
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(1);
        assertThat(complianceHold(
                        place("KP", "TEA-001", "20.00", "{}").path("id").asString()))
                .contains("destination KP is not served (sanctioned or unserved) (compliance policy v1)");

        Api.Response changed = api.put("/api/v1/compliance/policies/1", "{}");
        assertThat(changed.status()).isEqualTo(409);
        Api.Response invalid = api.put("/api/v1/compliance/policies/2", "{\"blockedDestinations\": [\"North Korea\"]}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("errors").get(0).path("field").asString())
                .isEqualTo("blockedDestinations[0]");
        JsonNode versions = api.get("/api/v1/compliance/policies").json();
        assertThat(versions.path("active").asInt()).isEqualTo(1);
    }

    @Test
    void inABatchOnlyTheFailingOrderIsHeldAndTheOthersAreSourcedAsUsual() {
        OrderManagement orders = context.getBean(OrderManagement.class);
        NewOrder toChina = OrderMother.newPaidOrder();
        NewOrder domestic = new NewOrder(
                "web",
                "W-" + UUID.randomUUID(),
                "CNY",
                OrderMother.PLACED_AT,
                new Customer("C-78", "Ada Lovelace", "ada@example.com", null),
                new Address("Ada Lovelace", null, "1 Main St", null, "Newark", "NJ", "07102", "US", 40.7, -74.2),
                null,
                List.of(new NewOrderLine("TEA-001", 3, Money.of("59.00", "CNY"))),
                new Payment("captured", "card", Money.of("177.00", "CNY")),
                null,
                List.of(),
                Map.of());

        List<Order> placed = tenant.call(() -> orders.placeAll(List.of(toChina, domestic)));

        Order held = tenant.call(() -> orders.get(placed.get(0).id()));
        assertThat(held.holds()).extracting(Hold::type).contains("compliance");
        assertThat(held.lines())
                .allSatisfy(line -> assertThat(line.quantities().allocated()).isZero());
        Order sourced = tenant.call(() -> orders.get(placed.get(1).id()));
        assertThat(sourced.holds()).extracting(Hold::type).doesNotContain("compliance");
        assertThat(sourced.lines().getFirst().quantities().allocated())
                .as("the order placed beside a held one is sourced set-based as before")
                .isEqualTo(3);
        assertThat(expect(api.get("/api/v1/availability?sku=TEA-001"), 200)
                        .json()
                        .path("available")
                        .asInt())
                .isEqualTo(97);
    }

    /** Places one paid line of {@code sku} worth {@code amount} CNY to {@code country}; answers the order. */
    private JsonNode place(String country, String sku, String amount, String attributes) {
        String document = """
                {"channel": "web", "externalId": "W-%s", "currency": "CNY", "placedAt": "2026-11-20T10:00:00Z",
                 "customer": {"id": "C-77", "name": "王芳", "email": "wang@example.com", "phone": "+86 138 0000 0000"},
                 "shippingAddress": {"name": "王芳", "phone": "+86 138 0000 0000", "line1": "人民路 1 号",
                   "city": "上海", "postalCode": "200001", "country": "%s"},
                 "lines": [{"sku": "%s", "quantity": 1, "unitPrice": "%s"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "%s"},
                 "attributes": %s}
                """.formatted(UUID.randomUUID(), country, sku, amount, amount, attributes);
        return expect(api.post("/api/v1/orders", document), 201).json();
    }

    /**
     * The reason of the order's compliance hold, checked to be the same on {@code GET /api/v1/orders/{id}} and on
     * the order's timeline (an {@code order.held} entry by {@code compliance}).
     */
    private String complianceHold(String orderId) {
        JsonNode order = expect(api.get("/api/v1/orders/" + orderId), 200).json();
        JsonNode hold = java.util.stream.StreamSupport.stream(
                        order.path("holds").spliterator(), false)
                .filter(candidate -> candidate.path("type").asString().equals("compliance"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("order " + orderId + " holds " + order.path("holds")));
        assertThat(hold.path("by").asString()).isEqualTo("compliance");
        String reason = hold.path("reason").asString();
        JsonNode timeline =
                expect(api.get("/api/v1/orders/" + orderId + "/timeline"), 200).json();
        List<String> held = new ArrayList<>();
        timeline.path("entries").forEach(entry -> {
            if (entry.path("action").asString().equals("order.held")) {
                held.add(entry.toString());
            }
        });
        assertThat(held).as(timeline.toString()).hasSize(1);
        assertThat(held.getFirst()).contains("compliance");
        return reason;
    }

    private static Api.Response expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response;
    }
}
