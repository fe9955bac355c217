/**
 * The audit log: every decision and every job outcome, in SQLite (one file, WAL) or PostgreSQL,
 * migrated by Flyway and written through JDBI off the decision path; beside them the action log of
 * every write to GitLab, committed before it is sent, the actuator lease that lets only one process
 * send them, and what the optimizer learned, kept across restarts.
 */
@NullMarked
package dev.runneriq.store;

import org.jspecify.annotations.NullMarked;
