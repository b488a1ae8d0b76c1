package dev.fulcrum.inbound.internal;

import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The inbound documents handled, one row per (tenant, source, id): the key that makes each document apply once. The
 * row is written in the transaction that applies the document, so it commits or rolls back with the action; a second
 * delivery running at the same time waits on the key until the first commits and then finds it.
 */
@Repository
public class ProcessedEvents {

    public static final String APPLIED = "applied";
    public static final String DEAD_LETTERED = "dead_lettered";

    private final JdbcClient jdbc;

    ProcessedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the document for this transaction with the given outcome; false when it was handled before (a duplicate).
     */
    public boolean claim(
            String source,
            String id,
            String type,
            @Nullable String subject,
            String outcome,
            String transport,
            Instant now) {
        return jdbc.sql("""
                        insert into inbound_processed
                            (tenant_id, source, event_id, type, subject, outcome, transport, processed_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, source, event_id) do nothing""")
                        .params(tenant(), source, id, type, subject, outcome, transport, Timestamp.from(now))
                        .update()
                > 0;
    }

    /** The outcome recorded for the document, locking its row; empty when it was never handled. */
    public Optional<String> lockOutcome(String source, String id) {
        return jdbc.sql("""
                        select outcome from inbound_processed
                        where tenant_id = ? and source = ? and event_id = ? for update""")
                .params(tenant(), source, id)
                .query((rs, row) -> rs.getString(1))
                .optional();
    }

    /** Records that a retry applied a document that had been dead-lettered. */
    public void applied(String source, String id, String subject, Instant now) {
        jdbc.sql("""
                update inbound_processed set outcome = 'applied', subject = ?, transport = 'retry', processed_at = ?
                where tenant_id = ? and source = ? and event_id = ?""").params(subject, Timestamp.from(now), tenant(), source, id).update();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
