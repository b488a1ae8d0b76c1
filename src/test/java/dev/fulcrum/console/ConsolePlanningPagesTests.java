package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.demand.replenishment.KnownForecasts;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The planning pages over plain HTTP, in a tenant of their own: replenishment proposals with an approve button that
 * turns a proposal into inbound stock, and analytics with its charts, in English and 简体中文.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(KnownForecasts.class)
class ConsolePlanningPagesTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    TestTenant tenant;
    Api api;
    ConsoleSession console;

    @BeforeEach
    void tenantWithAnAdmin() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        String username = "planner-" + tenant.id();
        assertThat(api.post(
                                "/api/v1/users",
                                Api.json(Map.of("username", username, "password", "planner-password", "role", "admin")))
                        .status())
                .isEqualTo(201);
        console = new ConsoleSession(port).logIn(username, "planner-password");
    }

    @Test
    void anAdminApprovesAProposalAndItsUnitsBecomeInboundStock() {
        assertThat(api.put("/api/v1/locations/WH-PLAN", """
                {"name": "Planned", "type": "warehouse", "latitude": 31.2, "longitude": 121.5, "country": "CN",
                 "leadTimeDays": 14, "reviewPeriodDays": 7}""").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/locations/WH-PLAN/stock", """
                {"asOf": "2026-11-01T00:00:00Z", "positions": [{"sku": "%s", "onHand": 150}]}""".formatted(KnownForecasts.SKU))
                        .status())
                .isEqualTo(200);

        String page = console.get("/replenishment").body();
        Matcher row = Pattern.compile("data-proposal-id=\"([0-9a-f-]+)\" data-sku=\"" + KnownForecasts.SKU + "\"")
                .matcher(page);
        assertThat(row.find()).as(page).isTrue();
        // 300 + 56.98 - 150
        assertThat(page).contains("data-testid=\"proposal-quantity\">207<", "data-testid=\"approve-proposal\"");

        HttpResponse<String> approved =
                console.submit("/replenishment", "/replenishment/" + row.group(1) + "/approve", "");
        assertThat(approved.statusCode()).isEqualTo(302);
        String after = console.get("/replenishment?approved=" + row.group(1)).body();
        assertThat(after).contains("id=\"proposal-approved\"", "id=\"proposals-empty\"");
        assertThat(api.get("/api/v1/inbound?sku=" + KnownForecasts.SKU)
                        .json()
                        .path("items")
                        .get(0)
                        .path("quantity")
                        .asInt())
                .isEqualTo(207);

        assertThat(console.get("/replenishment?lang=zh-CN").body()).contains("补货上限", "在途");
    }

    @Test
    void theAnalyticsPageDrawsItsChartsWithEcharts() {
        String page = console.get("/analytics?days=30").body();
        assertThat(page)
                .contains(
                        "id=\"chart-bundles\"",
                        "id=\"chart-hesitation\"",
                        "id=\"chart-skus\"",
                        "id=\"analytics-data\"",
                        "id=\"hesitation-figures\"",
                        "/js/analytics-charts.js");
        assertThat(page)
                .containsPattern("<script src=\"/_static/echarts/[^\"]+/dist/echarts.min.js\" id=\"echarts-script\"");
        assertThat(console.get("/analytics?lang=zh-CN").body()).contains("犹豫的买家", "组合购买");
    }
}
