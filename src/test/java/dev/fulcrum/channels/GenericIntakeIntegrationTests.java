package dev.fulcrum.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** Generic JSON through JSONata, quarantine, CSV imports, merge and split. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GenericIntakeIntegrationTests {

    static final String MAPPING = """
            {
              "externalId": $string(ref),
              "currency": money.cur,
              "customer": {"name": buyer.fullName, "email": buyer.mail},
              "shippingAddress": {"name": buyer.fullName, "line1": dest.street, "city": dest.town, "country": dest.cc},
              "lines": items.{"sku": code, "quantity": n, "unitPrice": $string(each), "tags": flags},
              "payment": {"status": paid ? "captured" : "pending"}
            }""";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void tenant() {
        api = new Api(port, TestTenant.create(context).apiKey());
    }

    static String document(String ref, String buyer, String street) {
        return """
                {"ref": "%s", "money": {"cur": "EUR"}, "paid": true,
                 "buyer": {"fullName": "%s", "mail": "%s@example.com"},
                 "dest": {"street": "%s", "town": "Berlin", "cc": "DE"},
                 "items": [{"code": "ICE-1", "n": 2, "each": 3.5, "flags": ["frozen"]},
                           {"code": "TEA-1", "n": 1, "each": 4}]}""".formatted(ref, buyer, buyer.toLowerCase(java.util.Locale.ROOT), street);
    }

    String connect(String mapping, int mergeWindowMinutes) {
        Api.Response created = api.post(
                "/api/v1/channels/connections",
                Api.json(java.util.Map.of(
                        "type",
                        "generic",
                        "name",
                        "Shop " + UUID.randomUUID(),
                        "mapping",
                        mapping,
                        "mergeWindowMinutes",
                        mergeWindowMinutes)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    @Test
    void mapsAShapeNeverSeenBeforeSplitsFrozenLinesAndMergesOrdersOfOneCustomer() {
        String connection = connect(MAPPING, 60);
        String base = "/api/v1/channels/connections/" + connection;

        JsonNode trial = api.post(
                        base + "/mapping/test", "{\"sample\": " + document("T-1", "Ada", "Unter den Linden 1") + "}")
                .json();
        assertThat(trial.get("valid").asBoolean()).as(trial.toString()).isTrue();
        assertThat(trial.get("order").get("lines").get(0).get("unitPrice").asString())
                .isEqualTo("3.5");
        assertThat(trial.get("shipmentGroups")).hasSize(2);
        assertThat(api.get("/api/v1/orders?text=T-1").json().get("items")).isEmpty();

        Api.Response first = api.post(base + "/orders", document("A-1", "Ada", "Unter den Linden 1"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String firstId = first.json().get("orderId").asString();
        JsonNode groups = api.get("/api/v1/channels/orders/" + firstId + "/shipment-groups")
                .json()
                .get("groups");
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).get("key").asString()).contains("temperature=frozen");
        assertThat(groups.get(0).get("lineNos").get(0).asInt()).isEqualTo(1);
        assertThat(groups.get(1).get("lineNos").get(0).asInt()).isEqualTo(2);

        String secondId = api.post(base + "/orders", document("A-2", "Ada", "Unter den Linden 1"))
                .json()
                .get("orderId")
                .asString();
        String elsewhere = api.post(base + "/orders", document("A-3", "Ada", "Friedrichstr. 9"))
                .json()
                .get("orderId")
                .asString();
        JsonNode merged = api.get("/api/v1/channels/orders/" + secondId + "/merge-groups")
                .json()
                .get("groups");
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).get("orderIds").toString())
                .contains(firstId)
                .contains(secondId)
                .doesNotContain(elsewhere);

        String group = merged.get(0).get("id").asString();
        JsonNode undone = api.post("/api/v1/channels/merge-groups/" + group + "/undo", null)
                .json();
        assertThat(undone.get("undoneAt").isNull()).isFalse();
        assertThat(api.get("/api/v1/orders/" + firstId + "/timeline").status()).isEqualTo(200);
    }

    @Test
    void quarantinesWhatTheMappingCannotMapAndReprocessesItOnceTheMappingIsFixed() {
        String connection = connect("{\"externalId\": ref, \"currency\": money.cur}", 0);
        String base = "/api/v1/channels/connections/" + connection;
        Api.Response received = api.post(base + "/orders", document("Q-1", "Grace", "Main St 1"));
        assertThat(received.status()).isEqualTo(202);
        String entry = received.json().get("quarantineId").asString();
        JsonNode listed = api.get("/api/v1/quarantine").json().get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("reasons").toString())
                .contains("customer")
                .contains("lines")
                .contains("shippingAddress");
        assertThat(listed.get(0).get("body").asString()).contains("Grace");

        assertThat(api.post("/api/v1/quarantine/" + entry + "/reprocess", null).status())
                .isEqualTo(422);
        assertThat(api.put(base, Api.json(java.util.Map.of("mapping", MAPPING))).status())
                .isEqualTo(200);
        Api.Response reprocessed = api.post("/api/v1/quarantine/" + entry + "/reprocess", null);
        assertThat(reprocessed.status()).as(reprocessed.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/orders/" + reprocessed.json().get("orderId").asString())
                        .json()
                        .get("externalId")
                        .asString())
                .isEqualTo("Q-1");
        assertThat(api.get("/api/v1/quarantine").json().get("items")).isEmpty();

        String second =
                api.post(base + "/orders", "[1, 2]").json().get("quarantineId").asString();
        assertThat(api.post("/api/v1/quarantine/" + second + "/discard", "{}").status())
                .isEqualTo(400);
        JsonNode discarded = api.post("/api/v1/quarantine/" + second + "/discard", "{\"reason\": \"test noise\"}")
                .json();
        assertThat(discarded.get("status").asString()).isEqualTo("discarded");
        assertThat(discarded.get("resolutionReason").asString()).isEqualTo("test noise");
    }

    @Test
    void importsCsvPlacingGoodOrdersAndQuarantiningBadRowsWithTheirRowNumbers() {
        String connection = connect("", 0);
        String csv = """
                externalId,currency,customerName,shipName,shipLine1,shipCity,shipCountry,sku,quantity,unitPrice,paymentStatus,lineTags
                C-1,CNY,王芳,王芳,人民路 1 号,上海,CN,TEA-1,2,59.00,captured,
                C-1,CNY,王芳,王芳,人民路 1 号,上海,CN,ICE-9,1,12.00,captured,frozen
                C-2,CNY,"Li, Lei",Li Lei,Road 2,北京,CN,TEA-1,two,59.00,captured,
                C-3,CNY,Zhang,Zhang,Road 3,广州,XX,TEA-1,1,59.00,,
                C-1,CNY,王芳,王芳,人民路 1 号,上海,CN,TEA-1,2,59.00,captured,
                """;
        Api.Response started = api.post("/api/v1/imports?connectionId=" + connection + "&format=csv", csv);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().get("id").asString();
        JsonNode done = Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(
                        () -> api.get("/api/v1/imports/" + id).json(),
                        progress -> !progress.get("status").asString().equals("running"));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("rowsRead").asLong()).isEqualTo(5);
        assertThat(done.get("ordersPlaced").asLong()).isEqualTo(1);
        assertThat(done.get("quarantined").asLong()).isEqualTo(2);
        assertThat(done.get("updated").asLong()).isEqualTo(1);
        String reasons = api.get("/api/v1/quarantine").json().toString();
        assertThat(reasons).contains("row 4: quantity").contains("row 5: shippingAddress.country");

        assertThat(api.post("/api/v1/imports?connectionId=" + connection + "&format=csv", "externalId,nonsense\n")
                        .status())
                .isEqualTo(400);
    }
}
