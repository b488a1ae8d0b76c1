package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.HeadlessChromium;
import dev.fulcrum.testing.OrderMother;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Acceptance 7 of issue 12 in a real headless Chromium (started as {@link ConsoleBrowserTests} starts it): a return is
 * started from the order page, waits for review, is approved in the returns queue, and its page shows the timeline; in
 * English and in 简体中文. Without the browser installed the tests are skipped, except on CI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReturnBrowserTests {

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

    /**
     * An item the catalogue marks not returnable: the standard policy sends its return to review, where a person
     * approves it from the queue.
     */
    @Test
    void startsAReturnFromTheOrderPageApprovesItInTheQueueAndSeesItsTimeline() {
        String sku = "GIFT-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.put("/api/v1/items/" + sku, """
                        {"name": "Gift box", "weightGrams": 300, "returnable": false}""").status()).isEqualTo(200);
        String externalId = "RET-BROWSER-" + UUID.randomUUID();
        String orderId = deliveredOrder(OrderMother.paidOrder(externalId).replace("TEA-001", sku));

        recordingFailures(() -> {
            browser.get(url("/login"));
            logIn();
            browser.get(url("/orders/" + orderId));
            startReturn("damaged", "refund", "drop_off");
            waitFor(ExpectedConditions.attributeToBe(By.id("outcome"), "data-done", "true"));
            assertThat(browser.findElement(By.id("outcome")).getText())
                    .contains("Return requested: Waiting for review.");
            // The order's own live refresh reloads the returns card right after: read it once it is there.
            String listedStatus = read(driver -> orderReturn(driver).getAttribute("data-status"));
            assertThat(listedStatus).isEqualTo("requested");
            String listed = read(driver -> orderReturn(driver).getText());
            assertThat(listed).contains("Waiting for review", "not returnable", "Refund");
            String returnId = read(driver -> orderReturn(driver).getAttribute("data-return-id"));

            browser.findElement(By.id("nav-returns")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("return-filters")));
            browser.findElement(By.id("return-filter-order")).sendKeys(externalId, Keys.ENTER);
            waitFor(driver -> driver.findElements(By.cssSelector("[data-testid=return-row]"))
                                    .size()
                            == 1
                    && returnId.equals(driver.findElement(By.cssSelector("[data-testid=return-row]"))
                            .getAttribute("data-return-id")));
            // Enter both changes and submits the filter: the list may be swapped once more, so read it afresh.
            String row = read(driver -> returnRow(driver).getText());
            assertThat(row).contains(externalId, "Waiting for review", "Damaged", "Refund", "56.50 CNY");
            String counts =
                    read(driver -> driver.findElement(By.id("return-counts")).getText());
            assertThat(counts).contains("By status:", "By reason:");

            clickApprove();
            waitFor(ExpectedConditions.attributeToBe(By.id("outcome"), "data-done", "true"));
            assertThat(browser.findElement(By.id("outcome")).getText()).contains("Return approved.");
            waitFor(ExpectedConditions.attributeToBe(
                    By.cssSelector("[data-testid=return-row]"), "data-status", "approved"));

            openReturnFromRow();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("return-timeline")));
            assertThat(timeline()).containsExactly("requested", "approved");
            assertThat(browser.findElement(By.id("return-timeline")).getText())
                    .contains("Requested", "Approved", "approved by review", "user:admin");
            assertThat(browser.findElement(By.cssSelector("[data-testid=return-rule][data-rule=not_returnable]"))
                            .getAttribute("data-matched"))
                    .isEqualTo("true");
            assertThat(browser.findElement(By.id("return-status")).getText()).isEqualTo("Approved");
            assertThat(browser.findElements(By.id("receive-form"))).hasSize(1);
        });
    }

    /** The same in 简体中文, with a "keep it" return (refund without the item coming back), which waits for review. */
    @Test
    void inChineseStartsAKeepItReturnApprovesItInTheQueueAndSeesItsTimeline() {
        String externalId = "RET-ZH-" + UUID.randomUUID();
        String orderId = deliveredOrder(OrderMother.paidOrder(externalId));

        recordingFailures(() -> {
            browser.get(url("/login?lang=zh-CN"));
            logIn();
            browser.get(url("/orders/" + orderId));
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("order-returns")));
            assertThat(browser.findElement(By.id("order-returns")).getText()).contains("退货", "发起退货");
            startReturn("changed_mind", "keep_it", "none");
            waitFor(ExpectedConditions.attributeToBe(By.id("outcome"), "data-done", "true"));
            assertThat(browser.findElement(By.id("outcome")).getText()).contains("已提交退货申请：等待审核。");
            String returnId = read(driver -> orderReturn(driver).getAttribute("data-return-id"));

            browser.findElement(By.id("nav-returns")).click();
            waitFor(ExpectedConditions.textToBe(By.tagName("h1"), "退货"));
            browser.findElement(By.id("return-filter-order")).sendKeys(externalId, Keys.ENTER);
            waitFor(driver -> driver.findElements(By.cssSelector("[data-testid=return-row]"))
                                    .size()
                            == 1
                    && returnId.equals(driver.findElement(By.cssSelector("[data-testid=return-row]"))
                            .getAttribute("data-return-id")));
            String row = read(driver -> returnRow(driver).getText());
            assertThat(row).contains("等待审核", "不想要了", "仅退款");
            String counts =
                    read(driver -> driver.findElement(By.id("return-counts")).getText());
            assertThat(counts).contains("按状态：", "按原因：");
            String approve = read(driver -> returnRow(driver)
                    .findElement(By.cssSelector("[data-testid=approve-return]"))
                    .getText());
            assertThat(approve).isEqualTo("批准");
            clickApprove();
            waitFor(ExpectedConditions.attributeToBe(By.id("outcome"), "data-done", "true"));
            assertThat(browser.findElement(By.id("outcome")).getText()).contains("退货已批准。");

            openReturnFromRow();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("return-timeline")));
            // Keep it is refunded as soon as it is approved: nothing comes back.
            assertThat(timeline()).containsExactly("requested", "approved", "refunded");
            assertThat(browser.findElement(By.id("return-timeline-card")).getText())
                    .contains("时间线", "申请退货", "已批准", "已退款");
            assertThat(browser.findElement(By.id("return-status")).getText()).isEqualTo("已退款");
            assertThat(browser.findElement(By.id("return-refund")).getText()).contains("退款", "立即", "56.50 CNY");
            assertThat(browser.findElement(By.id("return-decision")).getText()).contains("政策如何决定", "keep_it");
        });
    }

    /** Opens the order page's "start a return", asks one unit of line 1 back, and confirms. */
    private void startReturn(String reason, String resolution, String method) {
        waitFor(ExpectedConditions.elementToBeClickable(By.id("start-return-toggle")));
        browser.findElement(By.id("start-return-toggle")).click();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("return-qty-1")));
        browser.findElement(By.id("return-qty-1")).sendKeys("1");
        new Select(browser.findElement(By.id("return-reason-1"))).selectByValue(reason);
        new Select(browser.findElement(By.id("return-resolution"))).selectByValue(resolution);
        new Select(browser.findElement(By.id("return-method"))).selectByValue(method);
        browser.findElement(By.id("action-start-return")).click();
        confirm();
    }

    private static WebElement returnRow(WebDriver driver) {
        return driver.findElement(By.cssSelector("[data-testid=return-row]"));
    }

    /**
     * Approves the return of the queue's only row once the list has settled: a list swapped while the approval is on
     * its way would drop the answer (htmx swaps nothing into an element that is gone).
     */
    private static void clickApprove() {
        read(driver -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.querySelector('.htmx-request') === null"));
        read(driver -> {
            returnRow(driver)
                    .findElement(By.cssSelector("[data-testid=approve-return]"))
                    .click();
            return true;
        });
        confirm();
    }

    private static void openReturnFromRow() {
        read(driver -> {
            returnRow(driver).findElement(By.cssSelector("a.return-link")).click();
            return true;
        });
    }

    private static WebElement orderReturn(WebDriver driver) {
        return driver.findElement(By.cssSelector("[data-testid=order-return]"));
    }

    /** A value read from the page, looked for again while the part holding it is being swapped. */
    private static <T> T read(java.util.function.Function<WebDriver, ? extends @Nullable T> value) {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        // until answers the first value that is neither null nor false, or throws when none comes in time.
        return java.util.Objects.requireNonNull(wait.until(value));
    }

    private List<String> timeline() {
        return browser.findElements(By.cssSelector("[data-testid=return-timeline-entry]")).stream()
                .map(entry -> entry.getAttribute("data-action"))
                .toList();
    }

    private String deliveredOrder(String document) {
        Api.Response placed = api.post("/api/v1/orders", document);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String id = placed.json().path("id").asString();
        assertThat(api.post("/api/v1/orders/" + id + "/ship", "{\"carrier\": \"SF\"}")
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/orders/" + id + "/deliver", null).status()).isEqualTo(200);
        return id;
    }

    private void logIn() {
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("test-admin-password");
        browser.findElement(By.id("login-submit")).click();
        waitFor(ExpectedConditions.urlContains("/orders"));
    }

    private static void confirm() {
        new WebDriverWait(browser, PATIENCE)
                .until(ExpectedConditions.alertIsPresent())
                .accept();
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
