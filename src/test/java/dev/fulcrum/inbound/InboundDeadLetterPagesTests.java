package dev.fulcrum.inbound;

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
import tools.jackson.databind.JsonNode;

/** The console's inbound dead-letter page over plain HTTP: the reason shown in both languages, and a retry after a fix. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InboundDeadLetterPagesTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String ADMIN_KEY = "fk_bootstrp_testkeytestkeytestkeytestkey";

    @LocalServerPort
    int port;

    private final HttpClient browser =
            HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @Test
    void showsADeadLetterWithItsReasonAndRetriesItAfterTheOrderExists() {
        Api api = new Api(port, ADMIN_KEY);
        String externalId = "W-" + UUID.randomUUID();
        String document = """
                {"specversion": "1.0", "id": "pay-%s", "source": "/payments/test", "type": "inbound.payment-captured",
                 "data": {"channel": "web", "externalId": "%s", "amount": "113.00", "currency": "CNY"}}""".formatted(UUID.randomUUID(), externalId);
        JsonNode result = api.post("/api/v1/inbound-events", document)
                .json()
                .path("results")
                .get(0);
        assertThat(result.path("status").asString()).isEqualTo("dead-lettered");
        String deadLetterId = result.path("deadLetterId").asString();

        logIn();
        String page = get("/inbound-events/dead-letters?lang=en").body();
        assertThat(page)
                .contains("id=\"nav-inbound\"", "data-dead-letter-id=\"" + deadLetterId + "\"")
                .contains("no order of channel web has external id " + externalId);
        assertThat(get("/inbound-events/dead-letters?lang=zh-CN").body()).contains("入站死信", "重试");

        Api.Response placed = api.post(
                "/api/v1/orders",
                OrderMother.unpaidOrderWithTwoLines()
                        .replaceFirst("\"externalId\": \"W-[^\"]+\"", "\"externalId\": \"" + externalId + "\"")
                        .replace("\"USD\"", "\"CNY\""));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String token = csrf(get("/inbound-events/dead-letters?lang=en").body());
        HttpResponse<String> retried =
                post("/inbound-events/dead-letters/" + deadLetterId + "/retry", "document=&_csrf=" + token);
        assertThat(retried.statusCode()).isEqualTo(302);
        String after = get("/inbound-events/dead-letters").body();
        assertThat(after)
                .contains("id=\"inbound-applied\"")
                .doesNotContain("data-dead-letter-id=\"" + deadLetterId + "\"");
        assertThat(get("/inbound-events/dead-letters?status=retried").body())
                .contains("data-dead-letter-id=\"" + deadLetterId + "\"");
        assertThat(api.get("/api/v1/orders/" + placed.json().path("id").asString())
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("paid");
    }

    private static String csrf(String page) {
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as("the page carries a CSRF token").isTrue();
        return URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
    }

    private void logIn() {
        Matcher token = CSRF.matcher(get("/login").body());
        assertThat(token.find()).as("login form carries a CSRF token").isTrue();
        post(
                "/login",
                "username=admin&password=test-admin-password&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET());
    }

    private HttpResponse<String> post(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException failed) {
            throw new IllegalStateException(failed);
        }
    }
}
