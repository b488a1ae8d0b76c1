package dev.fulcrum.channels.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.channels.ImportProgress;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.ImportMemory;
import dev.fulcrum.shared.RequestContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk imports of CSV (one row per order line) or JSON Lines (one order per line) as background jobs. Orders are
 * handled in chunks of {@value #CHUNK} orders, each in one transaction: one dedupe lookup, one batched placement, one
 * batch of channel records and of quarantine entries, and a progress update. A chunk that fails as a whole is retried
 * order by order, so one bad order never holds back the good ones.
 */
@Service
public class Imports {

    static final int CHUNK = 1000;
    private static final Logger log = LoggerFactory.getLogger(Imports.class);

    private final ChannelIntake intake;
    private final OrderManagement orders;
    private final ChannelOrders channelOrders;
    private final QuarantineEntries quarantine;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration stallTimeout;
    private final ImportMemory importMemory;

    Imports(
            ChannelIntake intake,
            OrderManagement orders,
            ChannelOrders channelOrders,
            QuarantineEntries quarantine,
            AuditLog audit,
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            Clock clock,
            @Value("${fulcrum.channels.import-stall-timeout:PT5M}") Duration stallTimeout,
            ImportMemory importMemory) {
        this.stallTimeout = stallTimeout;
        this.importMemory = importMemory;
        this.intake = intake;
        this.orders = orders;
        this.channelOrders = channelOrders;
        this.quarantine = quarantine;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Starts an import of {@code content}; returns at once with the job's id. A CSV header is checked before starting. */
    public ImportProgress start(StoredConnection connection, String format, byte[] content) {
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw ApiProblem.invalid("format", "must be csv or jsonl");
        }
        CsvOrders.Header header = null;
        if (format.equals("csv")) {
            String firstLine = firstLine(content);
            if (firstLine == null) {
                throw ApiProblem.invalid("body", "is empty: send a header row and one row per order line");
            }
            try {
                header = CsvOrders.header(firstLine);
            } catch (MappingFailure bad) {
                throw ApiProblem.invalid(bad.problems());
            }
        }
        // The content stays in memory until the job has read it; the job releases it (fulcrum.limits.*).
        ImportMemory.Reservation held = importMemory.takeOver(content.length);
        try {
            return start(connection, format, header, content, held);
        } catch (RuntimeException notStarted) {
            held.close();
            throw notStarted;
        }
    }

    private ImportProgress start(
            StoredConnection connection,
            String format,
            CsvOrders.@Nullable Header header,
            byte[] content,
            ImportMemory.Reservation held) {
        RequestContext context = RequestContext.require();
        UUID id = Ids.timeOrdered();
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into channel_imports (tenant_id, id, connection_id, format, status, rows_total, created_by,
                        started_at, heartbeat_at)
                    values (?, ?, ?, ?, 'running', ?, ?, ?, ?)""")
                    .params(
                            context.tenantId().value(),
                            id,
                            connection.id(),
                            format,
                            nonBlankLines(content) - (format.equals("csv") ? 1 : 0),
                            context.actor(),
                            Timestamp.from(now),
                            Timestamp.from(now))
                    .update();
            audit.record(
                    "channel.import.started",
                    "import",
                    id.toString(),
                    Map.of("connectionId", connection.id().toString(), "format", format, "bytes", content.length));
        });
        CsvOrders.Header csvHeader = header;
        RequestContext job = new RequestContext(context.tenantId(), context.actor(), context.requestId());
        jobs.execute(() -> {
            try (held) {
                job.run(() -> run(id, connection, csvHeader, content));
            }
        });
        return get(id);
    }

    public ImportProgress get(UUID id) {
        return transactions.execute(status -> jdbc.sql("select * from channel_imports where tenant_id = ? and id = ?")
                .params(RequestContext.require().tenantId().value(), id)
                .query((rs, row) -> new ImportProgress(
                        id,
                        rs.getObject("connection_id", UUID.class),
                        rs.getString("format"),
                        rs.getString("status"),
                        (Long) rs.getObject("rows_total"),
                        rs.getLong("rows_read"),
                        rs.getLong("orders_read"),
                        rs.getLong("orders_placed"),
                        rs.getLong("duplicates"),
                        rs.getLong("updated"),
                        rs.getLong("quarantined"),
                        rs.getString("error"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at") == null
                                ? null
                                : rs.getTimestamp("finished_at").toInstant()))
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("import " + id + " does not exist")));
    }

    /** One order of the file: its text (for quarantine), where it came from and its rows or line. */
    record Item(
            String source, String topic, String body, CsvOrders.@Nullable Header header, List<CsvOrders.Row> rows) {}

    private void run(UUID id, StoredConnection connection, CsvOrders.@Nullable Header header, byte[] content) {
        Counts counts = new Counts();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new java.io.ByteArrayInputStream(content), StandardCharsets.UTF_8), 1 << 16)) {
            List<Item> chunk = new ArrayList<>(CHUNK);
            long lineNo = 0;
            String line;
            if (header != null) {
                reader.readLine();
                lineNo = 1;
            }
            List<CsvOrders.Row> current = new ArrayList<>();
            String currentId = null;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                counts.rows++;
                if (header == null) {
                    chunk.add(new Item("import " + id + " line " + lineNo, "import.jsonl", line, null, List.of()));
                } else {
                    CsvOrders.Row row = new CsvOrders.Row(lineNo, line, CsvOrders.fields(line));
                    String externalId = CsvOrders.externalIdOf(header, row);
                    if (!current.isEmpty() && (externalId == null || !externalId.equals(currentId))) {
                        chunk.add(csvItem(id, header, current));
                        current = new ArrayList<>();
                    }
                    current.add(row);
                    currentId = externalId;
                }
                if (chunk.size() >= CHUNK) {
                    process(connection, chunk, counts);
                    progress(id, counts, "running", null);
                    chunk = new ArrayList<>(CHUNK);
                }
            }
            if (header != null && !current.isEmpty()) {
                chunk.add(csvItem(id, header, current));
            }
            process(connection, chunk, counts);
            progress(id, counts, "completed", null);
        } catch (IOException | RuntimeException failed) {
            log.warn("import {} failed", id, failed);
            progress(id, counts, "failed", ChannelIntake.describe(failed));
        }
    }

    private static Item csvItem(UUID id, CsvOrders.Header header, List<CsvOrders.Row> rows) {
        StringBuilder body = new StringBuilder(header.line());
        rows.forEach(row -> body.append('\n').append(row.line()));
        long first = rows.getFirst().lineNo();
        long last = rows.getLast().lineNo();
        return new Item(
                "import " + id + (first == last ? " row " + first : " rows " + first + "-" + last),
                "import.csv",
                body.toString(),
                header,
                List.copyOf(rows));
    }

    private void process(StoredConnection connection, List<Item> chunk, Counts counts) {
        if (chunk.isEmpty()) {
            return;
        }
        counts.orders += chunk.size();
        try {
            Counts delta = transactions.execute(status -> processChunk(connection, chunk));
            counts.add(delta);
        } catch (RuntimeException chunkFailed) {
            log.info(
                    "import chunk failed as a whole ({}); retrying order by order",
                    ChannelIntake.describe(chunkFailed));
            for (Item item : chunk) {
                ChannelIntake.Outcome outcome = intake.receive(
                        connection,
                        new ChannelIntake.Inbound(
                                item.topic(),
                                null,
                                item.topic().equals("import.csv") ? "text/csv" : "application/json",
                                item.body(),
                                item.source()));
                switch (outcome.result()) {
                    case "placed", "cancelled" -> counts.placed++;
                    case "unchanged" -> counts.duplicates++;
                    case "quarantined" -> counts.quarantined++;
                    default -> counts.updated++;
                }
            }
        }
    }

    private Counts processChunk(StoredConnection connection, List<Item> chunk) {
        Counts counts = new Counts();
        Instant now = clock.instant();
        List<ChannelIntake.Prepared> prepared = new ArrayList<>();
        List<Item> preparedItems = new ArrayList<>();
        List<QuarantineEntries.NewEntry> rejected = new ArrayList<>();
        for (Item item : chunk) {
            try {
                Mapped mapped = item.header() != null
                        ? JsonataMapping.fromCanonical(CsvOrders.document(item.header(), item.rows()))
                        : intake.map(connection, item.topic(), item.body());
                if (mapped.intent() != Mapped.Intent.UPSERT) {
                    throw new MappingFailure("body", "an import carries orders only");
                }
                prepared.add(intake.prepare(connection, mapped));
                preparedItems.add(item);
            } catch (MappingFailure failure) {
                rejected.add(new QuarantineEntries.NewEntry(
                        connection.id(),
                        item.source(),
                        item.topic(),
                        null,
                        item.topic().equals("import.csv") ? "text/csv" : "application/json",
                        item.body(),
                        withRows(failure.problems(), item)));
            }
        }
        Map<String, ChannelOrders.Known> known = channelOrders.findAll(
                connection.id(),
                prepared.stream().map(p -> p.mapped().externalId()).toList());
        List<ChannelIntake.Prepared> fresh = new ArrayList<>();
        List<Item> freshItems = new ArrayList<>();
        List<Integer> later = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < prepared.size(); i++) {
            ChannelIntake.Prepared one = prepared.get(i);
            ChannelOrders.Known existing = known.get(one.mapped().externalId());
            if (existing != null && existing.contentHash().equals(one.contentHash())) {
                counts.duplicates++;
            } else if (existing != null || !seen.add(one.mapped().externalId())) {
                later.add(i);
            } else {
                fresh.add(one);
                freshItems.add(preparedItems.get(i));
            }
        }
        List<Order> placed = orders.placeAll(
                fresh.stream().map(ChannelIntake.Prepared::order).toList());
        List<ChannelIntake.Placed> records = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            Item item = freshItems.get(i);
            records.add(new ChannelIntake.Placed(
                    fresh.get(i),
                    placed.get(i),
                    item.topic(),
                    item.topic().equals("import.csv") ? "text/csv" : "application/json",
                    item.body()));
        }
        intake.recordPlaced(connection, records, now);
        counts.placed += placed.size();
        Set<String> cancelledIds = new HashSet<>();
        fresh.stream()
                .filter(p -> p.mapped().cancelled())
                .forEach(p -> cancelledIds.add(p.mapped().externalId()));
        for (Order order : placed) {
            if (cancelledIds.contains(order.externalId())) {
                OutboundStatus.asToldBy(connection.id(), () -> orders.cancel(order.id(), "cancelled in the import"));
            }
        }
        for (int index : later) {
            Item item = preparedItems.get(index);
            ChannelIntake.Outcome outcome = intake.apply(connection, item.topic(), null, item.body());
            switch (outcome.result()) {
                case "unchanged" -> counts.duplicates++;
                case "quarantined" ->
                    rejected.add(new QuarantineEntries.NewEntry(
                            connection.id(),
                            item.source(),
                            item.topic(),
                            null,
                            null,
                            item.body(),
                            withRows(outcome.problems(), item)));
                default -> counts.updated++;
            }
        }
        quarantine.putAll(rejected, now);
        counts.quarantined += rejected.size();
        return counts;
    }

    /** Names the file row of each line problem: {@code lines[1].quantity} of an order from rows 5-7 is row 6. */
    private static List<FieldProblem> withRows(List<FieldProblem> problems, Item item) {
        if (item.rows().isEmpty()) {
            String line = item.source().substring(item.source().lastIndexOf(' ') + 1);
            return problems.stream()
                    .map(p -> new FieldProblem("line " + line + ": " + p.field(), p.reason()))
                    .toList();
        }
        List<FieldProblem> named = new ArrayList<>();
        for (FieldProblem problem : problems) {
            long row = item.rows().getFirst().lineNo();
            String field = problem.field();
            java.util.regex.Matcher line =
                    java.util.regex.Pattern.compile("^lines\\[(\\d+)]\\.?(.*)$").matcher(field);
            if (line.matches() && Integer.parseInt(line.group(1)) < item.rows().size()) {
                row = item.rows().get(Integer.parseInt(line.group(1))).lineNo();
                field = line.group(2).isEmpty() ? "line" : line.group(2);
            }
            named.add(new FieldProblem("row " + row + ": " + field, problem.reason()));
        }
        return named;
    }

    private void progress(UUID id, Counts counts, String status, @Nullable String error) {
        transactions.executeWithoutResult(tx -> jdbc.sql("""
                update channel_imports set rows_read = ?, orders_read = ?, orders_placed = ?, duplicates = ?, updated = ?,
                    quarantined = ?, status = ?, error = ?, finished_at = ?, heartbeat_at = ?
                where tenant_id = ? and id = ?""")
                .params(
                        counts.rows,
                        counts.orders,
                        counts.placed,
                        counts.duplicates,
                        counts.updated,
                        counts.quarantined,
                        status,
                        error,
                        "running".equals(status) ? null : Timestamp.from(clock.instant()),
                        Timestamp.from(clock.instant()),
                        RequestContext.require().tenantId().value(),
                        id)
                .update());
    }

    /**
     * Marks failed the imports of an instance that stopped while importing (a restart, a crash): their file was only
     * in that instance's memory, so they cannot resume; importing the file again is safe because channel orders are
     * deduplicated. Runs shortly after start-up and every minute; "stopped" means no heartbeat for
     * {@code fulcrum.channels.import-stall-timeout}, so imports that another instance is still running are left alone.
     */
    @Scheduled(initialDelayString = "PT10S", fixedDelayString = "PT1M")
    void failStalledImports() {
        Instant now = clock.instant();
        jdbc.sql("select tenant_id, id, rows_read from fulcrum_fail_stalled_imports(?, ?)")
                .params(Timestamp.from(now.minus(stallTimeout)), Timestamp.from(now))
                .query((rs, row) -> rs.getObject("id", UUID.class) + " after " + rs.getLong("rows_read") + " rows")
                .list()
                .forEach(failed -> log.warn("import {} was interrupted by a stop and is marked failed", failed));
    }

    /** Non-blank lines of the file, counted on the bytes (UTF-8 never uses {@code \n} or spaces inside a character). */
    static long nonBlankLines(byte[] content) {
        long lines = 0;
        boolean blank = true;
        for (byte b : content) {
            if (b == '\n') {
                lines += blank ? 0 : 1;
                blank = true;
            } else if (b != ' ' && b != '\r' && b != '\t') {
                blank = false;
            }
        }
        return lines + (blank ? 0 : 1);
    }

    private static @Nullable String firstLine(byte[] content) {
        try (BufferedReader reader = new BufferedReader(
                new StringReader(new String(content, 0, Math.min(content.length, 8192), StandardCharsets.UTF_8)))) {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static final class Counts {
        long rows;
        long orders;
        long placed;
        long duplicates;
        long updated;
        long quarantined;

        void add(Counts other) {
            placed += other.placed;
            duplicates += other.duplicates;
            updated += other.updated;
            quarantined += other.quarantined;
        }
    }
}
