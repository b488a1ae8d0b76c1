package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.approvals.ApprovalRequests;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.HeadlessChromium;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The approvals inbox in a real headless Chromium (issue 14): an order waiting for finance approval is listed with its
 * total and requester; its page shows the chain, and the admin, a member of the finance role, approves it with a
 * comment, which releases the order's approval hold. Without the browser installed the test is skipped, except on CI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApprovalBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    ApprovalRequests requests;

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
    void opensTheInboxOpensAnApprovalAndApprovesIt() {
        Api.Response role = api.put("/api/v1/approval-roles/finance", "{\"members\": [\"user:admin\"]}");
        assertThat(role.status()).as(role.toString()).isEqualTo(200);
        Api.Response placed = api.post("/api/v1/orders", order("APPROVAL-BROWSER-" + UUID.randomUUID()));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String orderId = placed.json().path("id").asString();
        UUID approval = RequestContext.runAs(
                        TenantId.DEFAULT,
                        "test",
                        () -> requests.request(new ApprovalRequests.Request(
                                TenantId.DEFAULT,
                                OrderId.parse(orderId).orElseThrow(),
                                List.of(new ApprovalRequests.Step("finance", List.of(), "order.total > 5000.0")),
                                "rule:big-orders@3",
                                "cancel",
                                Duration.ofHours(4))))
                .orElseThrow();

        recordingFailures(() -> {
            browser.get(url("/login"));
            logIn();
            browser.findElement(By.id("nav-approvals")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("approval-inbox")));
            By row = By.cssSelector("[data-testid=approval][data-approval-id='" + approval + "']");
            waitFor(ExpectedConditions.visibilityOfElementLocated(row));
            assertThat(browser.findElement(row).getText())
                    .contains("6,000.00", "rule:big-orders@3", "finance", "Pending");
            browser.findElement(row)
                    .findElement(By.cssSelector("a.approval-link"))
                    .click();

            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("approval-card")));
            assertThat(browser.findElement(By.id("approval-requested-by")).getText())
                    .isEqualTo("rule:big-orders@3");
            assertThat(browser.findElement(By.id("approval-status")).getText()).isEqualTo("Pending");
            assertThat(browser.findElement(By.id("approval-steps")).getText()).contains("order.total > 5000.0");

            browser.findElement(By.id("approval-comment")).sendKeys("budget confirmed");
            browser.findElement(By.id("approve-approval")).click();
            waitFor(ExpectedConditions.attributeToBe(By.id("outcome"), "data-done", "true"));
            assertThat(browser.findElement(By.id("approval-status")).getText()).isEqualTo("Approved");
            assertThat(browser.findElement(By.id("approval-decisions")).getText())
                    .contains("user:admin", "budget confirmed");
            assertThat(browser.findElements(By.id("approve-approval"))).isEmpty();
        });

        assertThat(api.get("/api/v1/orders/" + orderId).json().path("holds").toString())
                .doesNotContain("\"approval\"");
    }

    private static String order(String externalId) {
        return """
                {"channel": "web", "externalId": "%s", "currency": "CNY",
                 "customer": {"id": "C-APPROVAL", "name": "Browser Test"},
                 "shippingAddress": {"name": "Browser Test", "line1": "人民路 1 号", "city": "上海", "country": "CN"},
                 "lines": [{"sku": "TEA-001", "quantity": 2, "unitPrice": "3000.00"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "6000.00"}}
                """.formatted(externalId);
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
