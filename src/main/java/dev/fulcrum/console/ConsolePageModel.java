package dev.fulcrum.console;

import dev.fulcrum.access.FulcrumUser;
import dev.fulcrum.shared.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shows besides its content: the logged-in user, the current language and the formatter;
 * and the error page for refusals (such as an order that does not exist).
 */
@ControllerAdvice(
        assignableTypes = {
            OrderPages.class,
            LoginPage.class,
            ChannelPages.class,
            ImportPages.class,
            QuarantinePages.class,
            SourcingPages.class,
            SubscriptionPages.class,
            UsagePage.class,
            OrderActionPages.class,
            OrderListActions.class,
            InventoryPages.class,
            CarrierPages.class,
            FlowPages.class,
            AccessPages.class,
            ReturnPages.class,
            ReturnActionPages.class
        })
class ConsolePageModel {

    private final ConsoleFormat format;

    ConsolePageModel(ConsoleFormat format) {
        this.format = format;
    }

    @ModelAttribute("fmt")
    ConsoleFormat format() {
        return format;
    }

    @ModelAttribute("user")
    @Nullable
    FulcrumUser user() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof FulcrumUser user ? user : null;
    }

    @ModelAttribute("language")
    String language() {
        return LocaleContextHolder.getLocale().toLanguageTag();
    }

    /** The current address without the language switch, so the switcher can append {@code lang=...} to it. */
    @ModelAttribute("here")
    String here(HttpServletRequest request) {
        String query = request.getQueryString() == null
                ? ""
                : java.util.Arrays.stream(request.getQueryString().split("&"))
                        .filter(part -> !part.startsWith(ConsoleConfiguration.LANGUAGE_PARAMETER + "="))
                        .filter(part -> !part.isEmpty())
                        .reduce((a, b) -> a + "&" + b)
                        .orElse("");
        return request.getRequestURI() + (query.isEmpty() ? "?" : "?" + query + "&");
    }

    @ExceptionHandler(ApiProblem.class)
    ModelAndView refused(ApiProblem problem, HttpServletResponse response) {
        ModelAndView page = new ModelAndView("console/error");
        page.setStatus(org.springframework.http.HttpStatusCode.valueOf(problem.status()));
        page.addObject("problem", problem);
        page.addObject("fmt", format);
        page.addObject("user", user());
        page.addObject("language", language());
        page.addObject("here", "/orders?");
        return page;
    }
}
