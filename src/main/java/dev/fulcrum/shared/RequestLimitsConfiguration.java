package dev.fulcrum.shared;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** The request caps ({@link RequestLimits}) and the filter that refuses oversized bodies before they are read. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestLimits.class)
class RequestLimitsConfiguration {

    @Bean
    ImportMemory importMemory(RequestLimits limits) {
        return new ImportMemory(limits.maxImportBytesInFlight());
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(
            RequestLimits limits, ImportMemory importMemory, JsonMapper json) {
        FilterRegistrationBean<RequestBodyLimit> registration =
                new FilterRegistrationBean<>(new RequestBodyLimit(limits, importMemory, json));
        // Before security and everything else: an oversized body is refused before any of it is read.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
