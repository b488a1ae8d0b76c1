package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.demand.replenishment.KnownForecasts;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.HeadlessChromium;
import dev.fulcrum.testing.TestTenant;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The planning pages in a real headless Chromium: an admin approves a replenishment proposal with its button, and the
 * analytics page draws its ECharts charts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(KnownForecasts.class)
class PlanningBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void approvesAProposalAndSeesTheAnalyticsCharts() {
        TestTenant tenant = TestTenant.create(context);
        Api api = new Api(port, tenant.apiKey());
        String username = "browser-planner-" + tenant.id();
        assertThat(api.post(
                                "/api/v1/users",
                                Api.json(Map.of("username", username, "password", "planner-password", "role", "admin")))
                        .status())
                .isEqualTo(201);
        assertThat(api.put("/api/v1/locations/WH-B", """
                {"name": "Browser", "type": "warehouse", "latitude": 31.2, "longitude": 121.5, "country": "CN",
                 "leadTimeDays": 14, "reviewPeriodDays": 7}""").status()).isEqualTo(200);
        assertThat(api.put("/api/v1/locations/WH-B/stock", """
                {"asOf": "2026-11-01T00:00:00Z", "positions": [{"sku": "%s", "onHand": 150}]}""".formatted(KnownForecasts.SKU))
                        .status())
                .isEqualTo(200);

        chromium.recordingFailures("approvesAProposalAndSeesTheAnalyticsCharts", () -> {
            browser.manage().deleteAllCookies();
            browser.get(url("/login"));
            browser.findElement(By.id("username")).sendKeys(username);
            browser.findElement(By.id("password")).sendKeys("planner-password");
            browser.findElement(By.id("login-submit")).click();
            new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.urlContains("/orders"));

            browser.findElement(By.id("nav-replenishment")).click();
            new WebDriverWait(browser, PATIENCE)
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=proposal-row]")));
            assertThat(browser.findElement(By.cssSelector("[data-testid=proposal-quantity]"))
                            .getText())
                    .isEqualTo("207");
            browser.findElement(By.cssSelector("[data-testid=approve-proposal]"))
                    .click();
            new WebDriverWait(browser, PATIENCE)
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("proposal-approved")));
            assertThat(browser.findElements(By.cssSelector("[data-testid=proposal-row]")))
                    .isEmpty();

            browser.findElement(By.id("nav-analytics")).click();
            new WebDriverWait(browser, PATIENCE)
                    .until(ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector("[data-chart=bundles][data-drawn=true]")));
            assertThat(browser.findElements(By.cssSelector("[data-chart=hesitation][data-drawn=true]")))
                    .hasSize(1);
            assertThat(browser.findElement(By.id("hesitation-cancelled")).getText())
                    .isEqualTo("0");
        });
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
