-- RunnerIQ audit log: one row per decision, one per job outcome. Portable across SQLite and
-- PostgreSQL: times are epoch milliseconds, the full decision is kept as JSON text.
CREATE TABLE decisions (
  id          VARCHAR(32) PRIMARY KEY,
  at_ms       BIGINT       NOT NULL,
  mode        VARCHAR(16)  NOT NULL,
  job_id      BIGINT       NOT NULL,
  pipeline_id BIGINT       NOT NULL,
  project     VARCHAR(512) NOT NULL,
  job_name    VARCHAR(512) NOT NULL,
  ref         VARCHAR(512) NOT NULL,
  tier        VARCHAR(16)  NOT NULL,
  score       INTEGER      NOT NULL,
  action      VARCHAR(16)  NOT NULL,
  runner_id   BIGINT,
  decided_by  VARCHAR(16)  NOT NULL,
  needs_review BOOLEAN     NOT NULL,
  body        TEXT         NOT NULL
);
CREATE INDEX decisions_job ON decisions (job_id);
CREATE INDEX decisions_pipeline ON decisions (pipeline_id);
CREATE INDEX decisions_project_at ON decisions (project, at_ms);
CREATE INDEX decisions_tier_at ON decisions (tier, at_ms);
CREATE INDEX decisions_decided_by_at ON decisions (decided_by, at_ms);
CREATE INDEX decisions_at ON decisions (at_ms);

CREATE TABLE outcomes (
  job_id        BIGINT PRIMARY KEY,
  runner_id     BIGINT,
  status        VARCHAR(32) NOT NULL,
  pending_at_ms BIGINT,
  started_at_ms BIGINT,
  finished_at_ms BIGINT,
  recorded_at_ms BIGINT NOT NULL
);
