package dev.fulcrum.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.HeadlessChromium;
import dev.fulcrum.testing.OrderMother;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The inbound dead-letter page in a real headless Chromium: a shipment for an order not yet placed shows with its
 * reason; once the order exists, Retry applies it. Skipped without the browser, except on CI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InboundDeadLetterBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String ADMIN_KEY = "fk_bootstrp_testkeytestkeytestkeytestkey";

    private static @Nullable HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        HeadlessChromium started = chromium;
        if (started != null) {
            started.close();
        }
    }

    @Test
    void showsTheReasonAndRetriesTheShipmentOnceTheOrderExists() {
        HeadlessChromium started = java.util.Objects.requireNonNull(chromium);
        WebDriver browser = started.driver();
        Api api = new Api(port, ADMIN_KEY);
        String externalId = "W-" + UUID.randomUUID();
        String deadLetterId = api.post("/api/v1/inbound-events", """
                        {"specversion": "1.0", "id": "wh-%s", "source": "/warehouses/browser",
                         "type": "inbound.shipment-confirmed",
                         "data": {"channel": "web", "externalId": "%s", "lines": [{"sku": "TEA-001", "quantity": 2}],
                                  "carrier": "SF", "trackingNumber": "SF-BROWSER"}}""".formatted(UUID.randomUUID(), externalId))
                .json()
                .path("results")
                .get(0)
                .path("deadLetterId")
                .asString();

        started.recordingFailures("inbound-dead-letters", () -> {
            browser.get(url("/login"));
            browser.manage().deleteAllCookies();
            browser.get(url("/login?lang=en"));
            browser.findElement(By.id("username")).sendKeys("admin");
            browser.findElement(By.id("password")).sendKeys("test-admin-password");
            browser.findElement(By.id("login-submit")).click();
            waitFor(browser, ExpectedConditions.urlContains("/orders"));
            browser.findElement(By.id("nav-inbound")).click();
            By entry = By.cssSelector("[data-testid=inbound-dead-letter][data-dead-letter-id='" + deadLetterId + "']");
            waitFor(browser, ExpectedConditions.visibilityOfElementLocated(entry));
            assertThat(browser.findElement(entry)
                            .findElement(By.cssSelector("[data-testid=inbound-reason]"))
                            .getText())
                    .contains("no order of channel web has external id " + externalId);

            Api.Response placed = api.post("/api/v1/orders", OrderMother.paidOrder(externalId));
            assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
            WebElement retry = browser.findElement(entry).findElement(By.cssSelector("button.retry"));
            retry.click();
            waitFor(browser, ExpectedConditions.visibilityOfElementLocated(By.id("inbound-applied")));
            assertThat(browser.findElements(entry)).isEmpty();
            String orderId = placed.json().path("id").asString();
            assertThat(api.get("/api/v1/orders/" + orderId)
                            .json()
                            .path("status")
                            .asString())
                    .isEqualTo("shipped");
        });
    }

    private static void waitFor(
            WebDriver browser, java.util.function.Function<WebDriver, ? extends @Nullable Object> condition) {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        wait.until(condition);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
