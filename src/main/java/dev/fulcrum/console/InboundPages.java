package dev.fulcrum.console;

import dev.fulcrum.inbound.InboundEvents;
import dev.fulcrum.inbound.InboundOutcome;
import dev.fulcrum.shared.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Inbound dead letters: documents from warehouses, carriers and payment systems that could not be applied, with the
 * reason; retry one after a fix (optionally with a corrected document), or discard it with a reason.
 */
@Controller
class InboundPages {

    static final List<String> STATUSES = List.of("open", "retried", "discarded");

    private final InboundEvents inbound;

    InboundPages(InboundEvents inbound) {
        this.inbound = inbound;
    }

    @GetMapping("/inbound-events/dead-letters")
    String list(@RequestParam(defaultValue = "open") String status, Model model) {
        String shown = STATUSES.contains(status) ? status : "open";
        model.addAttribute("status", shown);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("deadLetters", inbound.deadLetters(shown, null, 200).deadLetters());
        model.addAttribute("mayAct", ConsoleRoles.mayAct());
        return "console/inbound-dead-letters";
    }

    @PostMapping("/inbound-events/dead-letters/{id}/retry")
    String retry(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String document,
            RedirectAttributes redirect) {
        ConsoleRoles.requireMayAct();
        byte[] corrected =
                document == null || document.isBlank() ? null : document.strip().getBytes(StandardCharsets.UTF_8);
        try {
            InboundOutcome outcome = inbound.retry(deadLetterId(id), corrected);
            redirect.addFlashAttribute("retried", outcome);
        } catch (ApiProblem refused) {
            if (refused.status() >= 500 || refused.status() == 404) {
                throw refused;
            }
            redirect.addFlashAttribute("refused", refused.getMessage());
        }
        redirect.addFlashAttribute("deadLetterId", id);
        return "redirect:/inbound-events/dead-letters";
    }

    @PostMapping("/inbound-events/dead-letters/{id}/discard")
    String discard(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String reason,
            RedirectAttributes redirect) {
        ConsoleRoles.requireMayAct();
        try {
            inbound.discard(deadLetterId(id), reason);
            redirect.addFlashAttribute("discarded", id);
        } catch (ApiProblem refused) {
            if (refused.status() >= 500 || refused.status() == 404) {
                throw refused;
            }
            redirect.addFlashAttribute("refused", refused.getMessage());
        }
        return "redirect:/inbound-events/dead-letters";
    }

    private static UUID deadLetterId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("dead letter " + id + " does not exist");
        }
    }
}
