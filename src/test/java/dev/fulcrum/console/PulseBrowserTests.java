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
 * Acceptance 6 of issue 15 in a real headless Chromium (started as {@link ConsoleBrowserTests} starts it): the pulse
 * dashboard draws its charts, its interception figure counts a risk hold placed a moment before (live, without a
 * reload), and following the figure lists the held order. Without the browser installed the test is skipped, except
 * on CI.
 */
// The pulse job runs only in the pulse tests' context (see the test configuration).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "fulcrum.pulse.enabled=true")
class PulseBrowserTests {

    /** The pulse job computes every 5 seconds; the page asks again as often. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

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
    void opensTheDashboardSeesTheChartsAndDrillsFromInterceptionToTheHeldOrders() {
        Api api = new Api(port, DefaultTenantStock.BOOTSTRAP_KEY);
        try (DefaultTenantStock stock = new DefaultTenantStock(port)) {
            String free = stock.placePaidOrder("PULSE-FREE-" + UUID.randomUUID());
            String held = stock.placePaidOrder("PULSE-HELD-" + UUID.randomUUID());
            Api.Response hold = api.post("/api/v1/orders/" + held + "/hold", """
                    {"type": "risk", "reason": "customer on the deny list"}""");
            assertThat(hold.status()).as(hold.toString()).isEqualTo(200);

            recordingFailures(() -> {
                browser.get(url("/login"));
                logIn();
                browser.findElement(By.id("nav-pulse")).click();
                waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("pulse-figures")));
                for (String chart :
                        new String[] {"freshness", "consistency", "interception", "coverage", "exceptions"}) {
                    waitFor(ExpectedConditions.attributeToBe(
                            By.cssSelector("[data-chart=" + chart + "]"), "data-drawn", "true"));
                }
                assertThat(browser.findElements(By.cssSelector("#chart-interception canvas")))
                        .isNotEmpty();
                // The figures refresh themselves until the pulse job has counted the hold.
                waitFor(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#figure-interception a[data-hold-type=risk]")));
                browser.findElement(By.id("drill-interception")).click();

                waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("pulse-order-list")));
                assertThat(browser.findElement(By.id("pulse-orders")).getAttribute("data-figure"))
                        .isEqualTo("held");
                By heldRow = By.cssSelector("[data-testid=pulse-order-row][data-order-id='" + held + "']");
                assertThat(browser.findElements(heldRow)).hasSize(1);
                assertThat(browser.findElement(heldRow).getText()).contains("PULSE-HELD-");
                assertThat(browser.findElements(
                                By.cssSelector("[data-testid=pulse-order-row][data-order-id='" + free + "']")))
                        .as("an order without a hold is not behind the figure")
                        .isEmpty();
                browser.findElement(heldRow)
                        .findElement(By.cssSelector("a.order-link"))
                        .click();
                waitFor(ExpectedConditions.urlContains("/orders/" + held));
            });
            api.post("/api/v1/orders/" + held + "/release", "{}");
        }
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
