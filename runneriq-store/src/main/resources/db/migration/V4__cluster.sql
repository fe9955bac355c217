-- Several replicas of runneriq serve on one PostgreSQL store (SQLite serves one instance; these
-- tables stay empty there). Portable like V1: times are epoch milliseconds; the id column is the
-- id_column placeholder AuditStore gives for each database.

-- Webhook deliveries a replica accepted (token and body checked), committed before GitLab is
-- answered 200, for the leader to apply in id order; handled_at_ms is set when it has. A delivery
-- key (Idempotency-Key, or the event UUID with the body's digest) is stored once, whichever replica
-- received it. Handled rows are pruned after a day.
CREATE TABLE hook_inbox (
  id             ${id_column},
  delivery_key   VARCHAR(256),
  kind           VARCHAR(32)  NOT NULL,
  body           TEXT         NOT NULL,
  received_by    VARCHAR(256) NOT NULL,
  received_at_ms BIGINT       NOT NULL,
  handled_at_ms  BIGINT
);
CREATE UNIQUE INDEX hook_inbox_once ON hook_inbox (delivery_key) WHERE delivery_key IS NOT NULL;
CREATE INDEX hook_inbox_unhandled ON hook_inbox (id) WHERE handled_at_ms IS NULL;

-- The leader's term (one more at each election) and what it last published of its live state:
-- the snapshot, decisions and findings every replica serves on the API, dashboard and /mcp. One
-- row, id 1.
CREATE TABLE cluster_state (
  id              INTEGER      PRIMARY KEY,
  leader          VARCHAR(256) NOT NULL,
  term            BIGINT       NOT NULL,
  elected_at_ms   BIGINT       NOT NULL,
  published_at_ms BIGINT,
  state           TEXT
);

-- Every replica says it is alive, and as what, every few seconds.
CREATE TABLE cluster_members (
  instance   VARCHAR(256) PRIMARY KEY,
  role       VARCHAR(16)  NOT NULL,
  started_ms BIGINT       NOT NULL,
  seen_ms    BIGINT       NOT NULL
);
