/** The rollout API: start a canary, roll back, read rollouts with their guard series. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.rollout.web;
