package dev.fulcrum.events.web;

import dev.fulcrum.events.UsageReports;
import dev.fulcrum.events.usage.UsageMeter;
import dev.fulcrum.shared.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@RestController
@Tag(name = "Usage")
class UsageController {

    private final UsageReports reports;
    private final Clock clock;

    UsageController(UsageReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping("/api/v1/usage")
    @Operation(
            summary =
                    "Usage per day (UTC): orders placed, API calls by key and endpoint, events delivered, webhook failures",
            description =
                    "`from` and `to` are ISO dates (inclusive); the default is the last 30 days, at most 366 days.")
    Map<String, Object> usage(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate end = date("to", to, today);
        LocalDate start = date("from", from, end.minusDays(29));
        if (start.isAfter(end) || start.plusDays(366).isBefore(end)) {
            throw ApiProblem.invalid("from", "must be on or before to, and at most 366 days earlier");
        }
        return Map.of("from", start, "to", end, "days", reports.days(start, end));
    }

    private static LocalDate date(String field, @Nullable String text, LocalDate otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException malformed) {
            throw ApiProblem.invalid(field, "is not an ISO date such as 2026-11-22");
        }
    }

    /** Counts every API call through the usage meter. */
    @Configuration(proxyBeanMethods = false)
    static class Metering implements WebMvcConfigurer {

        private final UsageMeter meter;

        Metering(UsageMeter meter) {
            this.meter = meter;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(meter).addPathPatterns("/api/**");
        }
    }
}
