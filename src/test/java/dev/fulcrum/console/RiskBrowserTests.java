package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Acceptance 7 of issue 13 in a real headless Chromium (started as {@link ConsoleBrowserTests} starts it): the sixth
 * order from one device waits for review; the review queue lists it, its case page shows the explanation with the
 * device velocity factor, and approving it releases the order. Without the browser installed the test is skipped,
 * except on CI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RiskBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    private TestInfo test;
    private Api api;

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
        this.api = new Api(port, DefaultTenantStock.BOOTSTRAP_KEY);
        browser.get(url("/login"));
        browser.manage().deleteAllCookies();
    }

    @Test
    void opensTheReviewQueueOpensACaseSeesItsExplanationAndApprovesIt() {
        String device = "D-BROWSER-" + UUID.randomUUID();
        String customer = "C-BROWSER-" + UUID.randomUUID();
        String sixth = null;
        for (int i = 0; i < 6; i++) {
            Api.Response placed =
                    api.post("/api/v1/orders", order("RISK-BROWSER-" + i + "-" + UUID.randomUUID(), customer, device));
            assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
            sixth = placed.json().path("id").asString();
        }
        String orderId = java.util.Objects.requireNonNull(sixth);

        recordingFailures(() -> {
            browser.get(url("/login"));
            logIn();
            browser.findElement(By.id("nav-risk")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("risk-queue")));
            By row = By.cssSelector("[data-testid=risk-case][data-order-id='" + orderId + "']");
            waitFor(ExpectedConditions.visibilityOfElementLocated(row));
            assertThat(browser.findElement(row).getText()).contains("65", "Open");
            browser.findElement(row)
                    .findElement(By.cssSelector("a.risk-case-link"))
                    .click();

            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("risk-explanation")));
            assertThat(browser.findElement(By.id("risk-score")).getText()).isEqualTo("65");
            assertThat(browser.findElement(By.id("risk-decision")).getText()).isEqualTo("Review");
            assertThat(browser.findElement(By.cssSelector("[data-testid=risk-factor][data-factor=device_velocity]"))
                            .getText())
                    .contains("device_velocity", "deviceOrders1h = 6.0", "+60");
            assertThat(browser.findElement(By.id("case-related")).getText()).contains("Same device");
            assertThat(browser.findElement(By.id("case-status")).getText()).isEqualTo("Open");

            browser.findElement(By.id("case-reason")).sendKeys("customer confirmed by phone");
            browser.findElement(By.id("approve-case")).click();
            waitFor(ExpectedConditions.attributeToBe(By.id("outcome"), "data-done", "true"));
            assertThat(browser.findElement(By.id("outcome")).getText()).contains("Case approved");
            assertThat(browser.findElement(By.id("case-status")).getText()).isEqualTo("Approved");
            assertThat(browser.findElement(By.id("case-decided")).getText())
                    .contains("user:admin", "customer confirmed by phone");
            assertThat(browser.findElements(By.id("approve-case"))).isEmpty();
        });

        assertThat(api.get("/api/v1/orders/" + orderId).json().path("holds")).isEmpty();
    }

    private static String order(String externalId, String customer, String device) {
        return """
                {"channel": "web", "externalId": "%s", "currency": "CNY",
                 "customer": {"id": "%s", "name": "Browser Test"},
                 "shippingAddress": {"name": "Browser Test", "line1": "人民路 1 号", "line2": "%s", "city": "上海", "country": "CN"},
                 "lines": [{"sku": "TEA-001", "quantity": 1, "unitPrice": "59.00"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "59.00"},
                 "attributes": {"device": {"id": "%s"}}}
                """.formatted(externalId, customer, customer, device);
    }

    private void logIn() {
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("test-admin-password");
        browser.findElement(By.id("login-submit")).click();
        waitFor(ExpectedConditions.urlContains("/orders"));
    }

    /** Pages swap parts of themselves (htmx, live updates): an element found a moment ago may be gone; look again. */
    private void waitFor(java.util.function.Function<WebDriver, ? extends @Nullable Object> condition) {
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
