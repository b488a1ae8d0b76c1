package dev.fulcrum.tracking.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fulcrum.access.AuditEntry;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.tracking.TrackingLinks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The customer's tracking page: no login, the order a signed link opens and nothing else (ADR 0132). Shows the
 * status in plain words, the promised delivery date, shipments with carrier and tracking number, and the placed,
 * paid, shipped, delivered and cancelled steps of the timeline; never holds, prices, notes or who did what. Read from
 * the database on every request, so it is as fresh as the order; browsers may keep it 30 seconds. A wrong or expired
 * link is 404, and an address that sends many of them is refused with 429 for a minute.
 */
@Controller
class TrackingPage {

    /** Failed opens an address may make per minute before it is refused. */
    static final int MAX_FAILURES_PER_MINUTE = 20;

    private static final Set<String> CHINESE_SPEAKING = Set.of("CN", "HK", "MO", "TW", "SG");
    private static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    private static final ZoneId CHINA_TIME = ZoneId.of("Asia/Shanghai");
    private static final Map<String, String> CUSTOMER_STEPS = Map.of(
            "order.placed", "placed",
            "order.paid", "paid",
            "order.shipped", "shipped",
            "order.delivered", "delivered",
            "order.cancelled", "cancelled");

    private final TrackingLinks links;
    private final OrderManagement orders;
    private final MessageSource messages;
    private final Cache<String, AtomicInteger> failuresByAddress = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .build();

    TrackingPage(TrackingLinks links, OrderManagement orders, MessageSource messages) {
        this.links = links;
        this.orders = orders;
        this.messages = messages;
    }

    @GetMapping("/track/{orderId}")
    String page(
            @PathVariable String orderId,
            @RequestParam(name = "t", defaultValue = "") String token,
            @RequestParam(name = "lang", required = false) @Nullable String lang,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        // The token is in the address: keep it out of Referer headers, search engines and shared caches.
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Robots-Tag", "noindex");
        String address = request.getRemoteAddr();
        AtomicInteger failures = failuresByAddress.getIfPresent(address);
        if (failures != null && failures.get() >= MAX_FAILURES_PER_MINUTE) {
            response.setStatus(429);
            response.setHeader("Retry-After", "60");
            return notFound(model, lang == null ? request.getLocale() : locale(lang, null), "tracking.tooMany");
        }
        var opened = links.open(orderId, token);
        @Nullable
        Order order = opened.flatMap(
                        link -> RequestContext.runAs(link.tenant(), "tracking-page", () -> orders.find(link.orderId())))
                .orElse(null);
        if (opened.isEmpty() || order == null) {
            failuresByAddress.get(address, any -> new AtomicInteger()).incrementAndGet();
            response.setStatus(404);
            response.setHeader("Cache-Control", "no-store");
            return notFound(model, lang == null ? request.getLocale() : locale(lang, null), "tracking.notFound");
        }
        List<AuditEntry> timeline =
                RequestContext.runAs(opened.get().tenant(), "tracking-page", () -> orders.timeline(order.id()));
        Locale locale = locale(lang, order);
        ZoneId zone = CHINESE.equals(locale) ? CHINA_TIME : ZoneOffset.UTC;
        DateTimeFormatter time =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", locale).withZone(zone);
        response.setHeader("Cache-Control", "private, max-age=30");
        response.setHeader("Vary", "Accept-Language");
        model.addAttribute("lang", CHINESE.equals(locale) ? "zh-CN" : "en");
        model.addAttribute("zone", CHINESE.equals(locale) ? "UTC+8" : "UTC");
        model.addAttribute("text", text(locale));
        model.addAttribute("reference", order.externalId());
        model.addAttribute("status", message("tracking.status." + plainStatus(order), locale));
        model.addAttribute("statusKey", plainStatus(order));
        model.addAttribute(
                "deliverBy",
                order.deliverBy() == null ? null : order.deliverBy().toString());
        List<Map<String, String>> steps = new ArrayList<>();
        List<Map<String, String>> shipments = new ArrayList<>();
        for (AuditEntry entry : timeline) {
            String step = CUSTOMER_STEPS.get(entry.action());
            if (step == null) {
                continue;
            }
            steps.add(Map.of("at", time.format(entry.at()), "what", message("tracking.step." + step, locale)));
            if ("shipped".equals(step)) {
                Map<String, String> shipment = new LinkedHashMap<>();
                shipment.put("at", time.format(entry.at()));
                shipment.put("carrier", String.valueOf(entry.details().getOrDefault("carrier", "—")));
                shipment.put("trackingNumber", String.valueOf(entry.details().getOrDefault("trackingNumber", "—")));
                shipments.add(shipment);
            }
        }
        model.addAttribute("steps", steps);
        model.addAttribute("shipments", shipments);
        return "tracking/order";
    }

    private String notFound(Model model, Locale requested, String reasonKey) {
        Locale locale = "zh".equals(requested.getLanguage()) ? CHINESE : Locale.ENGLISH;
        model.addAttribute("lang", CHINESE.equals(locale) ? "zh-CN" : "en");
        model.addAttribute("text", text(locale));
        model.addAttribute("reason", message(reasonKey, locale));
        return "tracking/not-found";
    }

    /** The status a customer understands: internal states (holds, flows, allocation) are "being prepared". */
    private static String plainStatus(Order order) {
        return switch (order.status().wireName()) {
            case "pending_payment" -> "awaitingPayment";
            case "partially_shipped" -> "partlyShipped";
            case "shipped" -> "shipped";
            case "completed" -> "delivered";
            case "cancelled" -> "cancelled";
            default -> "preparing";
        };
    }

    /** {@code ?lang=} first, then the delivery country: a customer receiving in China reads Chinese. */
    private static Locale locale(@Nullable String lang, @Nullable Order order) {
        if (lang != null) {
            return lang.toLowerCase(Locale.ROOT).startsWith("zh") ? CHINESE : Locale.ENGLISH;
        }
        return order != null
                        && CHINESE_SPEAKING.contains(
                                order.shippingAddress().country().toUpperCase(Locale.ROOT))
                ? CHINESE
                : Locale.ENGLISH;
    }

    private Map<String, String> text(Locale locale) {
        Map<String, String> text = new LinkedHashMap<>();
        for (String key : List.of(
                "title",
                "reference",
                "status",
                "deliverBy",
                "shipments",
                "carrier",
                "trackingNumber",
                "shippedAt",
                "timeline",
                "noShipments",
                "fresh")) {
            text.put(key, message("tracking." + key, locale));
        }
        return text;
    }

    private String message(String key, Locale locale) {
        String text = messages.getMessage(key, null, key, locale);
        return text == null ? key : text;
    }
}
