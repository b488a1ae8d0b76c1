package dev.fulcrum.channels.internal;

import dev.fulcrum.channels.ChannelLine;
import dev.fulcrum.channels.ShipmentGroup;
import dev.fulcrum.channels.ShipmentGroupRule;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Splits an order's lines into shipment groups by every {@link ShipmentGroupRule}: lines ship together only when all
 * rules give them the same values. Groups are stored only when an order needs more than one.
 */
@Component
public class ShipmentPlanner {

    private final List<ShipmentGroupRule> rules;
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ShipmentPlanner(List<ShipmentGroupRule> rules, JdbcClient jdbc, JdbcTemplate batch) {
        this.rules = rules.stream()
                .sorted(Comparator.comparing(ShipmentGroupRule::dimension))
                .toList();
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** The groups of the given lines, in order of their first line. Pure: stores nothing. */
    public List<ShipmentGroup> plan(List<ChannelLine> lines) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (ChannelLine line : lines) {
            List<String> parts = new ArrayList<>();
            for (ShipmentGroupRule rule : rules) {
                rule.valueOf(line).ifPresent(value -> parts.add(rule.dimension() + "=" + value));
            }
            groups.computeIfAbsent(String.join(",", parts), key -> new ArrayList<>())
                    .add(line.lineNo());
        }
        List<ShipmentGroup> result = new ArrayList<>();
        groups.forEach((key, lineNos) -> result.add(new ShipmentGroup(result.size() + 1, key, lineNos)));
        return result;
    }

    /** Plans and stores the groups of many orders in one batch; orders whose lines all ship together store nothing. */
    public void planAndStore(Map<OrderId, List<ChannelLine>> orders) {
        UUID tenant = RequestContext.require().tenantId().value();
        List<Object[]> rows = new ArrayList<>();
        orders.forEach((orderId, lines) -> {
            List<ShipmentGroup> groups = plan(lines);
            if (groups.size() > 1) {
                for (ShipmentGroup group : groups) {
                    rows.add(new Object[] {
                        tenant,
                        orderId.value(),
                        group.groupNo(),
                        group.key(),
                        group.lineNos().toArray(Integer[]::new)
                    });
                }
            }
        });
        if (!rows.isEmpty()) {
            batch.batchUpdate(
                    "insert into shipment_groups (tenant_id, order_id, group_no, group_key, line_nos) values (?, ?, ?, ?, ?)",
                    rows);
        }
    }

    public List<ShipmentGroup> stored(OrderId orderId) {
        return jdbc.sql(
                        "select group_no, group_key, line_nos from shipment_groups where tenant_id = ? and order_id = ? order by group_no")
                .params(RequestContext.require().tenantId().value(), orderId.value())
                .query((rs, row) ->
                        new ShipmentGroup(rs.getInt("group_no"), rs.getString("group_key"), List.of((Integer[])
                                rs.getArray("line_nos").getArray())))
                .list();
    }
}
