package dev.fulcrum.demand;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.demand.internal.HistoryCsv;
import dev.fulcrum.demand.internal.HistoryStore;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.RequestLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports of weekly demand history from CSV files, as background jobs with progress like the order import. The file is
 * spooled to a temporary file as it arrives and read back record by record, {@value #CHUNK} rows per transaction, so
 * an import holds one chunk in memory whatever the file's size; bad rows are counted and the first
 * {@value #KEPT_PROBLEMS} are kept with their row number. When an import completes, the drift check looks at the
 * tenant's latest forecasts.
 */
@Service
public class DemandHistory {

    static final int CHUNK = 5000;
    static final int KEPT_PROBLEMS = 100;
    private static final Logger log = LoggerFactory.getLogger(DemandHistory.class);
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();

    private final HistoryStore store;
    private final ForecastRuns runs;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final RequestLimits limits;
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();

    DemandHistory(
            HistoryStore store,
            ForecastRuns runs,
            AuditLog audit,
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            JsonMapper json,
            Clock clock,
            RequestLimits limits) {
        this.limits = limits;
        this.store = store;
        this.runs = runs;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.json = json;
        this.clock = clock;
    }

    /**
     * Starts importing {@code content} (a CSV file with a header row) with {@code mapping}; returns at once. The header
     * is checked first: a mapped column that the file lacks is refused with 400 naming the mapping field.
     */
    public HistoryImport start(HistoryMapping mapping, InputStream content) {
        Path file = spool(content, limits.maxImportBytes().toBytes());
        try {
            HistoryImport started = start(mapping, file);
            return started;
        } catch (RuntimeException notStarted) {
            delete(file);
            throw notStarted;
        }
    }

    private HistoryImport start(HistoryMapping mapping, Path file) {
        long rows;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser =
                        CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            List<FieldProblem> problems = new ArrayList<>();
            if (parser.getHeaderMap().isEmpty()) {
                throw ApiProblem.invalid("body", "is empty: send a header row and one row per week");
            }
            HistoryCsv.forHeader(mapping, parser.getHeaderMap(), problems);
            if (!problems.isEmpty()) {
                throw ApiProblem.invalid(problems);
            }
            rows = Math.max(0, nonBlankLines(file) - 1);
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException unreadable) {
            throw ApiProblem.invalid("body", "is not a CSV file with a header row: " + unreadable.getMessage());
        }
        RequestContext context = RequestContext.require();
        UUID id = Ids.timeOrdered();
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into demand_imports (tenant_id, id, status, mapping, rows_total, created_by, started_at)
                    values (?, ?, 'running', ?::jsonb, ?, ?, ?)""")
                    .params(
                            context.tenantId().value(),
                            id,
                            json.writeValueAsString(mapping),
                            rows,
                            context.actor(),
                            Timestamp.from(now))
                    .update();
            audit.record("demand.history.import.started", "demand-import", id.toString(), Map.of("rows", rows));
        });
        RequestContext job = new RequestContext(context.tenantId(), context.actor(), context.requestId());
        jobs.execute(() -> job.run(() -> {
            try {
                run(id, mapping, file);
            } finally {
                delete(file);
            }
        }));
        return get(id);
    }

    public HistoryImport get(UUID id) {
        return transactions.execute(status -> jdbc.sql("select * from demand_imports where tenant_id = ? and id = ?")
                .params(RequestContext.require().tenantId().value(), id)
                .query((rs, row) -> new HistoryImport(
                        id,
                        rs.getString("status"),
                        json.readValue(rs.getString("mapping"), HistoryMapping.class),
                        (Long) rs.getObject("rows_total"),
                        rs.getLong("rows_read"),
                        rs.getLong("rows_loaded"),
                        rs.getLong("rows_rejected"),
                        rs.getLong("weeks_written"),
                        json.readValue(rs.getString("problems"), new TypeReference<List<FieldProblem>>() {}),
                        rs.getString("error"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at") == null
                                ? null
                                : rs.getTimestamp("finished_at").toInstant()))
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("demand history import " + id + " does not exist")));
    }

    /** The weekly history of one series of a level, for charts; {@code location} or {@code sku} empty for "all". */
    public List<ForecastSeries.HistoryWeek> weeks(String location, String sku) {
        HistoryStore.SeriesKey key = new HistoryStore.SeriesKey(location, sku);
        return transactions.execute(status -> store.weeks(List.of(key)).getOrDefault(key.id(), List.of()).stream()
                .map(point -> new ForecastSeries.HistoryWeek(point.week(), point.quantity()))
                .toList());
    }

    private void run(UUID id, HistoryMapping mapping, Path file) {
        Counts counts = new Counts();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser =
                        CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            HistoryCsv csv = HistoryCsv.forHeader(mapping, parser.getHeaderMap(), new ArrayList<>());
            Map<List<Object>, HistoryCsv.Row> chunk = new LinkedHashMap<>();
            for (CSVRecord record : parser) {
                counts.read++;
                HistoryCsv.Parsed parsed = csv.read(record, record.getRecordNumber() + 1);
                HistoryCsv.Row row = parsed.row();
                FieldProblem problem = parsed.problem();
                if (row == null) {
                    counts.rejected++;
                    if (counts.problems.size() < KEPT_PROBLEMS && problem != null) {
                        counts.problems.add(problem);
                    }
                } else {
                    counts.loaded++;
                    // Rows of one key and week in a chunk add up here; across chunks the upsert adds them up.
                    chunk.merge(
                            List.of(row.location(), row.sku(), row.week()),
                            row,
                            (a, b) -> new HistoryCsv.Row(
                                    a.location(),
                                    a.sku(),
                                    a.week(),
                                    a.quantity() + b.quantity(),
                                    a.holiday() || b.holiday()));
                }
                if (counts.read % CHUNK == 0) {
                    write(id, chunk, counts, "running", null);
                    chunk = new LinkedHashMap<>();
                }
            }
            write(id, chunk, counts, "completed", null);
            log.info("demand history import {}: {} rows loaded, {} rejected", id, counts.loaded, counts.rejected);
        } catch (IOException | RuntimeException failed) {
            log.warn("demand history import {} failed", id, failed);
            progress(id, counts, "failed", String.valueOf(failed.getMessage()));
            return;
        }
        try {
            runs.checkDrift();
        } catch (RuntimeException driftFailed) {
            log.warn("drift check after demand history import {} failed", id, driftFailed);
        }
    }

    private void write(
            UUID id, Map<List<Object>, HistoryCsv.Row> chunk, Counts counts, String status, @Nullable String error) {
        transactions.executeWithoutResult(tx -> {
            counts.weeks += store.write(id, chunk.values());
            progress(id, counts, status, error);
        });
    }

    private void progress(UUID id, Counts counts, String status, @Nullable String error) {
        transactions.executeWithoutResult(tx -> jdbc.sql("""
                update demand_imports set rows_read = ?, rows_loaded = ?, rows_rejected = ?, weeks_written = ?,
                    problems = ?::jsonb, status = ?, error = ?, finished_at = ?
                where tenant_id = ? and id = ?""")
                .params(
                        counts.read,
                        counts.loaded,
                        counts.rejected,
                        counts.weeks,
                        json.writeValueAsString(counts.problems),
                        status,
                        error,
                        "running".equals(status) ? null : Timestamp.from(clock.instant()),
                        RequestContext.require().tenantId().value(),
                        id)
                .update());
    }

    /** Copies the body to a temporary file, refusing it with 413 once it passes the import cap. */
    private static Path spool(InputStream content, long capBytes) {
        try {
            Path file = Files.createTempFile("fulcrum-demand-history-", ".csv");
            try (content;
                    java.io.OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                long copied = 0;
                int read;
                while ((read = content.read(buffer)) >= 0) {
                    copied += read;
                    if (copied > capBytes) {
                        throw ApiProblem.tooLarge(
                                "body",
                                "at most "
                                        + RequestLimits.readable(
                                                org.springframework.util.unit.DataSize.ofBytes(capBytes))
                                        + " per import file (fulcrum.limits.max-import-bytes)");
                    }
                    out.write(buffer, 0, read);
                }
            } catch (IOException unreadable) {
                delete(file);
                // The body filter stops a body of unknown length at the import cap with an IOException of its own.
                String reason = String.valueOf(unreadable.getMessage());
                throw reason.contains("at most")
                        ? ApiProblem.tooLarge("body", reason.replaceFirst("^body: ", ""))
                        : ApiProblem.invalid("body", "could not be read: " + reason);
            } catch (RuntimeException failed) {
                delete(file);
                throw failed;
            }
            return file;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static long nonBlankLines(Path file) throws IOException {
        long lines = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines += line.isBlank() ? 0 : 1;
            }
        }
        return lines;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            log.debug("could not delete {}", file, ignored);
        }
    }

    private static final class Counts {
        long read;
        long loaded;
        long rejected;
        long weeks;
        final List<FieldProblem> problems = new ArrayList<>();
    }
}
