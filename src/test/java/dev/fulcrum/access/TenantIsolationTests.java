package dev.fulcrum.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.shared.Ids;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TenantIsolationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    TestTenant first;
    TestTenant second;
    Api firstApi;
    Api secondApi;

    @BeforeEach
    void twoTenants() {
        first = TestTenant.create(context);
        second = TestTenant.create(context);
        firstApi = new Api(port, first.apiKey());
        secondApi = new Api(port, second.apiKey());
    }

    @Test
    void aMissingOrWrongKeyIs401WithProblemDetails() {
        Api.Response missing = firstApi.withKey(null).get("/api/v1/orders");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(firstApi.withKey("fk_abcdefgh_wrongwrongwrongwrongwrong")
                        .get("/api/v1/orders")
                        .status())
                .isEqualTo(401);
        assertThat(firstApi.withKey(first.apiKey() + "x").get("/api/v1/orders").status())
                .isEqualTo(401);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceEvenThoughItAuthenticatedAMomentAgo() {
        String key = first.keyWith(context, "orders:read");
        Api reader = firstApi.withKey(key);
        assertThat(reader.get("/api/v1/orders").status()).isEqualTo(200);
        String keyId = null;
        for (var item : firstApi.get("/api/v1/api-keys").json()) {
            if (key.startsWith("fk_" + item.path("prefix").asString() + "_")) {
                keyId = item.path("id").asString();
            }
        }

        assertThat(firstApi.delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(204);

        assertThat(reader.get("/api/v1/orders").status()).isEqualTo(401);
    }

    @Test
    void aKeyWithoutTheScopeIs403() {
        Api reader = firstApi.withKey(first.keyWith(context, "orders:read"));
        assertThat(reader.get("/api/v1/orders").status()).isEqualTo(200);
        Api.Response write = reader.post("/api/v1/orders", OrderMother.paidOrder());
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().path("detail").asString()).contains("orders:write");
        assertThat(reader.get("/api/v1/events").status()).isEqualTo(403);
        assertThat(reader.get("/api/v1/api-keys").status()).isEqualTo(403);

        Api writer = firstApi.withKey(first.keyWith(context, "orders:write"));
        assertThat(writer.post("/api/v1/orders", OrderMother.paidOrder()).status())
                .isEqualTo(201);
        assertThat(writer.get("/api/v1/orders").status())
                .as("write implies read")
                .isEqualTo(200);
    }

    @Test
    void aRevokedKeyIs401() {
        String key = first.keyWith(context, "orders:read");
        String id = firstApi.get("/api/v1/api-keys").json().values().stream()
                .filter(k -> key.startsWith("fk_" + k.path("prefix").asString()))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();
        assertThat(firstApi.delete("/api/v1/api-keys/" + id).status()).isEqualTo(204);
        assertThat(firstApi.withKey(key).get("/api/v1/orders").status()).isEqualTo(401);
    }

    @Test
    void aSecondTenantCannotReadListOrChangeTheFirstTenantsOrders() {
        String id = firstApi.post("/api/v1/orders", OrderMother.paidOrder())
                .json()
                .path("id")
                .asString();

        assertThat(secondApi.get("/api/v1/orders/" + id).status()).isEqualTo(404);
        assertThat(secondApi.get("/api/v1/orders").json().path("items").isEmpty())
                .isTrue();
        assertThat(secondApi.get("/api/v1/orders/" + id + "/timeline").status()).isEqualTo(404);
        assertThat(secondApi.get("/api/v1/events").json().path("events").isEmpty())
                .isTrue();
        for (String action : new String[] {"cancel", "hold", "release", "pay", "ship", "deliver"}) {
            assertThat(secondApi
                            .post("/api/v1/orders/" + id + "/" + action, null)
                            .status())
                    .as(action)
                    .isEqualTo(404);
        }
        assertThat(firstApi.get("/api/v1/orders/" + id).json().path("status").asString())
                .isEqualTo("paid");
        assertThat(firstApi.get("/api/v1/orders/" + id + "/timeline")
                        .json()
                        .path("entries")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void rowLevelSecurityHidesOtherTenantsFromAQueryThatForgetsTheTenantFilter() {
        firstApi.post("/api/v1/orders", OrderMother.paidOrder());
        secondApi.post("/api/v1/orders", OrderMother.paidOrder());
        secondApi.post("/api/v1/orders", OrderMother.paidOrder());
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);

        long seenByFirst = first.call(() -> transactions.execute(status ->
                jdbc.sql("select count(*) from orders").query(Long.class).single()));
        long seenBySecond = second.call(
                () -> transactions.execute(status -> jdbc.sql("select count(distinct tenant_id) from orders")
                        .query(Long.class)
                        .single()));
        long seenWithoutTransaction = first.call(
                () -> jdbc.sql("select count(*) from orders").query(Long.class).single());

        assertThat(seenByFirst).isEqualTo(1);
        assertThat(seenBySecond).isEqualTo(1);
        assertThat(seenWithoutTransaction)
                .as("no transaction, no tenant setting, no rows")
                .isZero();
    }

    @Test
    void rowLevelSecurityIsolatesATenantCreatedThroughThePlatformApi() {
        String platformKey = dev.fulcrum.shared.RequestContext.runAs(
                dev.fulcrum.shared.TenantId.DEFAULT,
                "test",
                () -> context.getBean(ApiKeys.class)
                        .create("platform test", java.util.List.of(PlatformAdmins.PLATFORM_WRITE))
                        .key());
        String slug = "rls-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var created = new Api(port, platformKey)
                .post(
                        "/api/v1/platform/tenants",
                        "{\"slug\": \"%s\", \"name\": \"RLS\", \"adminUsername\": \"%s\"}".formatted(slug, slug))
                .json();
        var platformTenant = new dev.fulcrum.shared.TenantId(
                java.util.UUID.fromString(created.path("tenant").path("id").asString()));
        Api platformTenantApi = new Api(port, created.path("apiKey").path("key").asString());
        platformTenantApi.post("/api/v1/orders", OrderMother.paidOrder());
        firstApi.post("/api/v1/orders", OrderMother.paidOrder());
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);

        java.util.function.Supplier<java.util.List<Object>> seen = () -> transactions.execute(
                status -> jdbc.sql("select distinct tenant_id from orders union select tenant_id from users "
                                + "union select tenant_id from api_keys union select tenant_id from tenants")
                        .query((rs, row) -> rs.getObject(1))
                        .list());
        assertThat(dev.fulcrum.shared.RequestContext.runAs(platformTenant, "test", seen))
                .containsExactly(platformTenant.value());
        assertThat(first.call(seen)).doesNotContain(platformTenant.value());
        Integer suspendedByAnother = first.call(() ->
                transactions.execute(status -> jdbc.sql("update tenants set status = 'suspended' where tenant_id = ?")
                        .param(platformTenant.value())
                        .update()));
        assertThat(suspendedByAnother)
                .as("another tenant cannot even see the row")
                .isZero();
        assertThat(platformTenantApi.get("/api/v1/orders").status()).isEqualTo(200);
    }

    @Test
    void rowLevelSecurityRefusesWritingRowsOfAnotherTenant() {
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        assertThatThrownBy(() -> first.call(() -> transactions.execute(status -> jdbc.sql("""
                insert into audit_log (tenant_id, id, at, actor, action, target_type, target_id, request_id)
                values (?, ?, ?, 'intruder', 'x', 'x', 'x', 'x')""")
                        .params(second.id().value(), Ids.timeOrdered(), Timestamp.from(Instant.now()))
                        .update())))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("row-level security");
    }

    @Test
    void theApplicationRoleCannotSwitchOffRowLevelSecurity() {
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        Boolean bypasses = first.call(() -> transactions.execute(
                status -> jdbc.sql("select rolbypassrls or rolsuper from pg_roles where rolname = current_user")
                        .query(Boolean.class)
                        .single()));
        assertThat(bypasses).isFalse();
    }
}
