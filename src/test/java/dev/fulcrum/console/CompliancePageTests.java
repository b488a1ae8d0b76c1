package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The compliance page shows the policy in force, its versions and the data residency, in English and 简体中文. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CompliancePageTests {

    @LocalServerPort
    int port;

    @Test
    void showsTheShippedPolicyWithItsLimitsInBothLanguages() {
        ConsoleSession console = new ConsoleSession(port).logIn("admin", "test-admin-password");

        String english = console.get("/compliance").body();
        assertThat(english)
                .contains("id=\"nav-compliance\"", "Active policy: version 0", "data-testid=\"compliance-limit\"")
                .contains("5000.00", "26000.00", "CNY", "the countries of the active locations");

        String chinese = console.get("/compliance?lang=zh-CN").body();
        assertThat(chinese).contains("生效策略：版本 0", "跨境限额", "每人每年");
    }
}
