package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The console over plain HTTP: login, list fragments for htmx, languages, and pages for what does not exist. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsolePagesTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    private final HttpClient browser =
            HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @Test
    void sendsAnonymousVisitorsToTheLoginPage() {
        HttpResponse<String> response = get("/orders");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void theRootLeadsToTheOrderList() {
        logIn();
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/orders"));
    }

    @Test
    void answersHtmxWithTheListFragmentOnly() {
        String externalId = placeOrder();
        logIn();
        HttpResponse<String> fragment = get("/orders?text=" + externalId, "HX-Request", "true");
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body().strip())
                .startsWith("<section id=\"order-list\"")
                .doesNotContain("<html");
        assertThat(fragment.body()).contains("data-external-id=\"" + externalId + "\"");
        HttpResponse<String> page = get("/orders?text=" + externalId);
        assertThat(page.body()).contains("<html", "id=\"order-filters\"", "data-external-id=\"" + externalId + "\"");
    }

    @Test
    void filtersByStatus() {
        String externalId = placeOrder();
        logIn();
        assertThat(get("/orders?status=paid&text=" + externalId).body())
                .contains("data-external-id=\"" + externalId + "\"");
        assertThat(get("/orders?status=cancelled&text=" + externalId).body())
                .doesNotContain("data-external-id=\"" + externalId)
                .contains("id=\"orders-empty\"");
    }

    @Test
    void speaksTheBrowsersLanguageUntilTheUserChoosesAnother() {
        assertThat(get("/login", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8").body())
                .contains("<html lang=\"zh-CN\"", "用户名");
        assertThat(get("/login", "Accept-Language", "fr-FR,en;q=0.5").body()).contains("<html lang=\"en\"", "Username");
        get("/login?lang=en");
        assertThat(get("/login", "Accept-Language", "zh-CN").body()).contains("Username");
        get("/login?lang=zh-CN");
        assertThat(get("/login", "Accept-Language", "en").body()).contains("用户名");
    }

    @Test
    void showsANotFoundPageForAnUnknownOrder() {
        logIn();
        HttpResponse<String> unknown = get("/orders/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("id=\"console-error\"", "Not found");
        assertThat(get("/orders/not-an-order-id").statusCode()).isEqualTo(404);
    }

    @Test
    void logsOutThroughTheFormInTheTopBar() {
        logIn();
        Matcher token = CSRF.matcher(get("/orders").body());
        assertThat(token.find()).as("the logout form carries a CSRF token").isTrue();
        HttpResponse<String> loggedOut =
                post("/logout", "_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
        assertThat(loggedOut.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?logout"));
        assertThat(get("/orders").statusCode()).isEqualTo(302);
    }

    @Test
    void refusesALoginWithoutTheCsrfToken() {
        HttpResponse<String> response = post("/login", "username=admin&password=test-admin-password");
        assertThat(response.statusCode()).isEqualTo(403);
    }

    private String placeOrder() {
        String externalId = "PAGES-" + UUID.randomUUID();
        Api.Response placed = new Api(port, "fk_bootstrp_testkeytestkeytestkeytestkey")
                .post("/api/v1/orders", OrderMother.paidOrder(externalId));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return externalId;
    }

    @Test
    void worksTheQuarantineDiscardingOnlyWithAReasonAndReprocessingAfterTheMappingIsFixed() {
        dev.fulcrum.testing.Api api = new dev.fulcrum.testing.Api(port, "fk_bootstrp_testkeytestkeytestkeytestkey");
        String connection = api.post(
                        "/api/v1/channels/connections",
                        dev.fulcrum.testing.Api.json(java.util.Map.of(
                                "type",
                                "generic",
                                "name",
                                "Quarantine shop " + java.util.UUID.randomUUID(),
                                "mapping",
                                "{\"externalId\": id}")))
                .json()
                .path("id")
                .asString();
        String base = "/api/v1/channels/connections/" + connection;
        String first = api.post(base + "/orders", "{\"id\": \"Q-1\"}")
                .json()
                .path("quarantineId")
                .asString();
        String second = api.post(base + "/orders", "{\"id\": \"Q-2\"}")
                .json()
                .path("quarantineId")
                .asString();
        logIn();

        String page = get("/quarantine").body();
        assertThat(page).contains("data-entry-id=\"" + first + "\"", "data-entry-id=\"" + second + "\"", "currency");
        String token = csrf(page);
        assertThat(post("/quarantine/" + first + "/discard", "reason=&_csrf=" + token)
                        .statusCode())
                .isEqualTo(302);
        assertThat(get("/quarantine").body())
                .contains("id=\"quarantine-reason-missing\"", "data-entry-id=\"" + first + "\"");
        assertThat(post("/quarantine/" + first + "/discard", "reason=test+order&_csrf=" + token)
                        .statusCode())
                .isEqualTo(302);
        assertThat(get("/quarantine").body()).doesNotContain("data-entry-id=\"" + first + "\"");
        assertThat(get("/quarantine?status=discarded").body())
                .contains("data-entry-id=\"" + first + "\"", "test order");

        assertThat(api.put(
                                base,
                                "{\"mapping\": \"{'externalId': id, 'currency': 'CNY', 'customer': {'name': 'Q'}, "
                                        + "'shippingAddress': {'name': 'Q', 'line1': 'Road 1', 'city': 'Shanghai', 'country': 'CN'}, "
                                        + "'lines': [{'sku': 'TEA-001', 'quantity': 1, 'unitPrice': '1.00'}]}\"}")
                        .status())
                .isEqualTo(200);
        assertThat(post("/quarantine/" + second + "/reprocess", "_csrf=" + token)
                        .statusCode())
                .isEqualTo(302);
        String after = get("/quarantine").body();
        assertThat(after).contains("id=\"quarantine-reprocessed\"").doesNotContain("data-entry-id=\"" + second + "\"");
    }

    private static String csrf(String page) {
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as("the page carries a CSRF token").isTrue();
        return URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
    }

    private void logIn() {
        Matcher token = CSRF.matcher(get("/login").body());
        assertThat(token.find()).as("login form carries a CSRF token").isTrue();
        HttpResponse<String> response = post(
                "/login",
                "username=admin&password=test-admin-password&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/orders"));
    }

    private HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
