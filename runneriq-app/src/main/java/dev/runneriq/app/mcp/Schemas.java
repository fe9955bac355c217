package dev.runneriq.app.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.formats.Documents;

/** The tools' input schemas (JSON Schema, draft 2020-12 subset), written as JSON. */
final class Schemas {
  private Schemas() {}

  static final String NONE = "{\"type\":\"object\",\"properties\":{}}";

  static final String PENDING_QUEUE =
      """
      {"type": "object",
       "properties": {
         "tier": {"type": "string", "enum": ["CRITICAL", "HIGH", "MEDIUM", "LOW"],
                  "description": "Only jobs of this priority tier."},
         "limit": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50,
                   "description": "At most this many jobs, highest priority first."}}}
      """;

  static final String SCORE_JOB =
      """
      {"type": "object",
       "properties": {
         "job": {"type": "object",
                 "description": "A pending job as in runneriq.context/v1: id, name, stage, tag_list, pending_since, optional environment and history, and its pipeline (id, project, ref, ref_kind, protected, default_branch, source, user, user_is_bot, stages).",
                 "required": ["id", "name", "stage", "pending_since", "pipeline"]},
         "now": {"type": "string", "format": "date-time",
                 "description": "When to score it (waiting time counts). Default: the loaded snapshot's time, else now."}},
       "required": ["job"]}
      """;

  static final String DECIDE =
      """
      {"type": "object",
       "properties": {
         "context": {"type": "object",
                     "description": "A runneriq.context/v1 snapshot: format, now, runners, jobs, optional carbon.",
                     "required": ["now", "runners", "jobs"]},
         "seed": {"type": "integer", "minimum": 0, "default": 42,
                  "description": "Seed for decision ids; same context and seed, same decisions."}},
       "required": ["context"]}
      """;

  static final String EXPLAIN_DECISION =
      """
      {"type": "object",
       "properties": {
         "id": {"type": "string", "pattern": "^[0-9A-Za-z]{1,32}$",
                "description": "The decision id, as decide, pending_queue or the audit log show it."}},
       "required": ["id"]}
      """;

  static final String SIMULATE =
      """
      {"type": "object",
       "properties": {
         "preset": {"type": "string", "enum": ["busy-day", "release-crunch", "nightly", "monorepo"],
                    "description": "A built-in workload. Default busy-day unless trace is given."},
         "trace": {"type": "string",
                   "description": "A small runneriq.trace/v1 workload as JSON Lines (one pipeline per line), instead of a preset."},
         "policies": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                      "description": "Policies to compare: fifo, fair, runneriq, critical-only, runneriq-carbon, oracle-carbon, carbon-placement. Default fifo and runneriq."},
         "max_jobs": {"type": "integer", "minimum": 1, "maximum": 2000, "default": 400,
                      "description": "Only the earliest pipelines up to this many jobs are replayed, to keep the run fast."},
         "seed": {"type": "integer", "minimum": 0, "default": 42}}}
      """;

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) Documents.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tool schema is not JSON", e);
    }
  }
}
