package dev.fulcrum.console;

import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console's language: taken from the browser's {@code Accept-Language} until the user picks one with
 * {@code ?lang=zh-CN} or {@code ?lang=en}; the choice is kept in a cookie.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {

    static final String LANGUAGE_PARAMETER = "lang";

    /** Named {@code localeResolver} so that it replaces Spring MVC's default, which only reads Accept-Language. */
    @Bean
    LocaleResolver localeResolver() {
        ConsoleLocaleResolver resolver = new ConsoleLocaleResolver();
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setDefaultLocaleFunction(request -> ConsoleLocales.bestOf(request.getLocales()));
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor languageSwitch = new LocaleChangeInterceptor();
        languageSwitch.setParamName(LANGUAGE_PARAMETER);
        languageSwitch.setIgnoreInvalidLocale(true);
        registry.addInterceptor(languageSwitch).excludePathPatterns("/api/**");
    }

    /** Keeps only languages the console speaks in the cookie, so {@code ?lang=fr} falls back to English. */
    static final class ConsoleLocaleResolver extends org.springframework.web.servlet.i18n.CookieLocaleResolver {

        ConsoleLocaleResolver() {
            super("fulcrum-lang");
        }

        @Override
        public void setLocale(
                jakarta.servlet.http.HttpServletRequest request,
                jakarta.servlet.http.@org.jspecify.annotations.Nullable HttpServletResponse response,
                @org.jspecify.annotations.Nullable Locale locale) {
            super.setLocale(request, response, locale == null ? null : ConsoleLocales.supported(locale));
        }
    }
}
