package dev.fulcrum.demand.replenishment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Reservation;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16, acceptance 3: a proposal for a SKU with a known forecast and stock matches the hand calculation, and
 * approving it raises availability from its expected date on. The forecast is a test-only one ({@link KnownForecasts}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(KnownForecasts.class)
class ReplenishmentApiTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    InventoryLedger ledger;

    @Autowired
    PlatformTransactionManager transactions;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void locationWithStock() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        expect(api.put("/api/v1/locations/WH-REP", """
                {"name": "Replenished", "type": "warehouse", "latitude": 31.2, "longitude": 121.5, "country": "CN",
                 "timeZone": "UTC", "leadTimeDays": 14, "reviewPeriodDays": 7}"""), 200);
        expect(api.put("/api/v1/locations/WH-REP/stock", """
                {"asOf": "2026-11-01T00:00:00Z", "positions": [{"sku": "REP-TEA", "onHand": 150},
                 {"sku": "REP-NO-FORECAST", "onHand": 5}]}"""), 200);
        // 20 units held for an order
        tenant.call(() -> new TransactionTemplate(transactions)
                .execute(status -> ledger.reserve(
                        OrderId.newId(),
                        List.of(new Reservation(new LocationId("WH-REP"), new Sku("REP-TEA"), 20, null)),
                        null)));
    }

    @Test
    void aProposalMatchesTheHandCalculationAndApprovingItRaisesAvailabilityFromItsExpectedDate() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // 30 units already on their way, due in 30 days
        expect(api.post("/api/v1/inbound", """
                {"locationId": "WH-REP", "sku": "REP-TEA", "quantity": 30, "expectedOn": "%s", "purchaseOrder": "PO-1"}""".formatted(today.plusDays(30))), 201);

        // By hand: 95 % -> z = 1.6449; lead 14 days = 2 weeks, review 7 days = 1 week; sigma 20 a week.
        double z = 1.6448536;
        double safetyStock = z * 20 * Math.sqrt(2 + 1); // 56.98
        double reorderPoint = 2 * 100 + safetyStock; // 256.98
        double orderUpTo = 3 * 100 + safetyStock; // 356.98
        int position = 150 - 20 + 30; // on hand - reserved + inbound = 160, at or below the reorder point
        int quantity = (int) Math.ceil(orderUpTo - position); // 197
        assertThat(quantity).isEqualTo(197);

        JsonNode listing =
                expect(api.get("/api/v1/replenishment/proposals"), 200).json();
        assertThat(listing.path("positions").asInt()).isEqualTo(2);
        assertThat(listing.path("withoutForecast").asInt()).isEqualTo(1);
        assertThat(listing.path("items")).hasSize(1);
        JsonNode proposal = listing.path("items").get(0);
        JsonNode why = proposal.path("explanation");
        assertThat(proposal.path("sku").asString()).isEqualTo("REP-TEA");
        assertThat(proposal.path("status").asString()).isEqualTo("open");
        assertThat(proposal.path("quantity").asInt()).isEqualTo(quantity);
        assertThat(why.path("z").asDouble()).isCloseTo(z, within(1e-6));
        assertThat(why.path("safetyStock").asDouble()).isCloseTo(safetyStock, within(1e-4));
        assertThat(why.path("reorderPoint").asDouble()).isCloseTo(reorderPoint, within(1e-4));
        assertThat(why.path("orderUpTo").asDouble()).isCloseTo(orderUpTo, within(1e-4));
        assertThat(why.path("forecastOverLeadTime").asDouble()).isCloseTo(200, within(1e-9));
        assertThat(why.path("onHand").asInt()).isEqualTo(150);
        assertThat(why.path("reserved").asInt()).isEqualTo(20);
        assertThat(why.path("inbound").asInt()).isEqualTo(30);
        assertThat(why.path("inventoryPosition").asInt()).isEqualTo(position);
        assertThat(why.path("model").asString()).isEqualTo("test-flat");
        assertThat(why.path("formula").asString()).contains("sqrt(leadTimeWeeks + reviewPeriodWeeks)");
        LocalDate expectedOn = today.plusDays(14);
        assertThat(proposal.path("expectedOn").asString()).isEqualTo(expectedOn.toString());
        String id = proposal.path("id").asString();
        assertThat(expect(api.get("/api/v1/replenishment/proposals"), 200)
                        .json()
                        .path("items")
                        .get(0)
                        .path("id")
                        .asString())
                .as("an open proposal keeps its id while it stays due")
                .isEqualTo(id);

        // available now: 150 on hand - 20 reserved
        assertThat(availableOn(expectedOn)).isEqualTo(130);

        JsonNode approved = expect(api.post("/api/v1/replenishment/proposals/" + id + "/approve", null), 200)
                .json();
        assertThat(approved.path("status").asString()).isEqualTo("approved");
        String inboundId = approved.path("inboundId").asString();
        JsonNode inboundLine =
                expect(api.get("/api/v1/inbound/" + inboundId), 200).json();
        assertThat(inboundLine.path("quantity").asInt()).isEqualTo(quantity);
        assertThat(inboundLine.path("expectedOn").asString()).isEqualTo(expectedOn.toString());
        assertThat(inboundLine.path("reference").asString()).isEqualTo("replenishment-proposal:" + id);

        assertThat(availableOn(expectedOn.minusDays(1)))
                .as("nothing more before the expected date")
                .isEqualTo(130);
        assertThat(availableOn(expectedOn))
                .as("the approved units from the expected date on")
                .isEqualTo(130 + quantity);

        assertThat(api.post("/api/v1/replenishment/proposals/" + id + "/approve", null)
                        .status())
                .isEqualTo(409);
        assertThat(expect(api.get("/api/v1/replenishment/proposals"), 200)
                        .json()
                        .path("items"))
                .as("the position with its inbound is above the reorder point now")
                .isEmpty();

        JsonNode received = expect(api.post("/api/v1/inbound/" + inboundId + "/receive", null), 200)
                .json();
        assertThat(received.path("status").asString()).isEqualTo("received");
        JsonNode now = expect(api.get("/api/v1/availability?sku=REP-TEA"), 200).json();
        assertThat(now.path("available").asInt()).isEqualTo(130 + quantity);
        assertThat(now.path("locations").get(0).path("inbound").asInt())
                .as("only PO-1 still on its way")
                .isEqualTo(30);
        assertThat(api.post("/api/v1/inbound/" + inboundId + "/receive", null).status())
                .isEqualTo(409);
    }

    @Test
    void aLineShortOfStockIsBackorderedWithTheDateInboundStockCoversIt() {
        LocalDate due = LocalDate.now(ZoneOffset.UTC).plusDays(10);
        expect(api.post("/api/v1/inbound", """
                {"locationId": "WH-REP", "sku": "REP-TEA", "quantity": 500, "expectedOn": "%s", "purchaseOrder": "PO-2"}""".formatted(due)), 201);
        // 300 wanted, 130 available now (150 on hand - 20 reserved)
        Api.Response placed = expect(api.post("/api/v1/orders", """
                {"channel": "web", "externalId": "REP-%s", "currency": "CNY",
                 "customer": {"id": "C-9", "name": "王芳"},
                 "shippingAddress": {"name": "王芳", "line1": "人民路 1 号", "city": "上海", "postalCode": "200001",
                   "country": "CN", "latitude": 31.23, "longitude": 121.47},
                 "lines": [{"sku": "REP-TEA", "quantity": 300, "unitPrice": "10.00"}],
                 "payment": {"status": "captured", "method": "alipay"}}""".formatted(java.util.UUID.randomUUID())), 201);
        JsonNode decision = expect(
                        api.get("/api/v1/orders/" + placed.json().path("id").asString() + "/sourcing"), 200)
                .json();
        assertThat(decision.path("unallocated")).as(decision.toString()).isNotEmpty();
        assertThat(decision.path("unallocated").get(0).path("reason").asString())
                .contains("expected inbound covers it from " + due + " (WH-REP)");
    }

    @Test
    void badRequestsNameTheirField() {
        assertThat(field(api.get("/api/v1/replenishment/proposals?limit=0"))).isEqualTo("limit");
        assertThat(field(api.get("/api/v1/replenishment/proposals?cursor=nonsense")))
                .isEqualTo("cursor");
        assertThat(field(api.post("/api/v1/replenishment/proposals/not-an-id/approve", null)))
                .isEqualTo("id");
        assertThat(field(api.post("/api/v1/inbound", """
                {"locationId": "WH-REP", "sku": "REP-TEA", "quantity": 0, "expectedOn": "2026-12-01"}"""))).isEqualTo("quantity");
        assertThat(field(api.post("/api/v1/inbound", """
                {"locationId": "WH-REP", "sku": "REP-TEA", "quantity": 3, "expectedOn": "soon"}"""))).isEqualTo("expectedOn");
        assertThat(field(api.get("/api/v1/availability?sku=REP-TEA&date=tomorrow")))
                .isEqualTo("date");
        assertThat(api.post("/api/v1/inbound", """
                {"locationId": "NOWHERE", "sku": "REP-TEA", "quantity": 3, "expectedOn": "2026-12-01"}""").status()).isEqualTo(404);
    }

    private int availableOn(LocalDate date) {
        return expect(api.get("/api/v1/availability?sku=REP-TEA&date=" + date), 200)
                .json()
                .path("availableOn")
                .asInt();
    }

    private static String field(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json().path("errors").get(0).path("field").asString();
    }

    private static Api.Response expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
