package dev.fulcrum.access;

import dev.fulcrum.shared.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two doors. {@code /api/**} is stateless: an API key as bearer token, scopes checked per endpoint, refusals as
 * problem details (401 without a valid key, 403 without the scope). Everything else is the console: form login
 * with a session. Either way the caller's tenant and name are bound to the request context.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String[] PUBLIC = {
        "/login",
        "/webjars/**",
        "/css/**",
        "/js/**",
        "/images/**",
        "/favicon.ico",
        "/actuator/health/**",
        // The customer's tracking page: its signed link is the credential (ADR 0132).
        "/track/**",
        "/actuator/prometheus",
        "/v3/api-docs/**",
        "/swagger-ui/**",
        "/swagger-ui.html",
        "/error"
    };

    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder(
                "argon2", Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiKeys apiKeys, TenantStatus tenants, JsonMapper json)
            throws Exception {
        return http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new BearerKeyFilter(apiKeys), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new RequestContextBinding(tenants, json), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest()
                        .access((authentication, context) ->
                                new AuthorizationDecision(authentication.get() instanceof ApiKeyAuthentication key
                                        && allows(
                                                key,
                                                Scopes.requiredFor(
                                                        context.getRequest().getMethod(),
                                                        context.getRequest().getRequestURI())))))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, failure) -> write(
                                json,
                                response,
                                ApiProblem.unauthorized("send a valid API key as 'Authorization: Bearer <key>'")))
                        .accessDeniedHandler((request, response, denied) ->
                                write(json, response, ApiProblem.forbidden(refusal(request)))))
                .build();
    }

    /** Platform scopes need a key of the default tenant; everything else only the scope (ADR 0092). */
    private static boolean allows(ApiKeyAuthentication key, String required) {
        return PlatformAdmins.isPlatformScope(required)
                ? PlatformAdmins.keyMay(key.tenant(), key.scopes(), required)
                : Scopes.grants(key.scopes(), required);
    }

    private static String refusal(HttpServletRequest request) {
        String required = Scopes.requiredFor(request.getMethod(), request.getRequestURI());
        return PlatformAdmins.isPlatformScope(required)
                ? "only a platform admin (an admin or " + required + " key of the default tenant) may do this"
                : "this API key lacks the scope " + required;
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http, Users users, TenantStatus tenants, JsonMapper json)
            throws Exception {
        return http.userDetailsService(users)
                .addFilterAfter(new RequestContextBinding(tenants, json), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(PUBLIC)
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(login -> login.loginPage("/login")
                        .defaultSuccessUrl("/orders", false)
                        .permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
                .build();
    }

    static void write(JsonMapper json, HttpServletResponse response, ApiProblem problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (problem.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        json.writeValue(response.getOutputStream(), problem.toProblemDetail());
    }

    /** Authenticates {@code Authorization: Bearer <key>}; a request without one stays anonymous and is refused later. */
    static final class BearerKeyFilter extends OncePerRequestFilter {

        private final ApiKeys apiKeys;

        BearerKeyFilter(ApiKeys apiKeys) {
            this.apiKeys = apiKeys;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                apiKeys.authenticate(header.substring(7).strip())
                        .ifPresent(key ->
                                SecurityContextHolder.getContext().setAuthentication(new ApiKeyAuthentication(key)));
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * Binds the authenticated caller's tenant, name and a request id for the rest of the request; refuses callers of
     * a suspended tenant with 403.
     */
    static final class RequestContextBinding extends OncePerRequestFilter {

        private final TenantStatus tenants;
        private final JsonMapper json;

        RequestContextBinding(TenantStatus tenants, JsonMapper json) {
            this.tenants = tenants;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            // getPrincipal() may be null, and a switch over null throws.
            Caller caller =
                    authentication != null && authentication.getPrincipal() instanceof Caller known ? known : null;
            if (caller == null) {
                chain.doFilter(request, response);
                return;
            }
            if (tenants.isSuspended(caller.tenant())) {
                String detail = "tenant " + caller.tenant() + " is suspended: ask the platform admin to reactivate it";
                if (request.getRequestURI().startsWith("/api/")) {
                    write(json, response, ApiProblem.forbidden(detail));
                } else {
                    response.sendError(HttpServletResponse.SC_FORBIDDEN, detail);
                }
                return;
            }
            String requestId = request.getHeader("X-Request-Id");
            if (requestId == null || requestId.isBlank() || requestId.length() > 100) {
                requestId = java.util.UUID.randomUUID().toString();
            }
            response.setHeader("X-Request-Id", requestId);
            new dev.fulcrum.shared.RequestContext(caller.tenant(), caller.actor(), requestId).bind();
            try {
                chain.doFilter(request, response);
            } finally {
                dev.fulcrum.shared.RequestContext.clear();
            }
        }
    }
}
