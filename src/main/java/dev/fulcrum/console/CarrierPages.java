package dev.fulcrum.console;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.sourcing.CarrierRateCards;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Carrier services and their rate cards, with the upload of a rate card as CSV. A card with wrong cells is not
 * stored: the page shows the uploaded rows with each wrong cell marked and its reason, as sourcing found them.
 */
@Controller
class CarrierPages {

    /** How many uploaded rows the page shows back when some are wrong. */
    static final int ROWS_SHOWN = 200;

    private static final Pattern CELL = Pattern.compile("line (\\d+)\\.(\\w+)");

    private final CarrierRateCards rateCards;
    private final RequestLimits limits;

    CarrierPages(CarrierRateCards rateCards, RequestLimits limits) {
        this.rateCards = rateCards;
        this.limits = limits;
    }

    @GetMapping("/carriers")
    String carriers(Model model) {
        model.addAttribute("carriers", rateCards.carriers());
        return "console/carriers";
    }

    @GetMapping("/carriers/{code}")
    String carrier(@PathVariable String code, Model model) {
        show(code, model);
        return "console/carrier";
    }

    @PostMapping("/carriers/{code}/rates")
    String upload(
            @PathVariable String code,
            @RequestParam(required = false) @Nullable MultipartFile file,
            Model model,
            HttpServletResponse response)
            throws IOException {
        ConsoleRoles.requireMayAct();
        CarrierRateCards.Carrier carrier = show(code, model);
        if (file == null || file.isEmpty()) {
            model.addAttribute("uploadProblem", ApiProblem.invalid("file", "choose a CSV file"));
            response.setStatus(400);
            return "console/carrier";
        }
        ApiProblem overCap = overCap(file);
        if (overCap != null) {
            model.addAttribute("uploadProblem", overCap);
            response.setStatus(overCap.status());
            return "console/carrier";
        }
        String csv = new String(file.getBytes(), StandardCharsets.UTF_8);
        try {
            int lanes = rateCards.replace(carrier.code(), csv);
            model.addAttribute("uploaded", lanes);
            model.addAttribute("lanes", rateCards.lanes(carrier.code()));
        } catch (ApiProblem refused) {
            response.setStatus(refused.status());
            model.addAttribute("uploadProblem", refused);
            model.addAttribute("upload", grid(csv, refused.errors()));
        }
        return "console/carrier";
    }

    /**
     * The refusal of a file over the rate card caps, or null: the size is checked first, then the rows are counted
     * while streaming, so that an oversized card is never held in memory as text.
     */
    private @Nullable ApiProblem overCap(MultipartFile file) throws IOException {
        DataSize maxBytes = limits.maxRequestBytes();
        if (file.getSize() > maxBytes.toBytes()) {
            return ApiProblem.tooLarge(
                    "file",
                    "at most " + RequestLimits.readable(maxBytes) + " per rate card file, got " + file.getSize()
                            + " bytes (fulcrum.limits.max-request-bytes)");
        }
        long rows = -1; // the header is not a lane
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows++;
                }
            }
        }
        if (rows > limits.rateCardRows()) {
            return ApiProblem.tooLarge(
                    "file",
                    RequestLimits.overCap(rows, limits.rateCardRows(), "rows per rate card")
                            + " (fulcrum.limits.rate-card-rows)");
        }
        return null;
    }

    private CarrierRateCards.Carrier show(String code, Model model) {
        CarrierRateCards.Carrier carrier = rateCards.carriers().stream()
                .filter(c -> c.code().equals(code))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("carrier service " + code + " does not exist"));
        model.addAttribute("carrier", carrier);
        model.addAttribute("lanes", rateCards.lanes(code));
        model.addAttribute("columns", CarrierRateCards.csvColumns());
        model.addAttribute("canAct", ConsoleRoles.mayAct());
        model.addAttribute("maxRows", limits.rateCardRows());
        model.addAttribute("maxFileSize", RequestLimits.readable(limits.maxRequestBytes()));
        return carrier;
    }

    /** One uploaded row as the page shows it: its line number, its cells, and the problem of each wrong cell. */
    record UploadRow(int lineNo, List<UploadCell> cells, boolean wrong) {}

    record UploadCell(String text, @Nullable String problem) {}

    /** The uploaded rows with the wrong cells marked, the header first; problems naming no cell are listed apart. */
    record UploadGrid(List<String> header, List<UploadRow> rows, List<FieldProblem> other, int rowsTotal) {}

    static UploadGrid grid(String csv, List<FieldProblem> problems) {
        List<String> lines = csv.lines().filter(line -> !line.isBlank()).toList();
        List<String> header = lines.isEmpty()
                ? List.of()
                : Arrays.stream(lines.getFirst().split(",", -1))
                        .map(String::strip)
                        .toList();
        Map<String, String> byCell = new HashMap<>();
        List<FieldProblem> other = new ArrayList<>();
        for (FieldProblem problem : problems) {
            Matcher cell = CELL.matcher(problem.field());
            if (cell.matches() && header.contains(cell.group(2))) {
                byCell.merge(cell.group(1) + "." + cell.group(2), problem.reason(), (a, b) -> a + "; " + b);
            } else {
                other.add(problem);
            }
        }
        List<UploadRow> rows = new ArrayList<>();
        for (int r = 1; r < lines.size() && rows.size() < ROWS_SHOWN; r++) {
            int lineNo = r + 1;
            String[] values = lines.get(r).split(",", -1);
            List<UploadCell> cells = new ArrayList<>();
            boolean wrong = false;
            for (int c = 0; c < header.size(); c++) {
                @Nullable String problem = byCell.get(lineNo + "." + header.get(c));
                wrong |= problem != null;
                cells.add(new UploadCell(c < values.length ? values[c].strip() : "", problem));
            }
            rows.add(new UploadRow(lineNo, cells, wrong));
        }
        return new UploadGrid(header, rows, other, Math.max(0, lines.size() - 1));
    }
}
