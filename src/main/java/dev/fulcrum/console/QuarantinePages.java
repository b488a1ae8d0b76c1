package dev.fulcrum.console;

import dev.fulcrum.channels.ChannelManagement;
import dev.fulcrum.channels.Connection;
import dev.fulcrum.shared.ApiProblem;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The quarantine: payloads that could not become orders, with every reason; reprocess them, or discard with a reason. */
@Controller
class QuarantinePages {

    static final Set<String> STATUSES = Set.of("open", "reprocessed", "discarded");

    private final ChannelManagement channels;

    QuarantinePages(ChannelManagement channels) {
        this.channels = channels;
    }

    @GetMapping("/quarantine")
    String list(@RequestParam(defaultValue = "open") String status, Model model) {
        String shown = STATUSES.contains(status) ? status : "open";
        model.addAttribute("status", shown);
        model.addAttribute("entries", channels.quarantine(shown, 200));
        Map<UUID, String> names = channels.connections().stream()
                .collect(Collectors.toMap(Connection::id, Connection::name, (a, b) -> a));
        model.addAttribute("connectionNames", names);
        return "console/quarantine";
    }

    @PostMapping("/quarantine/{id}/reprocess")
    String reprocess(@PathVariable String id, RedirectAttributes redirect) {
        ChannelManagement.Reprocessed result = channels.reprocess(entryId(id));
        redirect.addFlashAttribute("reprocessed", result);
        redirect.addFlashAttribute("entryId", id);
        return "redirect:/quarantine";
    }

    @PostMapping("/quarantine/{id}/discard")
    String discard(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String reason,
            RedirectAttributes redirect) {
        try {
            channels.discard(entryId(id), reason);
            redirect.addFlashAttribute("discarded", id);
        } catch (ApiProblem refused) {
            if (refused.status() != 400) {
                throw refused;
            }
            redirect.addFlashAttribute("reasonMissing", id);
        }
        return "redirect:/quarantine";
    }

    private static UUID entryId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("quarantine entry " + id + " does not exist");
        }
    }
}
