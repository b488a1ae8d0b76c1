package dev.fulcrum.demand.models;

import dev.fulcrum.demand.models.Forecaster.WeeklyPoint;
import dev.fulcrum.demand.models.ModelSelection.Evaluation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Forecast accuracy on real data kept back from the models: the last weeks of each series are cut off, the rest is
 * forecast, and each candidate's WAPE (and the chosen one's) is measured over the weeks cut off, pooled over the series
 * (sum of absolute errors over sum of actual quantities). Used by the tests and by {@code ForecastReport}.
 */
final class ForecastAccuracy {

    /** Where the shared data sets are, from the project folder or a worktree of it; empty when absent. */
    static Optional<Path> sharedData(String relative) {
        Stream<String> roots =
                Stream.of(System.getProperty("fulcrum.shared-data", ""), "../shared/data", "../../shared/data");
        return roots.filter(root -> !root.isEmpty())
                .map(root -> Path.of(root).resolve(relative))
                .filter(Files::exists)
                .findFirst();
    }

    /** The Walmart file: one series per store, keyed {@code store-N}, weeks as the file dates them (Fridays). */
    static Map<String, List<WeeklyPoint>> walmartStores(Path file) {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("dd-MM-yyyy");
        Map<Integer, List<WeeklyPoint>> stores = new TreeMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = List.of(reader.readLine().split(","));
            int store = header.indexOf("Store");
            int date = header.indexOf("Date");
            int sales = header.indexOf("Weekly_Sales");
            int holiday = header.indexOf("Holiday_Flag");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",", -1);
                stores.computeIfAbsent(Integer.parseInt(cells[store]), key -> new ArrayList<>())
                        .add(new WeeklyPoint(
                                LocalDate.parse(cells[date], format),
                                Double.parseDouble(cells[sales]),
                                cells[holiday].equals("1")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<WeeklyPoint>> series = new LinkedHashMap<>();
        stores.forEach((number, points) -> series.put("store-" + number, points));
        return series;
    }

    /** Stock codes of the Online Retail file that are not products (postage, discounts, fees, vouchers). */
    static final Set<String> NOT_PRODUCTS =
            Set.of("POST", "DOT", "D", "M", "C2", "S", "B", "CRUK", "PADS", "BANK CHARGES", "AMAZONFEE");

    /** Weeks (Mondays) with an English bank holiday, December 2010 to August 2011. */
    static final Set<LocalDate> UK_HOLIDAY_WEEKS = Set.of(
            LocalDate.of(2010, 12, 27),
            LocalDate.of(2011, 1, 3),
            LocalDate.of(2011, 4, 18),
            LocalDate.of(2011, 4, 25),
            LocalDate.of(2011, 5, 2),
            LocalDate.of(2011, 5, 30),
            LocalDate.of(2011, 8, 29));

    /**
     * The Online Retail invoices as SKU-weekly units: ISO weeks (Monday), sales only (cancellations, non-products and
     * non-positive quantities left out), complete weeks only (the file starts on a Wednesday and ends on one), the
     * {@code top} stock codes by units sold, each with every week (0 where it sold nothing).
     */
    static Map<String, List<WeeklyPoint>> retailTopSkus(Path file, int top) {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        Map<String, Map<LocalDate, Double>> units = new HashMap<>();
        LocalDate firstDay = LocalDate.MAX;
        LocalDate lastDay = LocalDate.MIN;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = List.of(reader.readLine().split(","));
            int invoice = header.indexOf("InvoiceNo");
            int code = header.indexOf("StockCode");
            int quantity = header.indexOf("Quantity");
            int date = header.indexOf("InvoiceDate");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                // Descriptions may hold quoted commas: read the invoice and code from the left, the rest from the
                // right.
                String[] cells = line.split(",", -1);
                int shift = cells.length - header.size();
                String stockCode = cells[code].toUpperCase(java.util.Locale.ROOT);
                double sold = Double.parseDouble(cells[quantity + shift]);
                LocalDate day = LocalDateTime.parse(cells[date + shift], format).toLocalDate();
                firstDay = day.isBefore(firstDay) ? day : firstDay;
                lastDay = day.isAfter(lastDay) ? day : lastDay;
                if (cells[invoice].startsWith("C")
                        || sold <= 0
                        || NOT_PRODUCTS.contains(stockCode)
                        || stockCode.startsWith("GIFT")) {
                    continue;
                }
                units.computeIfAbsent(stockCode, key -> new HashMap<>())
                        .merge(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), sold, Double::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalDate firstWeek = firstDay.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        LocalDate lastWeek = lastDay.plusDays(1)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .minusWeeks(1);
        List<String> ranked = new ArrayList<>(units.keySet());
        ranked.sort((a, b) -> Double.compare(total(units.get(b)), total(units.get(a))));
        Map<String, List<WeeklyPoint>> series = new LinkedHashMap<>();
        for (String stockCode : ranked.subList(0, Math.min(top, ranked.size()))) {
            Map<LocalDate, Double> weekly = units.getOrDefault(stockCode, Map.of());
            List<WeeklyPoint> points = new ArrayList<>();
            for (LocalDate week = firstWeek; !week.isAfter(lastWeek); week = week.plusWeeks(1)) {
                points.add(new WeeklyPoint(week, weekly.getOrDefault(week, 0.0), UK_HOLIDAY_WEEKS.contains(week)));
            }
            series.put(stockCode, points);
        }
        return series;
    }

    private static double total(@org.jspecify.annotations.Nullable Map<LocalDate, Double> weekly) {
        return weekly == null
                ? 0
                : weekly.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** One holdout run: WAPE per candidate and of the chosen models over the weeks kept back, and how often each won. */
    record Holdout(
            int series,
            int horizonWeeks,
            Map<String, Double> wapeByModel,
            double chosenWape,
            Map<String, Integer> chosenCount,
            Map<String, Double> backtestWapeByModel,
            long millis) {}

    static Holdout holdout(Map<String, List<WeeklyPoint>> full, int horizon) {
        Map<String, List<WeeklyPoint>> history = new LinkedHashMap<>();
        Map<String, List<WeeklyPoint>> kept = new LinkedHashMap<>();
        Set<LocalDate> holidays = new HashSet<>();
        full.forEach((key, points) -> {
            List<WeeklyPoint> sorted = new ArrayList<>(points);
            sorted.sort(java.util.Comparator.comparing(WeeklyPoint::week));
            history.put(key, sorted.subList(0, sorted.size() - horizon));
            List<WeeklyPoint> future = sorted.subList(sorted.size() - horizon, sorted.size());
            kept.put(key, future);
            future.stream().filter(WeeklyPoint::holiday).forEach(point -> holidays.add(point.week()));
        });
        long started = System.nanoTime();
        Map<String, Evaluation> evaluations = new ModelSelection().evaluate(history, horizon, holidays);
        long millis = (System.nanoTime() - started) / 1_000_000;

        Map<String, Double> errors = new LinkedHashMap<>();
        Map<String, Integer> chosenCount = new TreeMap<>();
        Map<String, Double> backtestSums = new LinkedHashMap<>();
        double chosenError = 0;
        double actualSum = 0;
        for (Map.Entry<String, Evaluation> entry : evaluations.entrySet()) {
            Evaluation evaluation = entry.getValue();
            List<WeeklyPoint> future = kept.getOrDefault(entry.getKey(), List.of());
            for (int step = 0; step < horizon; step++) {
                double actual = future.get(step).quantity();
                actualSum += Math.abs(actual);
                for (Map.Entry<String, double[]> candidate :
                        evaluation.forecasts().entrySet()) {
                    errors.merge(candidate.getKey(), Math.abs(actual - candidate.getValue()[step]), Double::sum);
                }
                double[] chosen = evaluation.forecasts().getOrDefault(evaluation.chosen(), new double[horizon]);
                chosenError += Math.abs(actual - chosen[step]);
            }
            chosenCount.merge(evaluation.chosen(), 1, Integer::sum);
            evaluation
                    .backtests()
                    .forEach(backtest ->
                            backtestSums.merge(backtest.model(), backtest.wape() / evaluations.size(), Double::sum));
        }
        Map<String, Double> wape = new LinkedHashMap<>();
        for (Map.Entry<String, Double> entry : errors.entrySet()) {
            wape.put(entry.getKey(), entry.getValue() / actualSum);
        }
        return new Holdout(full.size(), horizon, wape, chosenError / actualSum, chosenCount, backtestSums, millis);
    }

    /** The holdout as a Markdown table, each WAPE also as a ratio to seasonal naive's. */
    static String table(String title, Holdout holdout) {
        double naive = holdout.wapeByModel().getOrDefault(SeasonalNaive.NAME, Double.NaN);
        StringBuilder out = new StringBuilder();
        out.append(title)
                .append(": ")
                .append(holdout.series())
                .append(" series, ")
                .append(holdout.horizonWeeks())
                .append(" weeks kept back, ")
                .append(holdout.millis())
                .append(" ms\n");
        out.append(
                "| model | WAPE over the weeks kept back | ratio to seasonal naive | mean backtest WAPE | chosen for |\n");
        out.append("|---|---|---|---|---|\n");
        holdout.wapeByModel()
                .forEach((model, wape) -> out.append(String.format(
                        java.util.Locale.ROOT,
                        "| %s | %.2f %% | %.3f | %.2f %% | %d |%n",
                        model,
                        100 * wape,
                        wape / naive,
                        100 * holdout.backtestWapeByModel().getOrDefault(model, Double.NaN),
                        holdout.chosenCount().getOrDefault(model, 0))));
        out.append(String.format(
                java.util.Locale.ROOT,
                "| **chosen per series** | **%.2f %%** | **%.3f** | | %d |%n",
                100 * holdout.chosenWape(),
                holdout.chosenWape() / naive,
                holdout.series()));
        return out.toString();
    }

    private ForecastAccuracy() {}
}
