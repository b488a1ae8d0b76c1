package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.access.Users;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The platform admin's tenants page: create (secrets shown once), suspend with a confirmation, in both languages. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TenantPagesTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern CREATED_KEY = Pattern.compile("id=\"created-key\">([^<]+)<");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void aPlatformAdminCreatesATenantSeesItsSecretsOnceAndSuspendsIt() {
        Browser admin = new Browser();
        admin.logIn("admin", "test-admin-password");
        String slug = "page-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.get("/platform/tenants").body()).contains("id=\"tenant-form\"", "id=\"tenant-list\"");
        assertThat(admin.get("/orders").body())
                .as("the platform admin finds the page")
                .contains("id=\"nav-tenants\"");

        String page = admin.post(
                        "/platform/tenants", "slug=" + slug + "&name=Page+Tea&adminUsername=" + slug + "-admin")
                .body();
        assertThat(page).contains("id=\"tenant-created\"", "id=\"created-password\"", slug);
        Matcher key = CREATED_KEY.matcher(page);
        assertThat(key.find()).isTrue();
        Api tenantApi = new Api(port, key.group(1));
        assertThat(tenantApi.get("/api/v1/orders").status()).isEqualTo(200);
        assertThat(admin.get("/platform/tenants").body()).as("shown once").doesNotContain("id=\"created-password\"");

        String tenantId = tenantIdOf(page, slug);
        assertThat(admin.post("/platform/tenants/" + tenantId + "/suspend", "").body())
                .as("nothing happens without the confirmation")
                .contains("id=\"tenant-unconfirmed\"");
        assertThat(tenantApi.get("/api/v1/orders").status()).isEqualTo(200);

        String suspended = admin.post("/platform/tenants/" + tenantId + "/suspend", "confirm=yes")
                .body();
        assertThat(suspended)
                .contains("id=\"tenant-changed\"", "data-tenant=\"" + tenantId + "\" data-status=\"suspended\"");
        assertThat(tenantApi.get("/api/v1/orders").status()).isEqualTo(403);
        Matcher password = Pattern.compile("id=\"created-password\">([^<]+)<").matcher(page);
        assertThat(password.find()).isTrue();
        Browser tenantAdmin = new Browser();
        tenantAdmin.logIn(slug + "-admin", password.group(1));
        assertThat(tenantAdmin.get("/orders").statusCode())
                .as("the suspended tenant's users are refused too")
                .isEqualTo(403);

        assertThat(admin.post("/platform/tenants/" + tenantId + "/reactivate", "confirm=yes")
                        .body())
                .contains("data-tenant=\"" + tenantId + "\" data-status=\"active\"");
        assertThat(tenantApi.get("/api/v1/orders").status()).isEqualTo(200);
    }

    @Test
    void speaksChineseAndRefusesABadSlugWithTheFormKept() {
        Browser admin = new Browser();
        admin.logIn("admin", "test-admin-password");
        assertThat(admin.get("/platform/tenants?lang=zh-CN").body()).contains("创建租户", "平台自己的租户");
        assertThat(admin.post("/platform/tenants", "slug=Bad+Slug&name=X&adminUsername=bad-slug-admin")
                        .body())
                .contains("id=\"tenant-refused\"", "value=\"Bad Slug\"");
    }

    @Test
    void anAdminOfAnotherTenantIsRefused() {
        TestTenant other = TestTenant.create(context);
        String username = "other-" + UUID.randomUUID().toString().substring(0, 8);
        other.call(() -> context.getBean(Users.class).create(username, "Other admin", "other-password", "admin"));
        Browser stranger = new Browser();
        stranger.logIn(username, "other-password");
        HttpResponse<String> refused = stranger.get("/platform/tenants");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("id=\"tenant-form\"");
        assertThat(stranger.get("/orders").body())
                .as("no link to a page it may not open")
                .doesNotContain("nav-tenants");
    }

    private static String tenantIdOf(String page, String slug) {
        Matcher row = Pattern.compile("data-tenant=\"([0-9a-f-]{36})\" data-status=\"active\">\\s*<td class=\"mono\">"
                        + Pattern.quote(slug))
                .matcher(page);
        assertThat(row.find()).as("the new tenant is listed").isTrue();
        return row.group(1);
    }

    /** A browser session: cookies, and the CSRF token of the last page, sent with each form. */
    private final class Browser {

        private final HttpClient client =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        private String csrf = "";

        void logIn(String username, String password) {
            get("/login");
            HttpResponse<String> response = post("/login", "username=" + username + "&password=" + password);
            assertThat(response.headers().firstValue("Location"))
                    .hasValueSatisfying(location -> assertThat(location).endsWith("/orders"));
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .GET());
        }

        HttpResponse<String> post(String path, String form) {
            String body =
                    (form.isEmpty() ? "" : form + "&") + "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
            return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                Matcher token = CSRF.matcher(response.body());
                if (token.find()) {
                    csrf = token.group(1);
                }
                return response;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
