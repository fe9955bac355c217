-- RunnerIQ action log: one row per write RunnerIQ makes to GitLab (play, cancel, retry), written
-- and committed before the write is sent and completed with GitLab's answer, and one row per mode
-- change (the kill switch). Portable across SQLite and PostgreSQL like V1 (times are epoch
-- milliseconds), but for the id column: each database spells an identity column its own way, so
-- AuditStore gives it as the id_column placeholder.
CREATE TABLE actions (
  id              ${id_column},
  kind            VARCHAR(16)  NOT NULL,
  job_id          BIGINT,
  project         VARCHAR(512),
  decision_id     VARCHAR(32),
  reason          TEXT         NOT NULL,
  dry_run         BOOLEAN      NOT NULL,
  requested_at_ms BIGINT       NOT NULL,
  state           VARCHAR(16)  NOT NULL,
  answered_at_ms  BIGINT,
  http_status     INTEGER,
  answer          TEXT,
  new_job_id      BIGINT,
  mode_from       VARCHAR(32),
  mode_to         VARCHAR(32),
  asked_by        VARCHAR(256),
  instance        VARCHAR(256) NOT NULL
);
-- A job is played, cancelled or retried at most once, whatever happened after the intent was
-- written: a second intent for the same kind and job is refused by the database itself.
CREATE UNIQUE INDEX actions_once ON actions (kind, job_id) WHERE job_id IS NOT NULL AND NOT dry_run;
CREATE INDEX actions_job ON actions (job_id);
CREATE INDEX actions_project_at ON actions (project, requested_at_ms);
CREATE INDEX actions_at ON actions (requested_at_ms);
