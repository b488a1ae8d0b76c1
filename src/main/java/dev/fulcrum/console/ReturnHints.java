package dev.fulcrum.console;

import dev.fulcrum.returns.Return;
import dev.fulcrum.returns.ReturnStatus;

/**
 * Which actions the return page offers for a return as it is now: a hint taken from the returns module's documented
 * statuses, not a rule. The returns module decides on every action; what it refuses comes back as a message.
 */
record ReturnHints(
        boolean any,
        boolean approve,
        boolean reject,
        boolean receive,
        boolean refund,
        boolean close,
        boolean offerRetention,
        boolean answerRetention) {

    static ReturnHints of(Return returned, boolean mayAct) {
        if (!mayAct) {
            return new ReturnHints(false, false, false, false, false, false, false, false);
        }
        ReturnStatus status = returned.status();
        boolean anyReceived = returned.lines().stream().anyMatch(line -> line.received() > 0);
        boolean refunded = returned.refund().status().equals("refunded");
        boolean approve = status == ReturnStatus.REQUESTED;
        boolean reject =
                (status == ReturnStatus.REQUESTED || status == ReturnStatus.APPROVED) && !anyReceived && !refunded;
        boolean receive = status == ReturnStatus.APPROVED && !returned.method().equals("none");
        boolean refund = returned.refund().status().equals("due") && !status.isFinal();
        boolean close = !status.isFinal();
        boolean scanned =
                returned.timeline().stream().anyMatch(entry -> entry.action().equals("pickup_scanned"));
        boolean offerRetention = status == ReturnStatus.APPROVED
                && returned.refund().status().equals("held")
                && !returned.method().equals("none")
                && !anyReceived
                && !scanned;
        boolean answerRetention = returned.refund().status().equals("retention_offered");
        return new ReturnHints(
                approve || reject || receive || refund || close || offerRetention || answerRetention,
                approve,
                reject,
                receive,
                refund,
                close,
                offerRetention,
                answerRetention);
    }
}
