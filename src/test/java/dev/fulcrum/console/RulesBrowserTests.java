package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.rollout.internal.GuardJob;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.HeadlessChromium;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Acceptance 6 of issue 14 in a real headless Chromium (started as {@link ConsoleBrowserTests} starts it): a rule
 * written in the console with a CEL error shows the error inline at its line and column; fixed, it saves as a draft,
 * tried on a paid order over 5,000 it would hold it, a dry-run over the last week lists that order, and it is
 * activated; a second version starts as a canary at 30 % from the rule page (a share of 0 refused there), shows its
 * share and its guard chart, and is rolled back with the button, leaving version 1 active. Also the flow page: the order's flow links to its diagram, which ECharts draws. Without the browser
 * installed the test is skipped, except on CI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RulesBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    GuardJob guards;

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
    void writesARuleWithACelErrorFixesItTriesItDryRunsItAndActivatesIt() {
        Api.Response placed = api.post("/api/v1/orders", bigPaidOrder("RULE-BROWSER-" + UUID.randomUUID()));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String orderId = placed.json().path("id").asString();
        String rule = "ui-big-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

        recordingFailures(() -> {
            browser.get(url("/login"));
            logIn();
            browser.findElement(By.id("nav-rules")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("new-rule-name")));
            browser.findElement(By.id("new-rule-name")).sendKeys(rule);
            browser.findElement(By.id("new-rule")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("rule-form")));
            assertThat(browser.findElement(By.id("rule-name")).getText()).isEqualTo(rule);

            browser.findElement(By.id("rule-description")).sendKeys("orders over 5,000 are checked");
            WebElement event = browser.findElement(By.id("rule-event"));
            event.clear();
            event.sendKeys("order.placed");
            WebElement when = browser.findElement(By.id("rule-when"));
            when.clear();
            when.sendKeys("order.total >");
            By whenProblem = By.cssSelector("[data-testid=rule-problem][data-field=when]");
            waitFor(ExpectedConditions.visibilityOfElementLocated(whenProblem));
            WebElement problem = browser.findElement(whenProblem);
            assertThat(problem.getAttribute("data-line")).isEqualTo("1");
            assertThat(problem.getAttribute("data-column")).isNotBlank();
            assertThat(problem.getText()).contains("line 1, column", "order.total >", "^");

            // Completion: typing "order.tot" offers order.total; Tab takes it.
            when.clear();
            when.sendKeys("order.tot");
            waitFor(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#rule-completions li[data-path='order.total']")));
            when.sendKeys(org.openqa.selenium.Keys.TAB);
            when.sendKeys(" > 5000.0");
            assertThat(when.getAttribute("value")).isEqualTo("order.total > 5000.0");
            waitFor(ExpectedConditions.attributeToBe(By.id("rule-validation"), "data-valid", "true"));
            assertThat(browser.findElement(By.id("rule-valid")).getText()).contains("valid");

            browser.findElement(By.id("rule-save")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("rule-done")));
            assertThat(browser.getCurrentUrl()).contains("/rules/" + rule, "version=1");
            assertThat(browser.findElement(By.cssSelector("[data-testid=rule-version][data-version='1']"))
                            .getAttribute("data-status"))
                    .isEqualTo("draft");

            browser.findElement(By.id("rule-try-order")).sendKeys(orderId);
            browser.findElement(By.id("rule-try-submit")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("rule-try-matched")));
            assertThat(browser.findElement(By.cssSelector("[data-testid=rule-try-action]"))
                            .getAttribute("data-type"))
                    .isEqualTo("hold");

            browser.findElement(By.id("rule-dry-run-submit")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("rule-dry-run-summary")));
            assertThat(browser.findElements(
                            By.cssSelector("[data-testid=rule-dry-run-order][data-order-id='" + orderId + "']")))
                    .hasSize(1);
            assertThat(Integer.parseInt(
                            browser.findElement(By.id("rule-dry-run-result")).getAttribute("data-touched")))
                    .isPositive();

            browser.findElement(By.id("rule-activate-submit")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("rule-done")));
            assertThat(browser.findElement(By.id("rule-status")).getText()).isEqualTo("active");

            // Version 2 goes out as a canary: a share of 0 is refused at the form, 30 % with a guard starts it.
            browser.findElement(By.id("rule-description")).sendKeys(" (v2)");
            browser.findElement(By.id("rule-save")).click();
            waitFor(ExpectedConditions.urlContains("version=2"));
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("rule-canary-form")));
            typeInto("rule-canary-percent", "0");
            browser.findElement(By.id("rule-canary-submit")).click();
            By percentProblem = By.cssSelector("#rule-rollout [data-testid=outcome] [data-field=percent]");
            waitFor(ExpectedConditions.visibilityOfElementLocated(percentProblem));
            assertThat(browser.findElement(percentProblem).getText()).contains("between 1 and 99");
            assertThat(browser.findElement(By.id("rule-rollout")).getAttribute("data-running"))
                    .isEqualTo("false");

            typeInto("rule-canary-percent", "30");
            new Select(browser.findElement(By.id("rule-canary-metric"))).selectByValue("hold-rate");
            typeInto("rule-canary-max", "0.5");
            typeInto("rule-canary-window", "PT15M");
            browser.findElement(By.id("rule-canary-submit")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("rule-canary")));
            assertThat(browser.getCurrentUrl()).contains("done=canaryStarted");
            WebElement canary = browser.findElement(By.id("rule-canary"));
            assertThat(canary.getAttribute("data-version")).isEqualTo("2");
            assertThat(canary.getAttribute("data-percent")).isEqualTo("30");
            assertThat(browser.findElement(By.id("rule-canary-share")).getText())
                    .contains("v2", "30 %");
            assertThat(browser.findElement(By.id("rule-canary-guard")).getText())
                    .contains("hold-rate");
            waitFor(ExpectedConditions.attributeToBe(By.id("rule-guard-chart"), "data-drawn", "true"));

            // The guard's first evaluation is a point of the chart, canary against the rest.
            guards.evaluateDue();
            waitFor(driver -> {
                driver.navigate().refresh();
                String points = driver.findElement(By.id("rule-guard-chart")).getAttribute("data-points");
                return points != null && Integer.parseInt(points) >= 1;
            });
            assertThat(browser.findElements(By.cssSelector("#rule-guard-chart svg text")).stream()
                            .map(WebElement::getText))
                    .contains("Canary v2 (30 %)", "Rest");

            // Rolled back with the button: new orders see the active version 1 again.
            browser.findElement(By.id("rule-rollback-submit")).click();
            waitFor(ExpectedConditions.urlContains("done=rolledBack"));
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("rule-no-canary")));
            assertThat(browser.getCurrentUrl()).contains("version=1");
            assertThat(browser.findElement(By.id("rule-shown-version")).getText())
                    .contains("Version 1");
            assertThat(browser.findElement(By.id("rule-status")).getText()).isEqualTo("active");
            assertThat(browser.findElement(By.cssSelector("[data-testid=rule-version][data-version='1']"))
                            .getAttribute("data-status"))
                    .isEqualTo("active");
            assertThat(browser.findElements(By.id("rule-canary"))).isEmpty();
            assertThat(browser.findElement(By.cssSelector("[data-testid=rule-rollout][data-version='2']"))
                            .getAttribute("data-outcome"))
                    .isEqualTo("rolled-back-by-hand");
            browser.findElement(By.id("back-to-rules")).click();
            By row = By.cssSelector("[data-testid=rule-row][data-name='" + rule + "']");
            waitFor(ExpectedConditions.visibilityOfElementLocated(row));
            assertThat(browser.findElement(row).getAttribute("data-status")).isEqualTo("active");

            // The order's flow links to its diagram, which ECharts draws.
            browser.get(url("/orders/" + orderId));
            waitFor(ExpectedConditions.elementToBeClickable(By.id("order-flow-link")));
            browser.findElement(By.id("order-flow-link")).click();
            waitFor(ExpectedConditions.attributeToBe(By.id("flow-diagram"), "data-drawn", "true"));
            assertThat(browser.findElement(By.id("flow-diagram")).getAttribute("data-nodes"))
                    .isEqualTo(String.valueOf(browser.findElements(By.cssSelector("[data-testid=flow-state]"))
                            .size()));
            assertThat(browser.findElements(By.cssSelector("#flow-diagram svg text")).stream()
                            .map(WebElement::getText))
                    .contains("pay", "Paid");
        });
    }

    private static String bigPaidOrder(String externalId) {
        return """
                {"channel": "web", "externalId": "%s", "currency": "CNY",
                 "customer": {"id": "C-RULES-BROWSER", "name": "Browser Test"},
                 "shippingAddress": {"name": "Browser Test", "line1": "人民路 1 号", "city": "上海", "country": "CN"},
                 "lines": [{"sku": "TEA-001", "quantity": 100, "unitPrice": "59.00"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "5900.00"}}
                """.formatted(externalId);
    }

    private void typeInto(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private void logIn() {
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("test-admin-password");
        browser.findElement(By.id("login-submit")).click();
        waitFor(ExpectedConditions.urlContains("/orders"));
    }

    /** Pages swap parts of themselves (htmx): an element found a moment ago may be gone; look again. */
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
