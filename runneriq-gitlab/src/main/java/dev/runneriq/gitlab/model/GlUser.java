package dev.runneriq.gitlab.model;

import org.jspecify.annotations.Nullable;

/** A GitLab user as jobs, pipelines and hooks embed it. */
public record GlUser(
    @Nullable Long id, @Nullable String username, @Nullable String name, @Nullable Boolean bot) {}
