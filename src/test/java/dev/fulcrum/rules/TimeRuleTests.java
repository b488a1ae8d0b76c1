package dev.fulcrum.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestClock;
import dev.fulcrum.testing.TestTenant;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A time rule (acceptance 2): "not shipped 48 hours after payment → tag late and e-mail" fires exactly once for the
 * late order and not for the one shipped in time, on the test clock, with the e-mail arriving at a local SMTP server
 * (GreenMail on the port the test configuration gives {@code spring.mail.port}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TimeRuleTests {

    @RegisterExtension
    static final GreenMailExtension mail =
            new GreenMailExtension(new ServerSetup(39025, null, ServerSetup.PROTOCOL_SMTP));

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
    }

    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    @Test
    void aLateOrderIsTaggedAndNotifiedExactlyOnce() throws Exception {
        RuleOrders.activate(api, "late", """
                {"description": "not shipped 48 hours after payment",
                 "trigger": {"after": {"event": "order.paid", "duration": "PT48H", "unless": ["order.shipped"]}},
                 "actions": [{"type": "add-tag", "tag": "late"},
                             {"type": "notify", "channel": "email", "to": "ops@example.com",
                              "subject": "Late order", "message": "Not shipped 48 hours after payment."}]}""");
        String late = RuleOrders.place(api, "120.00", false);
        String onTime = RuleOrders.place(api, "130.00", false);
        RuleOrders.pay(api, late);
        RuleOrders.pay(api, onTime);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> timers("pending") == 2);
        assertThat(api.post("/api/v1/orders/" + onTime + "/ship", null).status())
                .isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> timers("cancelled") == 1);

        TestClock.advance(Duration.ofHours(47));
        Awaitility.await()
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> timers("pending") == 1);
        TestClock.advance(Duration.ofHours(2));

        JsonNode runs = RuleOrders.awaitRuns(api, "late", "?status=succeeded", items -> items.size() == 1);
        assertThat(runs.get(0).path("orderId").asString()).isEqualTo(late);
        assertThat(RuleOrders.tags(api, late)).contains("late");
        assertThat(RuleOrders.tags(api, onTime)).doesNotContain("late");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mail.getReceivedMessages().length == 1);
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("Late order");
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");

        TestClock.advance(Duration.ofDays(2));
        Awaitility.await()
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> {
                    assertThat(api.get("/api/v1/rules/late/runs").json().path("items"))
                            .hasSize(1);
                    assertThat(mail.getReceivedMessages()).hasSize(1);
                });
    }

    private int timers(String status) {
        Integer count = tenant.call(() -> transactions.execute(
                tx -> jdbc.sql("select count(*) from rule_timers where rule_name = 'late' and status = ?")
                        .param(status)
                        .query(Integer.class)
                        .single()));
        return count == null ? 0 : count;
    }
}
