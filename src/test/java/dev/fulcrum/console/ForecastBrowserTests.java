package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.demand.SeasonalNaiveForecaster;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The forecast page of issue 16 (acceptance 6, the forecast chart) in a real headless Chromium: demand history is
 * imported over the API, a run is started from the page, and once it is done the chart draws the history, the forecast
 * and its interval; in English and in 简体中文. Without the browser installed the test is skipped, except on CI.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"fulcrum.demand.job-task=forecast-partition-tests", "fulcrum.demand.job-polling=PT0.5S"})
@Import(SeasonalNaiveForecaster.Config.class)
class ForecastBrowserTests {

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
    void startsARunFromTheForecastPageAndChartsHistoryForecastAndInterval() throws Exception {
        importHistory();
        chromium.recordingFailures(test.getDisplayName(), () -> {
            browser.get(url("/login"));
            logIn();
            browser.findElement(By.id("nav-forecasts")).click();
            waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("forecast-start")));
            new Select(browser.findElement(By.id("forecast-level"))).selectByValue("location");
            browser.findElement(By.id("forecast-horizon")).clear();
            browser.findElement(By.id("forecast-horizon")).sendKeys("8");
            browser.findElement(By.id("forecast-submit")).click();
            waitFor(ExpectedConditions.urlContains("run="));
            // The run works in the background: look again until it is done.
            new WebDriverWait(browser, PATIENCE).until(driver -> {
                driver.navigate().refresh();
                return "done"
                        .equals(driver.findElement(By.cssSelector("[data-testid=forecast-run]"))
                                .getAttribute("data-status"));
            });
            waitFor(ExpectedConditions.attributeToBe(By.id("forecast-chart"), "data-drawn", "true"));
            assertThat(browser.findElement(By.id("forecast-chart")).getAttribute("data-forecast-weeks"))
                    .isEqualTo("8");
            assertThat(browser.findElements(By.cssSelector("#forecast-chart canvas")))
                    .isNotEmpty();
            assertThat(browser.findElement(By.id("chart-series")).getText()).contains("CHART-1");
            assertThat(browser.findElement(By.id("forecast-runs")).getText())
                    .contains("Location", "Done", "WAPE seasonal naive");
            assertThat(browser.findElements(By.cssSelector("[data-testid=forecast-series]")))
                    .hasSizeGreaterThanOrEqualTo(2);
            screenshot("forecasts-en");

            browser.get(url("/forecasts?lang=zh-CN"));
            waitFor(ExpectedConditions.textToBe(By.tagName("h1"), "需求预测"));
            waitFor(ExpectedConditions.attributeToBe(By.id("forecast-chart"), "data-drawn", "true"));
            assertThat(browser.findElement(By.id("forecast-runs")).getText()).contains("地点", "已完成", "季节性朴素法 WAPE");
            screenshot("forecasts-zh");
            browser.get(url("/forecasts?lang=en"));
        });
    }

    /** Two locations with a yearly pattern, 104 weeks up to the last complete week, through the history API. */
    private void importHistory() throws IOException, InterruptedException {
        LocalDate last = LocalDate.now(java.time.ZoneOffset.UTC).minusWeeks(1).with(java.time.DayOfWeek.MONDAY);
        StringBuilder csv = new StringBuilder("week,location,sku,quantity\n");
        for (int i = 0; i < 104; i++) {
            LocalDate week = last.minusWeeks(103 - i);
            double quantity = Math.round(100 * (1 + 0.3 * Math.sin(2 * Math.PI * (i % 52) / 52.0)));
            csv.append(week).append(",CHART-1,TEA,").append(quantity).append('\n');
            csv.append(week).append(",CHART-2,TEA,").append(quantity * 2).append('\n');
        }
        HttpResponse<String> started = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/api/v1/demand/history")))
                                .header("Authorization", "Bearer " + DefaultTenantStock.BOOTSTRAP_KEY)
                                .header("Content-Type", "text/csv")
                                .POST(HttpRequest.BodyPublishers.ofString(csv.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        Api api = new Api(port, DefaultTenantStock.BOOTSTRAP_KEY);
        String id = new Api.Response(202, started.body(), "").json().path("id").asString();
        Awaitility.await()
                .atMost(PATIENCE)
                .until(
                        () -> api.get("/api/v1/demand/history/imports/" + id)
                                .json()
                                .path("status")
                                .asString(),
                        "completed"::equals);
    }

    private void logIn() {
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("test-admin-password");
        browser.findElement(By.id("login-submit")).click();
        waitFor(ExpectedConditions.urlContains("/orders"));
    }

    /** Keeps a picture of the page in target/browser-screenshots, for people to look at. */
    private static void screenshot(String name) {
        try {
            Path folder = Files.createDirectories(Path.of("target/browser-screenshots"));
            Files.write(folder.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException notWritten) {
            throw new java.io.UncheckedIOException(notWritten);
        }
    }

    private void waitFor(java.util.function.Function<WebDriver, ? extends @Nullable Object> condition) {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        wait.until(condition);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
