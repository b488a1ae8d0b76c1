package dev.fulcrum.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** A platform admin creates, lists, suspends and reactivates tenants; each tenant stays in its own rows. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlatformTenantsTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ApiKeys apiKeys;

    Api platform;
    Api defaultTenant;

    @BeforeEach
    void keysOfTheDefaultTenant() {
        platform = new Api(port, defaultTenantKey(PlatformAdmins.PLATFORM_WRITE));
        defaultTenant = new Api(port, defaultTenantKey(Scopes.ADMIN));
    }

    @Test
    void aTenantCreatedThroughThePlatformApiWorksAloneAndIsLockedOutWhenSuspended() {
        String slug = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = platform.post("/api/v1/platform/tenants", """
                {"slug": "%s", "name": "Acme Tea", "adminUsername": "%s-admin"}""".formatted(slug, slug));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        String tenantId = body.path("tenant").path("id").asString();
        assertThat(body.path("tenant").path("status").asString()).isEqualTo("active");
        assertThat(body.path("adminUser").path("password").asString()).hasSizeGreaterThanOrEqualTo(16);
        Api acme = new Api(port, body.path("apiKey").path("key").asString());

        Api.Response order = acme.post("/api/v1/orders", OrderMother.paidOrder());
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        String orderId = order.json().path("id").asString();
        assertThat(acme.get("/api/v1/orders/" + orderId).status()).isEqualTo(200);
        assertThat(defaultTenant.get("/api/v1/orders/" + orderId).status()).isEqualTo(404);

        assertThat(platform.get("/api/v1/platform/tenants").json().values())
                .anySatisfy(tenant -> assertThat(tenant.path("slug").asString()).isEqualTo(slug));

        Api.Response suspended = platform.post("/api/v1/platform/tenants/" + tenantId + "/suspend", null);
        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        assertThat(suspended.json().path("status").asString()).isEqualTo("suspended");
        Api.Response refused = acme.get("/api/v1/orders/" + orderId);
        assertThat(refused.status())
                .as("at once, although the key authenticated a moment ago")
                .isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asString()).contains("suspended");

        assertThat(platform.post("/api/v1/platform/tenants/" + tenantId + "/reactivate", null)
                        .status())
                .isEqualTo(200);
        assertThat(acme.get("/api/v1/orders/" + orderId).status()).isEqualTo(200);

        List<String> platformActions = RequestContext.runAs(
                TenantId.DEFAULT,
                "test",
                () -> new org.springframework.transaction.support.TransactionTemplate(
                                context.getBean(org.springframework.transaction.PlatformTransactionManager.class))
                        .execute(status -> context.getBean(AuditLog.class).entriesFor("tenant", tenantId).stream()
                                .map(AuditEntry::action)
                                .toList()));
        assertThat(platformActions)
                .containsSubsequence(
                        "platform.tenant.created", "platform.tenant.suspended", "platform.tenant.reactivated");
    }

    @Test
    void onlyKeysOfTheDefaultTenantArePlatformAdmins() {
        TestTenant other = TestTenant.create(context);
        Api otherAdmin = new Api(port, other.apiKey());
        Api.Response refused = otherAdmin.get("/api/v1/platform/tenants");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("detail").asString()).contains("platform admin");
        assertThat(otherAdmin
                        .post("/api/v1/api-keys", "{\"name\": \"sneaky\", \"scopes\": [\"platform:write\"]}")
                        .status())
                .isIn(400, 403);
        assertThat(new Api(port, defaultTenantKey("orders:write"))
                        .get("/api/v1/platform/tenants")
                        .status())
                .isEqualTo(403);
        assertThat(defaultTenant.get("/api/v1/platform/tenants").status()).isEqualTo(200);
    }

    @Test
    void refusesBadInputTakenSlugsAndSuspendingTheDefaultTenant() {
        Api.Response invalid = platform.post("/api/v1/platform/tenants", "{\"slug\": \"Not A Slug\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("slug", "name", "adminUsername");

        String slug = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        String request = "{\"slug\": \"%s\", \"name\": \"Dup\", \"adminUsername\": \"%s\"}";
        assertThat(platform.post("/api/v1/platform/tenants", request.formatted(slug, slug + "-a"))
                        .status())
                .isEqualTo(201);
        assertThat(platform.post("/api/v1/platform/tenants", request.formatted(slug, slug + "-b"))
                        .status())
                .isEqualTo(409);
        assertThat(platform.post("/api/v1/platform/tenants", request.formatted(slug + "-x", slug + "-a"))
                        .status())
                .isEqualTo(409);

        assertThat(platform.post("/api/v1/platform/tenants/" + TenantId.DEFAULT + "/suspend", null)
                        .status())
                .isEqualTo(409);
        assertThat(platform.post("/api/v1/platform/tenants/" + UUID.randomUUID() + "/suspend", null)
                        .status())
                .isEqualTo(404);
    }

    private String defaultTenantKey(String scope) {
        return RequestContext.runAs(
                TenantId.DEFAULT,
                "test",
                () -> apiKeys.create("platform test", List.of(scope)).key());
    }
}
