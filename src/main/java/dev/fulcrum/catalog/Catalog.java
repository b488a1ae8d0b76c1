package dev.fulcrum.catalog;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.Sku;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Items of the current tenant's catalogue: upsert by SKU, read, list. */
@Service
public class Catalog {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Catalog(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates or replaces the item with its SKU. */
    @Transactional
    public Item put(Item item) {
        jdbc.sql("""
                insert into items (tenant_id, sku, name, weight_grams, length_mm, width_mm, height_mm, temperature, hazardous,
                    restricted_countries, category, returnable, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, sku) do update set name = excluded.name, weight_grams = excluded.weight_grams,
                    length_mm = excluded.length_mm, width_mm = excluded.width_mm, height_mm = excluded.height_mm,
                    temperature = excluded.temperature, hazardous = excluded.hazardous,
                    restricted_countries = excluded.restricted_countries, category = excluded.category,
                    returnable = excluded.returnable, updated_at = excluded.updated_at""")
                .params(
                        tenant(),
                        item.sku(),
                        item.name(),
                        item.weightGrams(),
                        item.lengthMm(),
                        item.widthMm(),
                        item.heightMm(),
                        item.temperature(),
                        item.hazardous(),
                        item.restrictedCountries().toArray(String[]::new),
                        item.category(),
                        item.returnable(),
                        Timestamp.from(clock.instant()))
                .update();
        audit.record(
                "item.upserted",
                "item",
                item.sku(),
                Map.of("temperature", item.temperature(), "weightGrams", item.weightGrams()));
        return item;
    }

    /** Upserts every item in one transaction. */
    @Transactional
    public List<Item> putAll(List<Item> items) {
        return items.stream().map(this::put).toList();
    }

    @Transactional(readOnly = true)
    public Optional<Item> find(Sku sku) {
        return jdbc.sql("select * from items where tenant_id = ? and sku = ?")
                .params(tenant(), sku.value())
                .query((rs, row) -> item(rs))
                .optional();
    }

    /** The items with these SKUs; a SKU not in the catalogue maps to {@link Item#unknown}. */
    @Transactional(readOnly = true)
    public Map<Sku, Item> findAll(Collection<Sku> skus) {
        Map<Sku, Item> found = new LinkedHashMap<>();
        jdbc.sql("select * from items where tenant_id = ? and sku = any(?)")
                .params(tenant(), skus.stream().map(Sku::value).toArray(String[]::new))
                .query((rs, row) -> item(rs))
                .list()
                .forEach(item -> found.put(new Sku(item.sku()), item));
        for (Sku sku : skus) {
            found.computeIfAbsent(sku, unknown -> Item.unknown(unknown.value()));
        }
        return found;
    }

    /** One page of items ordered by SKU, after the given SKU. */
    @Transactional(readOnly = true)
    public List<Item> list(@Nullable Sku afterSku, int limit) {
        return jdbc.sql("select * from items where tenant_id = ? and sku > ? order by sku limit ?")
                .params(tenant(), afterSku == null ? "" : afterSku.value(), limit)
                .query((rs, row) -> item(rs))
                .list();
    }

    private static Item item(ResultSet rs) throws SQLException {
        return new Item(
                rs.getString("sku"),
                rs.getString("name"),
                rs.getDouble("weight_grams"),
                (Integer) rs.getObject("length_mm"),
                (Integer) rs.getObject("width_mm"),
                (Integer) rs.getObject("height_mm"),
                rs.getString("temperature"),
                rs.getBoolean("hazardous"),
                strings(rs.getArray("restricted_countries")),
                rs.getString("category"),
                rs.getBoolean("returnable"));
    }

    private static List<String> strings(@Nullable Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
