package dev.fulcrum.console;

import dev.fulcrum.channels.ChannelManagement;
import dev.fulcrum.channels.ImportProgress;
import dev.fulcrum.shared.ApiProblem;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Bulk imports: upload a CSV or JSON Lines file for a connection, then watch its progress bar; while the import runs,
 * htmx fetches {@code /imports/{id}/progress} every half second and swaps the bar in place.
 */
@Controller
class ImportPages {

    private final ChannelManagement channels;

    ImportPages(ChannelManagement channels) {
        this.channels = channels;
    }

    @GetMapping("/imports")
    String form(Model model) {
        model.addAttribute("connections", channels.connections());
        return "console/imports";
    }

    @PostMapping("/imports")
    String start(
            @RequestParam(required = false) @Nullable String connectionId,
            @RequestParam(required = false) @Nullable String format,
            @RequestParam(required = false) @Nullable MultipartFile file,
            Model model)
            throws IOException {
        if (connectionId == null || connectionId.isBlank()) {
            throw ApiProblem.invalid("connectionId", "is required: the connection the orders come from");
        }
        if (file == null || file.isEmpty()) {
            throw ApiProblem.invalid("file", "is required: a CSV or JSON Lines file");
        }
        ImportProgress progress = channels.startImport(
                ChannelPages.connectionId(connectionId), format(format, file.getOriginalFilename()), file.getBytes());
        return "redirect:/imports/" + progress.id();
    }

    @GetMapping("/imports/{id}")
    String show(@PathVariable String id, Model model) {
        model.addAttribute("connections", channels.connections());
        model.addAttribute("progress", channels.importProgress(importId(id)));
        return "console/imports";
    }

    @GetMapping("/imports/{id}/progress")
    String progress(@PathVariable String id, Model model) {
        model.addAttribute("progress", channels.importProgress(importId(id)));
        return "console/imports :: progress";
    }

    /** The chosen format, or the one the file name says (.csv, .jsonl, .ndjson). */
    private static String format(@Nullable String chosen, @Nullable String fileName) {
        if (chosen != null && !chosen.isBlank()) {
            return chosen;
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? "jsonl" : "csv";
    }

    private static UUID importId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("import " + id + " does not exist");
        }
    }
}
