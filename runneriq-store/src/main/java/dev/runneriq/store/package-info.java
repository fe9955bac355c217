/**
 * The audit log: every decision and every job outcome, in SQLite (one file, WAL) or PostgreSQL,
 * migrated by Flyway and written through JDBI off the decision path.
 */
@NullMarked
package dev.runneriq.store;

import org.jspecify.annotations.NullMarked;
