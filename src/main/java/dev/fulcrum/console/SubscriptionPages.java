package dev.fulcrum.console;

import dev.fulcrum.access.FulcrumUser;
import dev.fulcrum.events.WebhookOperations;
import dev.fulcrum.shared.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Webhook subscriptions with their delivery health, and one subscription with its delivery log and the operator's
 * actions (retry a delivery, replay from a time, resume). The actions are plain forms that redirect back to the page
 * with a notice; viewers see the pages but not the actions.
 */
@Controller
class SubscriptionPages {

    static final int LOG_SIZE = 50;
    static final List<String> DELIVERY_STATUSES = List.of("pending", "delivered", "dead");

    private final WebhookOperations webhooks;
    private final ConsoleFormat format;
    private final Clock clock;

    SubscriptionPages(WebhookOperations webhooks, ConsoleFormat format, Clock clock) {
        this.webhooks = webhooks;
        this.format = format;
        this.clock = clock;
    }

    @GetMapping("/subscriptions")
    String list(Model model) {
        model.addAttribute("subscriptions", webhooks.subscriptions());
        model.addAttribute("windowHours", WebhookOperations.HEALTH_WINDOW.toHours());
        return "console/subscriptions";
    }

    @GetMapping("/subscriptions/{id}")
    String subscription(@PathVariable String id, @RequestParam(required = false) @Nullable String status, Model model) {
        UUID subscriptionId = subscriptionId(id);
        String shown = status != null && DELIVERY_STATUSES.contains(status) ? status : null;
        model.addAttribute("subscription", webhooks.subscription(subscriptionId));
        model.addAttribute("deliveries", webhooks.deliveries(subscriptionId, LOG_SIZE, shown));
        model.addAttribute("deliveryStatus", shown);
        model.addAttribute("deliveryStatuses", DELIVERY_STATUSES);
        model.addAttribute("windowHours", WebhookOperations.HEALTH_WINDOW.toHours());
        model.addAttribute(
                "replaySince",
                LocalDateTime.ofInstant(
                                clock.instant().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES),
                                format.zone())
                        .toString());
        model.addAttribute("canAct", mayAct());
        return "console/subscription";
    }

    @PostMapping("/subscriptions/{id}/deliveries/{deliveryId}/retry")
    String retry(@PathVariable String id, @PathVariable String deliveryId, RedirectAttributes redirect) {
        requireMayAct();
        UUID subscriptionId = subscriptionId(id);
        webhooks.retry(subscriptionId, uuid(deliveryId, "delivery"));
        redirect.addFlashAttribute("notice", "subscription.retried");
        return "redirect:/subscriptions/" + subscriptionId;
    }

    /** {@code since} is a local date and time in the console's zone, as a datetime-local input sends it. */
    @PostMapping("/subscriptions/{id}/replay")
    String replay(@PathVariable String id, @RequestParam String since, RedirectAttributes redirect) {
        requireMayAct();
        UUID subscriptionId = subscriptionId(id);
        Instant from;
        try {
            from = LocalDateTime.parse(since.strip()).atZone(format.zone()).toInstant();
        } catch (DateTimeParseException malformed) {
            throw ApiProblem.invalid("since", "is not a date and time such as 2026-11-20T09:30");
        }
        int queued = webhooks.replay(subscriptionId, from);
        redirect.addFlashAttribute("notice", "subscription.replayed");
        redirect.addFlashAttribute("noticeCount", queued);
        return "redirect:/subscriptions/" + subscriptionId;
    }

    @PostMapping("/subscriptions/{id}/resume")
    String resume(@PathVariable String id, RedirectAttributes redirect) {
        requireMayAct();
        UUID subscriptionId = subscriptionId(id);
        webhooks.resume(subscriptionId);
        redirect.addFlashAttribute("notice", "subscription.resumed");
        return "redirect:/subscriptions/" + subscriptionId;
    }

    /** Viewers look; admins and operators act. */
    static boolean mayAct() {
        return SecurityContextHolder.getContext().getAuthentication() != null
                && SecurityContextHolder.getContext().getAuthentication().getPrincipal() instanceof FulcrumUser user
                && !"viewer".equals(user.role());
    }

    private static void requireMayAct() {
        if (!mayAct()) {
            throw ApiProblem.forbidden("viewers cannot retry, replay or resume deliveries");
        }
    }

    private static UUID subscriptionId(String id) {
        return uuid(id, "subscription");
    }

    private static UUID uuid(String id, String what) {
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException malformed) {
            throw ApiProblem.notFound(what + " " + id + " does not exist");
        }
    }
}
