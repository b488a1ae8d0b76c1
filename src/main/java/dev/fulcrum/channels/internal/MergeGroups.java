package dev.fulcrum.channels.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.channels.MergeGroup;
import dev.fulcrum.order.Address;
import dev.fulcrum.order.Customer;
import dev.fulcrum.order.LineQuantities;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderAction;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Groups orders of the same customer to the same address that arrive within the merge window while none of them has
 * been released to the warehouse (nothing allocated or shipped, not cancelled). Grouping and undoing are audited.
 */
@Service
public class MergeGroups {

    private final JdbcClient jdbc;
    private final OrderManagement orders;
    private final AuditLog audit;
    private final Clock clock;

    MergeGroups(JdbcClient jdbc, OrderManagement orders, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.audit = audit;
        this.clock = clock;
    }

    /** Who an order is for, normalised: customer id, else email, else name. */
    static String customerKey(Customer customer) {
        String key = customer.id() != null
                ? "id:" + customer.id()
                : customer.email() != null ? "email:" + customer.email() : "name:" + customer.name();
        return key.toLowerCase(Locale.ROOT).strip();
    }

    /** Where an order goes, normalised: country, postal code, city, street lines, without case, spaces or punctuation. */
    static String addressKey(Address address) {
        String raw = String.join(
                "|",
                address.country(),
                String.valueOf(address.postalCode()),
                address.city(),
                address.line1(),
                String.valueOf(address.line2()));
        return raw.toLowerCase(Locale.ROOT).replaceAll("[\\s.,#-]+", "");
    }

    /** Joins the order to a group with earlier unreleased orders of its customer and address within the window. */
    @Transactional
    public Optional<UUID> consider(Order order, String customerKey, String addressKey, Duration window) {
        if (window.isZero() || window.isNegative()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<OrderId> candidates = jdbc
                .sql("""
                select order_id from channel_orders where tenant_id = ? and customer_key = ? and address_key = ?
                  and received_at >= ? and order_id <> ? order by received_at""")
                .params(
                        tenant(),
                        customerKey,
                        addressKey,
                        Timestamp.from(now.minus(window)),
                        order.id().value())
                .query((rs, row) -> new OrderId(rs.getObject("order_id", UUID.class)))
                .list()
                .stream()
                .filter(candidate ->
                        orders.find(candidate).filter(this::unreleased).isPresent())
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        UUID group = jdbc.sql("""
                select g.id from merge_groups g join merge_group_members m on m.tenant_id = g.tenant_id and m.group_id = g.id
                where g.tenant_id = ? and g.undone_at is null and m.order_id = any(?) order by g.created_at limit 1""")
                .params(tenant(), candidates.stream().map(OrderId::value).toArray(UUID[]::new))
                .query(UUID.class)
                .optional()
                .orElse(null);
        if (group == null) {
            group = Ids.timeOrdered();
            jdbc.sql(
                            "insert into merge_groups (tenant_id, id, customer_key, address_key, created_at) values (?, ?, ?, ?, ?)")
                    .params(tenant(), group, customerKey, addressKey, Timestamp.from(now))
                    .update();
            for (OrderId candidate : candidates) {
                addMember(group, candidate, now);
            }
        }
        addMember(group, order.id(), now);
        audit.record(
                "channel.merge-group.joined",
                "merge-group",
                group.toString(),
                Map.of("orderId", order.id().toString()));
        return Optional.of(group);
    }

    /** Undoes a group: its orders ship on their own again. */
    @Transactional
    public MergeGroup undo(UUID id) {
        MergeGroup group = get(id);
        if (group.undoneAt() != null) {
            throw ApiProblem.conflict("already-undone", "merge group " + id + " was already undone");
        }
        jdbc.sql("update merge_groups set undone_at = ?, undone_by = ? where tenant_id = ? and id = ?")
                .params(
                        Timestamp.from(clock.instant()),
                        RequestContext.require().actor(),
                        tenant(),
                        id)
                .update();
        audit.record("channel.merge-group.undone", "merge-group", id.toString(), Map.of("orders", group.orderIds()));
        return get(id);
    }

    @Transactional(readOnly = true)
    public MergeGroup get(UUID id) {
        return jdbc.sql("select * from merge_groups where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query((rs, row) -> new MergeGroup(
                        id,
                        members(id),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("undone_at") == null
                                ? null
                                : rs.getTimestamp("undone_at").toInstant(),
                        rs.getString("undone_by")))
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("merge group " + id + " does not exist"));
    }

    /** The groups an order belongs or belonged to, newest first. */
    @Transactional(readOnly = true)
    @SuppressWarnings("NullAway") // group_id is NOT NULL: no row is null
    public List<MergeGroup> ofOrder(OrderId orderId) {
        return jdbc.sql("""
                select group_id from merge_group_members m join merge_groups g on g.tenant_id = m.tenant_id and g.id = m.group_id
                where m.tenant_id = ? and m.order_id = ? order by g.created_at desc""").params(tenant(), orderId.value()).query(UUID.class).list().stream()
                .map(this::get)
                .toList();
    }

    @SuppressWarnings("NullAway") // order_id is NOT NULL: no row is null
    private List<UUID> members(UUID group) {
        return jdbc.sql(
                        "select order_id from merge_group_members where tenant_id = ? and group_id = ? order by added_at, order_id")
                .params(tenant(), group)
                .query(UUID.class)
                .list();
    }

    private void addMember(UUID group, OrderId order, Instant now) {
        jdbc.sql(
                        "insert into merge_group_members (tenant_id, group_id, order_id, added_at) values (?, ?, ?, ?) on conflict do nothing")
                .params(tenant(), group, order.value(), Timestamp.from(now))
                .update();
    }

    /**
     * Not yet released to the warehouse: the order may still be cancelled (its flow says so; nothing has shipped) and
     * nothing is allocated.
     */
    private boolean unreleased(Order order) {
        return orders.allows(order, new OrderAction.Cancel(null))
                && order.totalQuantity(LineQuantities::allocated) == 0;
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
