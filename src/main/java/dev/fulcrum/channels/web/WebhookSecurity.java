package dev.fulcrum.channels.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Channels call webhooks without Fulcrum API keys: Shopify and WooCommerce webhooks, and generic documents sent without
 * an {@code Authorization} header, pass the API key check and are authenticated by the HMAC signature of their body
 * against the connection's secret instead (see {@link WebhookController}). Everything else stays behind API keys.
 */
@Configuration(proxyBeanMethods = false)
class WebhookSecurity {

    private static final Pattern SIGNED = Pattern.compile("/api/v1/channels/connections/[^/]+/(shopify|woocommerce)");
    private static final Pattern GENERIC = Pattern.compile("/api/v1/channels/connections/[^/]+/orders");

    @Bean
    @Order(0)
    SecurityFilterChain channelWebhooks(HttpSecurity http) throws Exception {
        return http.securityMatcher(WebhookSecurity::signedByBody)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    static boolean signedByBody(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI();
        return SIGNED.matcher(path).matches()
                || (GENERIC.matcher(path).matches() && request.getHeader("Authorization") == null);
    }
}
