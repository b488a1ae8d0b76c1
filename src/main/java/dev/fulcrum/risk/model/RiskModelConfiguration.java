package dev.fulcrum.risk.model;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link RiskModelSettings}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RiskModelSettings.class)
class RiskModelConfiguration {}
