package dev.fulcrum.returns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The shipped refund flow: each timing waits for its own event, whatever else happens to the return meanwhile. */
class RefundFlowTests {

    private final RefundFlow flow = RefundFlow.shipped(JsonMapper.builder().build());
    private final Map<String, Object> partly = Map.of("complete", false, "resolution", "refund", "method", "pickup");
    private final Map<String, Object> complete = Map.of("complete", true, "resolution", "refund", "method", "pickup");

    @Test
    void aTrustedCustomersRefundIsDueAtThePickupScanAndNotBefore() {
        assertThat(flow.next("held", "approve", "at_pickup_scan", partly)).isEqualTo("held");
        assertThat(flow.next("held", "pickup_scanned", "at_pickup_scan", partly))
                .isEqualTo("due");
        assertThat(flow.next("due", "refund", "at_pickup_scan", partly)).isEqualTo("refunded");
        assertThat(flow.next("refunded", "receive", "at_pickup_scan", complete)).isEqualTo("refunded");
    }

    @Test
    void anotherCustomersRefundWaitsForEveryUnitToBeInspected() {
        assertThat(flow.next("held", "pickup_scanned", "after_inspection", partly))
                .isEqualTo("held");
        assertThat(flow.next("held", "receive", "after_inspection", partly)).isEqualTo("held");
        assertThat(flow.next("held", "receive", "after_inspection", complete)).isEqualTo("due");
        assertThat(flow.next("held", "refund", "after_inspection", complete))
                .as("a held refund is not paid")
                .isEqualTo("held");
    }

    @Test
    void keepItIsDueAtApprovalAndNothingToRefundStaysNone() {
        assertThat(flow.next("held", "approve", "immediately", partly)).isEqualTo("due");
        assertThat(flow.next("none", "receive", "none", complete)).isEqualTo("none");
    }
}
