package dev.fulcrum.order;

/** The flow (state machine definition) and version an order runs on. */
public record FlowRef(String name, int version) {}
