/**
 * The process's one log stream: Logback behind SLF4J, RunnerIQ's {@link System.Logger} lines and
 * java.util.logging, written to stderr as text or JSON lines, without any configured secret. What
 * {@code runneriq.yaml}'s {@code logging} section says is applied here.
 */
@NullMarked
package dev.runneriq.app.logging;

import org.jspecify.annotations.NullMarked;
