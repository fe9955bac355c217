package dev.runneriq.core.model;

/** Priority tiers, most urgent first. Thresholds are in the priority policy. */
public enum Tier {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW
}
