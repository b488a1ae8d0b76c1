package dev.fulcrum.sourcing.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.sourcing.engine.CarrierService;
import dev.fulcrum.sourcing.engine.RateCardLanes;
import dev.fulcrum.sourcing.engine.RateLine;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Carrier services and their rate cards; builds the lane book sourcing quotes from. */
@Service
public class Carriers {

    public static final List<String> MODES = List.of("road", "rail", "air", "sea", "courier");
    public static final List<String> CSV_COLUMNS = List.of(
            "origin",
            "destCountry",
            "destRegion",
            "destPostalPrefix",
            "minKg",
            "maxKg",
            "ratePerKg",
            "minimumCharge",
            "transitDaysTypical",
            "transitDaysP90",
            "emissionFactor");

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Carriers(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public CarrierService put(CarrierService service) {
        jdbc.sql("""
                insert into carrier_services (tenant_id, code, carrier, service_level, mode, temperature_controlled, updated_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, code) do update set carrier = excluded.carrier, service_level = excluded.service_level,
                    mode = excluded.mode, temperature_controlled = excluded.temperature_controlled, updated_at = excluded.updated_at""")
                .params(
                        tenant(),
                        service.code(),
                        service.carrier(),
                        service.serviceLevel(),
                        service.mode(),
                        service.temperatureControlled(),
                        Timestamp.from(clock.instant()))
                .update();
        audit.record("carrier.upserted", "carrier", service.code(), Map.of("mode", service.mode()));
        return service;
    }

    @Transactional(readOnly = true)
    public List<CarrierService> list() {
        return jdbc.sql("select * from carrier_services where tenant_id = ? order by code")
                .param(tenant())
                .query((rs, row) -> service(rs))
                .list();
    }

    /** Replaces every lane of the carrier service with the rows of a CSV rate card; returns how many lanes it read. */
    @Transactional
    public int replaceRates(String code, String csv) {
        if (list().stream().noneMatch(service -> service.code().equals(code))) {
            throw ApiProblem.notFound(
                    "carrier service " + code + " does not exist: PUT /api/v1/carriers/" + code + " first");
        }
        List<RateLine> rates = parseCsv(code, csv);
        jdbc.sql("delete from rate_cards where tenant_id = ? and carrier_code = ?")
                .params(tenant(), code)
                .update();
        for (RateLine rate : rates) {
            jdbc.sql("""
                    insert into rate_cards (tenant_id, id, carrier_code, origin, dest_country, dest_region, dest_postal_prefix,
                        min_kg, max_kg, rate_per_kg, minimum_charge, transit_days_typical, transit_days_p90, emission_factor)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            tenant(),
                            Ids.timeOrdered(),
                            code,
                            rate.origin(),
                            rate.destCountry(),
                            rate.destRegion(),
                            rate.destPostalPrefix(),
                            rate.minKg(),
                            rate.maxKg(),
                            rate.ratePerKg(),
                            rate.minimumCharge(),
                            rate.transitDaysTypical(),
                            rate.transitDaysP90(),
                            rate.emissionFactor())
                    .update();
        }
        audit.record("carrier.rates-replaced", "carrier", code, Map.of("lanes", rates.size()));
        return rates.size();
    }

    @Transactional(readOnly = true)
    public List<RateLine> rates(String code) {
        return jdbc.sql(
                        "select * from rate_cards where tenant_id = ? and carrier_code = ? order by origin, dest_country, min_kg")
                .params(tenant(), code)
                .query((rs, row) -> rate(rs))
                .list();
    }

    /** The lanes of every service into one destination country, ready for the engine. */
    @Transactional(readOnly = true)
    public RateCardLanes lanesInto(String country) {
        return lanesInto(country, false);
    }

    /**
     * The lanes of every service into one destination country, read once and indexed by origin; with {@code
     * requireRateCard} a lane no rate card covers has no quote instead of the distance estimate.
     */
    @Transactional(readOnly = true)
    public RateCardLanes lanesInto(String country, boolean requireRateCard) {
        List<RateLine> rates = jdbc.sql("select * from rate_cards where tenant_id = ? and dest_country = ?")
                .params(tenant(), country)
                .query((rs, row) -> rate(rs))
                .list();
        return new RateCardLanes(list(), rates, requireRateCard);
    }

    /** Every lane of every service, for batch allocation and simulation over many destinations. */
    @Transactional(readOnly = true)
    public RateCardLanes allLanes() {
        List<RateLine> rates = jdbc.sql("select * from rate_cards where tenant_id = ?")
                .param(tenant())
                .query((rs, row) -> rate(rs))
                .list();
        return new RateCardLanes(list(), rates);
    }

    /**
     * A version of the tenant's carrier services and rate lines, one query: a hash of their contents, so it changes
     * whenever a rate card is replaced with different lines or a service changes (and not when the same card is
     * uploaded again). Batch allocation keeps it in the fingerprint of an unserved order (ADR 0108).
     */
    @Transactional(readOnly = true)
    public long rateCardsVersion() {
        return jdbc.sql("""
                select ('x' || substr(md5(
                    coalesce((select string_agg(concat_ws('|', code, carrier, service_level, mode,
                                  temperature_controlled), ';' order by code)
                              from carrier_services where tenant_id = ?), '')
                    || '#' ||
                    coalesce((select string_agg(concat_ws('|', carrier_code, origin, dest_country, dest_region,
                                  dest_postal_prefix, min_kg, max_kg, rate_per_kg, minimum_charge,
                                  transit_days_typical, transit_days_p90, emission_factor), ';'
                                  order by carrier_code, origin, dest_country, dest_region, dest_postal_prefix,
                                  min_kg, max_kg, rate_per_kg, minimum_charge, transit_days_typical,
                                  transit_days_p90, emission_factor)
                              from rate_cards where tenant_id = ?), '')
                ), 1, 16))::bit(64)::bigint""").params(tenant(), tenant()).query(Long.class).single();
    }

    /** Parses a rate card; every bad cell is reported by line and column. */
    static List<RateLine> parseCsv(String code, String csv) {
        List<String> rows = csv.lines().filter(line -> !line.isBlank()).toList();
        if (rows.isEmpty()) {
            throw ApiProblem.invalid("body", "the rate card is empty; the first line names the columns " + CSV_COLUMNS);
        }
        List<String> header =
                Arrays.stream(rows.getFirst().split(",", -1)).map(String::strip).toList();
        List<FieldProblem> problems = new ArrayList<>();
        for (String required : CSV_COLUMNS.subList(0, 10)) {
            if (!header.contains(required)) {
                problems.add(new FieldProblem("header", "misses the column " + required));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        List<RateLine> rates = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            String[] cells = rows.get(r).split(",", -1);
            Row row = new Row(header, cells, r + 1, problems);
            String origin = row.text("origin", true);
            String country = row.text("destCountry", true);
            Double minKg = row.number("minKg", true);
            Double maxKg = row.number("maxKg", true);
            BigDecimal rate = row.amount("ratePerKg", true);
            BigDecimal minimum = row.amount("minimumCharge", true);
            Double typical = row.number("transitDaysTypical", true);
            Double p90 = row.number("transitDaysP90", true);
            Double factor = row.number("emissionFactor", false);
            if (minKg != null && maxKg != null && maxKg <= minKg) {
                problems.add(new FieldProblem("line " + (r + 1) + ".maxKg", "must be greater than minKg"));
            }
            if (typical != null && p90 != null && p90 < typical) {
                problems.add(new FieldProblem(
                        "line " + (r + 1) + ".transitDaysP90", "must not be below transitDaysTypical"));
            }
            // A required value is null only when a problem says why.
            if (problems.isEmpty()
                    && origin != null
                    && country != null
                    && minKg != null
                    && maxKg != null
                    && rate != null
                    && minimum != null
                    && typical != null
                    && p90 != null) {
                rates.add(new RateLine(
                        code,
                        origin,
                        country,
                        row.text("destRegion", false),
                        row.text("destPostalPrefix", false),
                        minKg,
                        maxKg,
                        rate,
                        minimum,
                        typical.intValue(),
                        p90.intValue(),
                        factor));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        return rates;
    }

    @SuppressWarnings("ArrayRecordComponent") // a short-lived reader of one CSV row, never compared
    private record Row(List<String> header, String[] cells, int lineNo, List<FieldProblem> problems) {

        @Nullable
        String text(String column, boolean required) {
            int index = header.indexOf(column);
            String value = index < 0 || index >= cells.length ? "" : cells[index].strip();
            if (value.isEmpty()) {
                if (required) {
                    problems.add(new FieldProblem("line " + lineNo + "." + column, "is required"));
                }
                return null;
            }
            return value;
        }

        /** An exact decimal (a price): never read through a double, so 0.1 stays 0.1. */
        @Nullable
        BigDecimal amount(String column, boolean required) {
            String value = text(column, required);
            if (value == null) {
                return null;
            }
            try {
                BigDecimal amount = new BigDecimal(value);
                if (amount.signum() < 0) {
                    throw new NumberFormatException();
                }
                return amount;
            } catch (NumberFormatException notANumber) {
                problems.add(new FieldProblem(
                        "line " + lineNo + "." + column, "must be a non-negative number, not '" + value + "'"));
                return null;
            }
        }

        @Nullable
        Double number(String column, boolean required) {
            String value = text(column, required);
            if (value == null) {
                return null;
            }
            try {
                double number = Double.parseDouble(value);
                if (number < 0 || Double.isNaN(number) || Double.isInfinite(number)) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException notANumber) {
                problems.add(new FieldProblem(
                        "line " + lineNo + "." + column, "must be a non-negative number, not '" + value + "'"));
                return null;
            }
        }
    }

    private static CarrierService service(ResultSet rs) throws SQLException {
        return new CarrierService(
                rs.getString("code"),
                rs.getString("carrier"),
                rs.getString("service_level"),
                rs.getString("mode"),
                rs.getBoolean("temperature_controlled"));
    }

    private static RateLine rate(ResultSet rs) throws SQLException {
        return new RateLine(
                rs.getString("carrier_code"),
                rs.getString("origin"),
                rs.getString("dest_country"),
                rs.getString("dest_region"),
                rs.getString("dest_postal_prefix"),
                rs.getDouble("min_kg"),
                rs.getDouble("max_kg"),
                plain(rs.getBigDecimal("rate_per_kg")),
                plain(rs.getBigDecimal("minimum_charge")),
                rs.getInt("transit_days_typical"),
                rs.getInt("transit_days_p90"),
                (Double) rs.getObject("emission_factor"));
    }

    /** The stored amount without the column's padding zeros ({@code 12.5000} is 12.5, {@code 10.0000} is 10). */
    private static BigDecimal plain(BigDecimal stored) {
        BigDecimal stripped = stored.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
