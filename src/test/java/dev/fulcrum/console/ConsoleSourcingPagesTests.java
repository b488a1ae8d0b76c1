package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sourcing pages over plain HTTP, as the default tenant's admin: an order's decision with its trace, an order
 * without one, the profiles, a draft that does not validate, a simulation, and activation only once confirmed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleSourcingPagesTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    private final HttpClient browser =
            HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private String csrf;

    @BeforeEach
    void logIn() {
        csrf = token(get("/login").body());
        HttpResponse<String> response = post("/login", "username=admin&password=test-admin-password");
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/orders"));
        csrf = token(get("/sourcing").body());
    }

    @Test
    void showsWhereAnOrderShipsFromAndWhy() {
        String orderId;
        String location;
        try (DefaultTenantStock stock = new DefaultTenantStock(port)) {
            orderId = stock.placePaidOrder("SOURCED-" + UUID.randomUUID());
            location = stock.locationId;
        }
        HttpResponse<String> page = get("/orders/" + orderId + "/sourcing");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains(
                        "<html",
                        "data-status=\"allocated\"",
                        "Allocated",
                        "data-testid=\"sourcing-shipment\" data-location=\"" + location + "\"",
                        "ESTIMATE-ROAD",
                        "estimate",
                        "data-location=\"" + location + "\" data-verdict=\"chosen\"",
                        "Strategy default decided",
                        "data-objective=\"cost-first\"",
                        "CNY");

        HttpResponse<String> fragment = get("/orders/" + orderId + "/sourcing", "HX-Request", "true");
        assertThat(fragment.body()).doesNotContain("<html").contains("id=\"order-sourcing\"", location);
        assertThat(get("/orders/" + orderId).body()).contains("hx-get=\"/orders/" + orderId + "/sourcing\"");

        assertThat(get("/orders/" + orderId + "/sourcing?lang=zh-CN").body()).contains("已分配", "候选地点", "估算", "选中");
        get("/orders?lang=en");
    }

    @Test
    void saysWhyAnOrderHasNoDecision() {
        String orderId;
        try (DefaultTenantStock stock = new DefaultTenantStock(port)) {
            orderId = stock.placeUnpaidOrder("UNPAID-" + UUID.randomUUID());
        }
        HttpResponse<String> page = get("/orders/" + orderId + "/sourcing");
        // Unpaid, the order reserves with an expiry when it fits; the page says so either way.
        assertThat(page.body()).containsAnyOf("data-status=\"reserved\"", "sourcing decides once the order is paid");

        String unsourced = new dev.fulcrum.testing.Api(port, DefaultTenantStock.BOOTSTRAP_KEY)
                .post("/api/v1/orders", dev.fulcrum.testing.OrderMother.paidOrder("NO-LOCATION-" + UUID.randomUUID()))
                .json()
                .path("id")
                .asString();
        assertThat(get("/orders/" + unsourced + "/sourcing").body())
                .contains("data-status=\"none\"", "the tenant has no active location yet");
    }

    @Test
    void listsProfilesWithTheActiveVersion() {
        HttpResponse<String> page = get("/sourcing");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains(
                        "id=\"active-profile-link\"",
                        "data-profile=\"default\"",
                        "data-status=\"active\"",
                        "speed first",
                        "balanced");
    }

    @Test
    void keepsAnInvalidDraftAndNamesEachWrongField() {
        String definition = """
                {"strategies": [{"name": "broken", "when": "order.channel ==", "maxShipments": 20}], "fallback": "maybe"}""";
        HttpResponse<String> response = post(
                "/sourcing/profiles/default/draft",
                "from=1&definition=" + URLEncoder.encode(definition, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains(
                        "The draft was not saved",
                        "data-field=\"strategies[0].when\"",
                        "data-field=\"strategies[0].maxShipments\"",
                        "data-field=\"fallback\"",
                        "order.channel ==");

        HttpResponse<String> notJson = post("/sourcing/profiles/default/draft", "from=1&definition=%7Bnope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("data-field=\"body\"", "is not JSON");
    }

    @Test
    void savesADraftSimulatesItAndActivatesItOnlyOnceConfirmed() {
        String orderId;
        try (DefaultTenantStock stock = new DefaultTenantStock(port)) {
            orderId = stock.placePaidOrder("SIMULATED-" + UUID.randomUUID());
        }
        String active = get("/sourcing").body();
        Matcher link = Pattern.compile(
                        "href=\"/sourcing/profiles/default/versions/(\\d+)\"[^>]*id=\"active-profile-link\""
                                + "|id=\"active-profile-link\"[^>]*href=\"/sourcing/profiles/default/versions/(\\d+)\"")
                .matcher(active);
        assertThat(link.find()).as(active).isTrue();
        String activeVersion = link.group(1) != null ? link.group(1) : link.group(2);
        String definition = """
                {"description": "cost first for everything", "strategies": [{"name": "urgent", "when": "'urgent' in order.tags",
                 "objective": "speed-first"}, {"name": "default", "objective": "cost-first"}], "fallback": "backorder"}""";
        HttpResponse<String> saved = post(
                "/sourcing/profiles/default/draft",
                "from=" + activeVersion + "&definition=" + URLEncoder.encode(definition, StandardCharsets.UTF_8));
        assertThat(saved.statusCode()).isEqualTo(302);
        String draftUri = location(saved).replaceAll("\\?saved$", "");
        HttpResponse<String> draft = get(draftUri + "?saved");
        assertThat(draft.body())
                .contains(
                        "Draft saved.", "data-status=\"draft\"", "cost first for everything", "id=\"activation-form\"");

        HttpResponse<String> simulation = post(draftUri + "/simulation", "scope=latest&count=20", "HX-Request", "true");
        assertThat(simulation.statusCode()).isEqualTo(200);
        assertThat(simulation.body())
                .doesNotContain("<html")
                .contains("id=\"simulation-comparison\"", "data-measure=\"cost\"", "data-measure=\"unfillableOrders\"");
        assertThat(Integer.parseInt(attribute(simulation.body(), "data-orders")))
                .isPositive();
        HttpResponse<String> badRange = post(draftUri + "/simulation", "scope=range&from=yesterday&to=");
        assertThat(badRange.statusCode()).isEqualTo(400);
        assertThat(badRange.body()).contains("<html", "data-field=\"from\"");

        HttpResponse<String> unconfirmed = post(draftUri + "/activate", "");
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("id=\"activation-unconfirmed\"", "data-status=\"draft\"");

        // Activating the standard definition again keeps the default tenant's decisions as the other tests expect.
        HttpResponse<String> standard = post(
                "/sourcing/profiles/default/draft",
                "from=" + activeVersion + "&definition="
                        + URLEncoder.encode(
                                definition.replace("cost-first\"}]", "balanced\"}]"), StandardCharsets.UTF_8));
        assertThat(location(standard)).isEqualTo(draftUri + "?saved");
        HttpResponse<String> activated = post(draftUri + "/activate", "confirm=yes");
        assertThat(activated.statusCode()).isEqualTo(302);
        assertThat(get(draftUri + "?activated").body())
                .contains("This version is now active", "data-status=\"active\"")
                .doesNotContain("id=\"activation-form\"");
        assertThat(get("/orders/" + orderId + "/sourcing").body()).contains("default v" + activeVersion);
    }

    private static String location(HttpResponse<String> redirect) {
        URI location = URI.create(redirect.headers()
                .firstValue("Location")
                .orElseThrow(
                        () -> new AssertionError("no redirect: " + redirect.statusCode() + " " + redirect.body())));
        return location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
    }

    private static String attribute(String html, String name) {
        Matcher value = Pattern.compile(name + "=\"([^\"]*)\"").matcher(html);
        assertThat(value.find()).as(name + " in " + html).isTrue();
        return value.group(1);
    }

    private static String token(String html) {
        Matcher token = CSRF.matcher(html);
        assertThat(token.find()).as("a form carries a CSRF token").isTrue();
        return token.group(1);
    }

    private HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, String form, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + (form.isEmpty() ? "" : "&") + "_csrf="
                        + URLEncoder.encode(csrf, StandardCharsets.UTF_8)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
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
