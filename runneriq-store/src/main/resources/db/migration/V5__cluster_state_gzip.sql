-- The leader's live state as gzip-compressed JSON: at 100,000 pending jobs on 10,000 runners its
-- JSON is about 150 MB and compresses to about a tenth. The text column it replaces goes; a state
-- is only read by replicas of the version that wrote it. blob_column is the placeholder AuditStore
-- gives for each database.
ALTER TABLE cluster_state ADD COLUMN state_gz ${blob_column};
ALTER TABLE cluster_state DROP COLUMN state;
