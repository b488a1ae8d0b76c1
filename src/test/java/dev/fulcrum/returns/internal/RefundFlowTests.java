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

    @Test
    void aRetentionOfferIsMadeOnlyWhileNothingHasStartedBackAndLapsesAtTheScan() {
        Map<String, Object> waiting =
                Map.of("complete", false, "method", "pickup", "status", "approved", "received", 0L, "scanned", false);
        assertThat(flow.attempt("held", "offer_retention", "after_inspection", waiting))
                .isEqualTo(new RefundFlow.Attempt("retention_offered", null));
        assertThat(flow.attempt("retention_offered", "accept_retention", "after_inspection", waiting)
                        .next())
                .isEqualTo("due");
        assertThat(flow.attempt("retention_offered", "decline_retention", "after_inspection", waiting)
                        .next())
                .isEqualTo("held");
        assertThat(flow.next("retention_offered", "pickup_scanned", "after_inspection", partly))
                .isEqualTo("held");
        assertThat(flow.next("retention_offered", "pickup_scanned", "at_pickup_scan", partly))
                .as("a trusted customer's refund is due at the scan, offer or not")
                .isEqualTo("due");

        Map<String, Object> scanned =
                Map.of("complete", false, "method", "pickup", "status", "approved", "received", 0L, "scanned", true);
        assertThat(flow.attempt("held", "offer_retention", "after_inspection", scanned)
                        .refusal())
                .contains("scanned");
        Map<String, Object> received =
                Map.of("complete", true, "method", "pickup", "status", "refunded", "received", 1L, "scanned", false);
        assertThat(flow.attempt("refunded", "offer_retention", "after_inspection", received)
                        .refusal())
                .contains("received");
        assertThat(flow.attempt("held", "accept_retention", "after_inspection", waiting)
                        .refusal())
                .isEqualTo("the refund is held: accept_retention does not apply");
    }
}
