package dev.fulcrum.sourcing.engine;

/** A carrier's service: {@code mode} is road, rail, air, sea or courier; temperature-controlled services carry chilled and frozen goods. */
public record CarrierService(
        String code, String carrier, String serviceLevel, String mode, boolean temperatureControlled) {}
