package dev.fulcrum.inbound.internal;

import dev.fulcrum.inbound.DeadLetter;
import dev.fulcrum.inbound.Delivery;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The dead letters of inbound documents, of the current tenant. */
@Repository
public class DeadLetterStore {

    private static final TypeReference<List<FieldProblem>> PROBLEMS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DeadLetterStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What a new dead letter records. */
    public record NewDeadLetter(
            @Nullable String source,
            @Nullable String eventId,
            @Nullable String type,
            @Nullable String subject,
            Delivery delivery,
            String document,
            String reason,
            List<FieldProblem> problems) {}

    public UUID insert(NewDeadLetter letter, Instant now) {
        UUID id = Ids.timeOrdered();
        Delivery delivery = letter.delivery();
        jdbc.sql("""
                insert into inbound_dead_letters (tenant_id, id, source, event_id, type, subject, transport, topic,
                    kafka_partition, kafka_offset, kafka_key, document, reason, problems, status, attempts, received_at,
                    last_attempt_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'open', 1, ?, ?)""")
                .params(
                        tenant(),
                        id,
                        letter.source(),
                        letter.eventId(),
                        letter.type(),
                        letter.subject(),
                        delivery.transport(),
                        delivery.topic(),
                        delivery.partition(),
                        delivery.offset(),
                        delivery.key(),
                        letter.document(),
                        letter.reason(),
                        json.writeValueAsString(letter.problems()),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update();
        return id;
    }

    /** A page of dead letters of one status, newest first, before the dead letter {@code before} when given. */
    public List<DeadLetter> list(String status, @Nullable UUID before, int limit) {
        StringBuilder sql = new StringBuilder("select * from inbound_dead_letters where tenant_id = ? and status = ?");
        List<Object> params = new ArrayList<>(List.of(tenant(), status));
        if (before != null) {
            sql.append(" and id < ?");
            params.add(before);
        }
        sql.append(" order by id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> deadLetter(rs))
                .list();
    }

    public long countOpen() {
        return jdbc.sql("select count(*) from inbound_dead_letters where tenant_id = ? and status = 'open'")
                .param(tenant())
                .query(Long.class)
                .single();
    }

    public Optional<DeadLetter> find(UUID id) {
        return jdbc.sql("select * from inbound_dead_letters where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query((rs, row) -> deadLetter(rs))
                .optional();
    }

    public Optional<DeadLetter> lock(UUID id) {
        return jdbc.sql("select * from inbound_dead_letters where tenant_id = ? and id = ? for update")
                .params(tenant(), id)
                .query((rs, row) -> deadLetter(rs))
                .optional();
    }

    /** Marks the dead letter retried (applied) or discarded, keeping the document that was applied. */
    public void resolve(UUID id, String status, String document, @Nullable String reason, String by, Instant now) {
        jdbc.sql("""
                update inbound_dead_letters set status = ?, document = ?, resolved_at = ?, resolved_by = ?,
                    resolution_reason = ?, last_attempt_at = ?
                where tenant_id = ? and id = ?""")
                .params(status, document, Timestamp.from(now), by, reason, Timestamp.from(now), tenant(), id)
                .update();
    }

    /** A retry that failed again: the new reason, one more attempt; the stored document stays as it was. */
    public void failedAgain(UUID id, String reason, List<FieldProblem> problems, Instant now) {
        jdbc.sql("""
                update inbound_dead_letters set reason = ?, problems = ?::jsonb, attempts = attempts + 1,
                    last_attempt_at = ?
                where tenant_id = ? and id = ?""")
                .params(reason, json.writeValueAsString(problems), Timestamp.from(now), tenant(), id)
                .update();
    }

    private DeadLetter deadLetter(ResultSet rs) throws SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        int partition = rs.getInt("kafka_partition");
        Integer partitionOrNull = rs.wasNull() ? null : partition;
        long offset = rs.getLong("kafka_offset");
        Long offsetOrNull = rs.wasNull() ? null : offset;
        return new DeadLetter(
                rs.getObject("id", UUID.class),
                rs.getString("source"),
                rs.getString("event_id"),
                rs.getString("type"),
                rs.getString("subject"),
                rs.getString("transport"),
                rs.getString("topic"),
                partitionOrNull,
                offsetOrNull,
                rs.getString("kafka_key"),
                rs.getString("document"),
                rs.getString("reason"),
                json.readValue(rs.getString("problems"), PROBLEMS),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getTimestamp("received_at").toInstant(),
                rs.getTimestamp("last_attempt_at").toInstant(),
                resolved == null ? null : resolved.toInstant(),
                rs.getString("resolved_by"),
                rs.getString("resolution_reason"));
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
