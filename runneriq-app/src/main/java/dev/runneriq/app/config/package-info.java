/**
 * {@code runneriq.yaml}: the defaults, the file, and environment overrides merged into one tree,
 * then bound to the engine's immutable config records with errors naming the key.
 */
@NullMarked
package dev.runneriq.app.config;

import org.jspecify.annotations.NullMarked;
