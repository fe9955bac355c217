-- What the optimizer's Learner knows (LearnedState), kept across restarts: one row a runner and
-- one row a job (project and name), rewritten by the service as it learns. Portable across SQLite
-- and PostgreSQL like V1: times are epoch milliseconds, decayed sums DOUBLE PRECISION. Each row's
-- sums are as of as_of_ms (a restored learner decays them on from there); updated_at_ms is when
-- the service last wrote the row. Deleting the rows (or the tables' contents) starts learning
-- afresh.

-- A runner's decayed runs, faults (failures by its own fault) and speed sums: log_ratio_sum is
-- the sum of ln(duration / the job's median) over ratio_runs successful runs.
CREATE TABLE learned_runners (
  runner_id     BIGINT           PRIMARY KEY,
  runs          DOUBLE PRECISION NOT NULL,
  faults        DOUBLE PRECISION NOT NULL,
  log_ratio_sum DOUBLE PRECISION NOT NULL,
  ratio_runs    DOUBLE PRECISION NOT NULL,
  as_of_ms      BIGINT           NOT NULL,
  updated_at_ms BIGINT           NOT NULL
);

-- A job's decayed runs and own failures, and its latest durations (at most samples_per_job, 64
-- by default). samples is text, oldest first, each sample its duration in seconds on a speed-1.0
-- runner and the epoch milliseconds it ended, "@" between them and "," between samples:
-- "61.5@1764489600000,58.0@1764489660000"; the empty string when there is none. A duration is
-- written as Java's Double.toString writes it, which reads back exactly.
CREATE TABLE learned_jobs (
  project       VARCHAR(512)     NOT NULL,
  job           VARCHAR(512)     NOT NULL,
  runs          DOUBLE PRECISION NOT NULL,
  failures      DOUBLE PRECISION NOT NULL,
  as_of_ms      BIGINT           NOT NULL,
  samples       TEXT             NOT NULL,
  updated_at_ms BIGINT           NOT NULL,
  PRIMARY KEY (project, job)
);
