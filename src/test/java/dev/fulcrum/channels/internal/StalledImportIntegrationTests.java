package dev.fulcrum.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** An import whose instance stopped (no heartbeat) is marked failed with what to do; a live one is left alone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StalledImportIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    Imports imports;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void marksAnImportInterruptedByAStopFailedAndLeavesARunningOneAlone() {
        TestTenant tenant = TestTenant.create(context);
        Api api = new Api(port, tenant.apiKey());
        String connection = api.post(
                        "/api/v1/channels/connections",
                        Api.json(Map.of("type", "generic", "name", "Imports " + UUID.randomUUID())))
                .json()
                .get("id")
                .asString();
        UUID stalled = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        tenant.call(() -> transactions.execute(tx -> {
            running(tenant, stalled, connection, Instant.now().minus(Duration.ofHours(1)));
            running(tenant, alive, connection, Instant.now());
            return null;
        }));

        imports.failStalledImports();

        JsonNode failed = api.get("/api/v1/imports/" + stalled).json();
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString()).contains("after 1200 rows", "Import the file again");
        assertThat(failed.get("finishedAt").isNull()).isFalse();
        assertThat(api.get("/api/v1/imports/" + alive).json().get("status").asString())
                .isEqualTo("running");
    }

    private void running(TestTenant tenant, UUID id, String connection, Instant heartbeat) {
        jdbc.sql("""
                insert into channel_imports (tenant_id, id, connection_id, format, status, rows_total, rows_read,
                    created_by, started_at, heartbeat_at)
                values (?, ?, ?, 'csv', 'running', 5000, 1200, 'test', ?, ?)""")
                .params(
                        tenant.id().value(),
                        id,
                        UUID.fromString(connection),
                        Timestamp.from(heartbeat),
                        Timestamp.from(heartbeat))
                .update();
    }
}
