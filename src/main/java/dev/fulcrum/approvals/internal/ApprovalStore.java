package dev.fulcrum.approvals.internal;

import dev.fulcrum.approvals.Approval;
import dev.fulcrum.shared.ListQueries;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The approvals, their decisions and the members of approval roles, in explicit SQL, always of the current tenant. */
@Repository
public class ApprovalStore {

    private static final TypeReference<List<Approval.Step>> STEPS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ApprovalStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A filter of the inbox: status ({@code open} means pending or escalated), a role and a principal. */
    public record Filter(
            @Nullable String status,
            @Nullable String role,
            @Nullable String principal,
            ListQueries.@Nullable Cursor after,
            int limit) {}

    public void insert(Approval approval, Duration stepTimeout, boolean holdsOrder) {
        Approval.Step current = approval.current();
        jdbc.sql("""
                insert into approvals (tenant_id, id, order_id, requested_by, on_reject, step_timeout_s, steps,
                    current_step, step_role, step_users, status, holds_order, order_total, currency,
                    requested_at, step_due_at)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(
                        tenant(),
                        approval.id(),
                        approval.orderId().value(),
                        approval.requestedBy(),
                        approval.onReject(),
                        stepTimeout.toSeconds(),
                        json.writeValueAsString(approval.steps()),
                        approval.currentStep(),
                        current.role(),
                        current.users().toArray(String[]::new),
                        approval.status(),
                        holdsOrder,
                        approval.orderTotal().amount(),
                        approval.orderTotal().currency().getCurrencyCode(),
                        Timestamp.from(approval.requestedAt()),
                        Timestamp.from(approval.stepDueAt()))
                .update();
    }

    public Optional<Approval> find(UUID id) {
        return jdbc.sql("select * from approvals where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query(this::approval)
                .optional()
                .map(this::withDecisions);
    }

    /** The approval, locked until the transaction ends. */
    public Optional<Approval> lock(UUID id) {
        return jdbc.sql("select * from approvals where tenant_id = ? and id = ? for update")
                .params(tenant(), id)
                .query(this::approval)
                .optional()
                .map(this::withDecisions);
    }

    /** The open approval the requester has on the order, if any. */
    public Optional<UUID> openOf(OrderId order, String requestedBy) {
        return jdbc.sql("""
                select id from approvals where tenant_id = ? and order_id = ? and requested_by = ?
                  and status in ('pending', 'escalated')
                """)
                .params(tenant(), order.value(), requestedBy)
                .query(UUID.class)
                .optional();
    }

    /** How many approvals other than {@code except} are still open on the order. */
    public int othersOpen(OrderId order, UUID except) {
        return jdbc.sql("""
                select count(*) from approvals where tenant_id = ? and order_id = ? and id <> ?
                  and status in ('pending', 'escalated')
                """)
                .params(tenant(), order.value(), except)
                .query(Integer.class)
                .single();
    }

    /** Whether the approval placed the order's {@code approval} hold (or shares it with another approval). */
    public boolean holdsOrder(UUID id) {
        return jdbc.sql("select holds_order from approvals where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query(Boolean.class)
                .single();
    }

    /** Approvals of the order, newest first. */
    public List<Approval> ofOrder(OrderId order) {
        return jdbc
                .sql("select * from approvals where tenant_id = ? and order_id = ? order by requested_at desc, id")
                .params(tenant(), order.value())
                .query(this::approval)
                .list()
                .stream()
                .map(this::withDecisions)
                .toList();
    }

    /** A page of approvals, oldest first, after the cursor. */
    public List<Approval> list(Filter filter) {
        StringBuilder sql = new StringBuilder("select * from approvals a where a.tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenant()));
        String status = filter.status();
        if ("open".equals(status)) {
            sql.append(" and a.status in ('pending', 'escalated')");
        } else if (status != null) {
            sql.append(" and a.status = ?");
            params.add(status);
        }
        String role = filter.role();
        if (role != null) {
            sql.append(" and (a.step_role = ? or a.escalated_to = ?)");
            params.add(role);
            params.add(role);
        }
        String principal = filter.principal();
        if (principal != null) {
            sql.append(" and (? = any(a.step_users) or exists (select 1 from approval_role_members m"
                    + " where m.tenant_id = a.tenant_id and m.principal = ?"
                    + " and (m.role = a.step_role or m.role = a.escalated_to)))");
            params.add(principal);
            params.add(principal);
        }
        ListQueries.Cursor after = filter.after();
        if (after != null) {
            sql.append(" and (a.requested_at, a.id) > (?, ?)");
            params.add(Timestamp.from(after.at()));
            params.add(after.id());
        }
        sql.append(" order by a.requested_at, a.id limit ?");
        params.add(filter.limit());
        List<Approval> page =
                jdbc.sql(sql.toString()).params(params).query(this::approval).list();
        return page.stream().map(this::withDecisions).toList();
    }

    /** Records a decision on the approval's current step. */
    public void addDecision(UUID id, Approval.Decision decision) {
        jdbc.sql("""
                insert into approval_decisions (tenant_id, approval_id, seq, step, decision, decided_by, decided_at, comment)
                values (?, ?, (select coalesce(max(seq), 0) + 1 from approval_decisions
                               where tenant_id = ? and approval_id = ?), ?, ?, ?, ?, ?)
                """)
                .params(
                        tenant(),
                        id,
                        tenant(),
                        id,
                        decision.step(),
                        decision.decision(),
                        decision.decidedBy(),
                        Timestamp.from(decision.decidedAt()),
                        decision.comment())
                .update();
    }

    /** Moves the approval on to another step, pending again until {@code dueAt}. */
    public void moveTo(UUID id, int step, Approval.Step next, Instant dueAt) {
        jdbc.sql("""
                update approvals set current_step = ?, step_role = ?, step_users = ?, status = 'pending',
                    step_due_at = ?, escalated_to = null, escalated_at = null, claimed_until = null
                where tenant_id = ? and id = ?
                """)
                .params(step, next.role(), next.users().toArray(String[]::new), Timestamp.from(dueAt), tenant(), id)
                .update();
    }

    /** Closes the approval as approved or rejected. */
    public void close(UUID id, String status, Instant at) {
        jdbc.sql("update approvals set status = ?, decided_at = ?, claimed_until = null where tenant_id = ? and id = ?")
                .params(status, Timestamp.from(at), tenant(), id)
                .update();
    }

    /** Marks a pending approval escalated to {@code target} (null: no one else); false when it is no longer pending. */
    public boolean escalate(UUID id, @Nullable String target, Instant at) {
        return jdbc.sql("""
                        update approvals set status = 'escalated', escalated_to = ?, escalated_at = ?,
                            claimed_until = null
                        where tenant_id = ? and id = ? and status = 'pending'
                        """).params(target, Timestamp.from(at), tenant(), id).update() == 1;
    }

    // Roles

    /** The approval roles the principal holds. */
    public List<String> rolesOf(String principal) {
        return jdbc.sql("select role from approval_role_members where tenant_id = ? and principal = ? order by role")
                .params(tenant(), principal)
                .query((rs, row) -> rs.getString("role"))
                .list();
    }

    public List<String> members(String role) {
        return jdbc.sql(
                        "select principal from approval_role_members where tenant_id = ? and role = ? order by principal")
                .params(tenant(), role)
                .query((rs, row) -> rs.getString("principal"))
                .list();
    }

    /** Replaces the members of the role. */
    public void putMembers(String role, List<String> principals) {
        jdbc.sql("delete from approval_role_members where tenant_id = ? and role = ?")
                .params(tenant(), role)
                .update();
        for (String principal : principals) {
            jdbc.sql("insert into approval_role_members (tenant_id, role, principal) values (?, ?, ?)")
                    .params(tenant(), role, principal)
                    .update();
        }
    }

    /** Every role with its members. */
    public Map<String, List<String>> roles() {
        Map<String, List<String>> roles = new java.util.TreeMap<>();
        jdbc.sql("select role, principal from approval_role_members where tenant_id = ? order by role, principal")
                .params(tenant())
                .query((rs, row) -> Map.entry(rs.getString("role"), rs.getString("principal")))
                .list()
                .forEach(entry -> roles.computeIfAbsent(entry.getKey(), key -> new ArrayList<>())
                        .add(entry.getValue()));
        return roles;
    }

    private Approval withDecisions(Approval approval) {
        List<Approval.Decision> decisions = jdbc.sql("""
                        select * from approval_decisions where tenant_id = ? and approval_id = ? order by seq
                        """)
                .params(tenant(), approval.id())
                .query((rs, row) -> new Approval.Decision(
                        rs.getInt("step"),
                        rs.getString("decision"),
                        rs.getString("decided_by"),
                        rs.getTimestamp("decided_at").toInstant(),
                        rs.getString("comment")))
                .list();
        return new Approval(
                approval.id(),
                approval.orderId(),
                approval.status(),
                approval.requestedBy(),
                approval.onReject(),
                approval.stepTimeout(),
                approval.steps(),
                approval.currentStep(),
                approval.orderTotal(),
                approval.currency(),
                approval.requestedAt(),
                approval.stepDueAt(),
                approval.escalatedTo(),
                approval.escalatedAt(),
                approval.decidedAt(),
                decisions);
    }

    private Approval approval(ResultSet rs, int row) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return new Approval(
                rs.getObject("id", UUID.class),
                new OrderId(rs.getObject("order_id", UUID.class)),
                rs.getString("status"),
                rs.getString("requested_by"),
                rs.getString("on_reject"),
                Duration.ofSeconds(rs.getLong("step_timeout_s")).toString(),
                json.readValue(rs.getString("steps"), STEPS),
                rs.getInt("current_step"),
                Money.rounded(rs.getBigDecimal("order_total"), currency),
                currency.getCurrencyCode(),
                rs.getTimestamp("requested_at").toInstant(),
                rs.getTimestamp("step_due_at").toInstant(),
                rs.getString("escalated_to"),
                instant(rs.getTimestamp("escalated_at")),
                instant(rs.getTimestamp("decided_at")),
                List.of());
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
