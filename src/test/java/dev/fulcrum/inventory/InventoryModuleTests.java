package dev.fulcrum.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.modulith.test.ApplicationModuleTest;
import tools.jackson.databind.JsonNode;

/**
 * The inventory module booted with only what it depends on, over its HTTP API and the embedded PostgreSQL: a
 * location's stock snapshot is what available-to-promise reports, and an older snapshot is refused.
 */
// The database module sets the tenant of each transaction; nothing in inventory refers to it by type.
@ApplicationModuleTest(
        mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES,
        extraIncludes = "database",
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InventoryModuleTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void aStockSnapshotIsWhatAvailabilityReportsAndAnOlderOneIsRefused() {
        Api api = new Api(port, TestTenant.create(context).apiKey());
        assertThat(api.put("/api/v1/locations/SH-1", """
                        {"name": "Shanghai 1", "type": "warehouse", "latitude": 31.2, "longitude": 121.5,
                         "country": "CN", "region": "SH", "timeZone": "Asia/Shanghai"}""").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/locations/SH-1/stock", """
                        {"asOf": "2026-11-20T08:00:00Z", "positions": [{"sku": "TEA-001", "onHand": 12, "safetyStock": 2}]}""").status()).isEqualTo(200);

        JsonNode availability = api.get("/api/v1/availability?sku=TEA-001").json();
        assertThat(availability.path("available").asInt()).isEqualTo(10);
        assertThat(availability.path("locations").get(0).path("locationId").asString())
                .isEqualTo("SH-1");

        assertThat(api.put("/api/v1/locations/SH-1/stock", """
                        {"asOf": "2026-11-20T07:00:00Z", "positions": [{"sku": "TEA-001", "onHand": 99}]}""").status()).isEqualTo(409);
        assertThat(api.get("/api/v1/availability?sku=TEA-001")
                        .json()
                        .path("available")
                        .asInt())
                .isEqualTo(10);
    }
}
