package dev.fulcrum.console;

import dev.fulcrum.demand.replenishment.ReplenishmentProposal;
import dev.fulcrum.demand.replenishment.ReplenishmentProposals;
import dev.fulcrum.shared.ApiProblem;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Replenishment proposals with their explanation (forecast, safety stock, on hand, inbound, reorder point, order-up-to)
 * and an approve button for operators and admins, through the demand module's replenishment API.
 */
@Controller
class ReplenishmentPages {

    static final int PAGE = 100;

    private final ReplenishmentProposals proposals;

    ReplenishmentPages(ReplenishmentProposals proposals) {
        this.proposals = proposals;
    }

    @GetMapping("/replenishment")
    String proposals(
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable String approved,
            Model model) {
        List<ReplenishmentProposal> items = List.of();
        String next = null;
        String unavailable = null;
        ReplenishmentProposals.Listing listing = null;
        try {
            listing = proposals.list(null, null, false, cursor, PAGE);
            items = listing.items();
            next = listing.next();
        } catch (ApiProblem refused) {
            unavailable = refused.getMessage();
        }
        model.addAttribute("proposals", items);
        model.addAttribute("listing", listing);
        model.addAttribute("next", next);
        model.addAttribute("unavailable", unavailable);
        model.addAttribute("approved", approved);
        model.addAttribute("mayAct", ConsoleRoles.mayAct());
        return "console/replenishment";
    }

    @PostMapping("/replenishment/{id}/approve")
    String approve(@PathVariable String id) {
        ConsoleRoles.requireMayAct();
        UUID proposal;
        try {
            proposal = UUID.fromString(id);
        } catch (IllegalArgumentException notUuid) {
            throw ApiProblem.invalid("id", "must be a proposal id");
        }
        proposals.approve(proposal, null, null);
        return "redirect:/replenishment?approved=" + proposal;
    }
}
