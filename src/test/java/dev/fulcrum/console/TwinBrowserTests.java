package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.HeadlessChromium;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The twin half of acceptance 6 of issue 16 in a real headless Chromium (started as {@link ConsoleBrowserTests} starts
 * it): the twin page defines a scenario closing the warehouse an order is allocated at, runs it, draws the impact
 * chart with ECharts and lists the order at risk; in English and in 简体中文. Without the browser installed the tests
 * are skipped, except on CI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TwinBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    private TestInfo test;

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

    @BeforeEach
    void freshSession(TestInfo test) {
        this.test = test;
        browser.get(url("/login"));
        browser.manage().deleteAllCookies();
    }

    @Test
    void runsAScenarioClosingAWarehouseAndSeesTheImpactChartAndTheOrderAtRisk() {
        try (DefaultTenantStock stock = new DefaultTenantStock(port)) {
            String orderId = stock.placePaidOrder("TWIN-BROWSER-" + UUID.randomUUID());
            recordingFailures(() -> {
                browser.get(url("/login"));
                logIn();
                browser.findElement(By.id("nav-twin")).click();
                waitFor(ExpectedConditions.textToBe(By.tagName("h1"), "Digital twin"));
                runScenario(stock.locationId, "Warehouse closed " + stock.locationId);

                waitFor(ExpectedConditions.attributeToBe(By.id("twin-chart"), "data-drawn", "true"));
                assertThat(browser.findElement(By.id("twin-chart")).findElements(By.tagName("canvas")))
                        .isNotEmpty();
                assertThat(browser.findElement(By.id("twin-affected")).getText())
                        .isEqualTo("1");
                assertThat(browser.findElement(By.id("twin-at-risk")).getText()).isEqualTo("1");
                var row = browser.findElement(
                        By.cssSelector("[data-testid=twin-order][data-order-id='" + orderId + "']"));
                assertThat(row.getAttribute("data-at-risk")).isEqualTo("true");
                assertThat(row.getText()).contains(stock.locationId, "%");
                assertThat(browser.findElement(By.id("twin-notices")).getText())
                        .contains("later than we promised", "无法按承诺时间送达");
                assertThat(browser.findElement(By.id("twin-recent")).getText())
                        .contains("Warehouse closed " + stock.locationId);
            });
        }
    }

    @Test
    void inChineseRunsAScenarioAndSeesTheChart() {
        try (DefaultTenantStock stock = new DefaultTenantStock(port)) {
            stock.placePaidOrder("TWIN-ZH-" + UUID.randomUUID());
            recordingFailures(() -> {
                browser.get(url("/login?lang=zh-CN"));
                logIn();
                browser.get(url("/twin"));
                waitFor(ExpectedConditions.textToBe(By.tagName("h1"), "数字孪生"));
                runScenario(stock.locationId, "仓点关闭 " + stock.locationId);

                waitFor(ExpectedConditions.attributeToBe(By.id("twin-chart"), "data-drawn", "true"));
                assertThat(browser.findElement(By.id("twin-totals")).getText()).contains("受影响订单", "有风险");
                assertThat(browser.findElement(By.id("twin-orders")).getText()).contains("延误概率", stock.locationId);
            });
        }
    }

    /** Closes the location from today for three days (the form's default dates) and simulates. */
    private static void runScenario(String locationId, String name) {
        browser.findElement(By.id("twin-name")).sendKeys(name);
        new Select(browser.findElement(By.id("twin-type"))).selectByValue("location-closed");
        new Select(browser.findElement(By.id("twin-location"))).selectByValue(locationId);
        browser.findElement(By.id("twin-runs")).clear();
        browser.findElement(By.id("twin-runs")).sendKeys("200");
        browser.findElement(By.id("twin-run")).click();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("twin-scenario")));
    }

    private void logIn() {
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("test-admin-password");
        browser.findElement(By.id("login-submit")).click();
        waitFor(ExpectedConditions.urlContains("/orders"));
    }

    private static void waitFor(java.util.function.Function<WebDriver, ? extends @Nullable Object> condition) {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        wait.until(condition);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void recordingFailures(Runnable steps) {
        chromium.recordingFailures(
                test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test"), steps);
    }
}
