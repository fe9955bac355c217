package dev.runneriq.core.model;

import org.jspecify.annotations.Nullable;

/**
 * The deployment environment a job deploys to.
 *
 * @param tier GitLab's {@code deployment_tier} ({@code production}, {@code staging}, {@code
 *     testing}, {@code development}, {@code other}), or null when GitLab would infer it from the
 *     name
 */
public record Environment(String name, @Nullable String tier) {}
