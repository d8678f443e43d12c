-- The audit chain becomes one the database cannot compute on its own (issue #14).
--
-- Until now the insert trigger hashed each row with audit_event_hash(), a plain SHA-256 that
-- anyone holding the table (the pool's account, the owner, a DBA) could recompute after editing a
-- row. From this version on the application computes each row's hash itself, as
-- HMAC-SHA256(key, previous hash + canonical row), with a key kept outside PostgreSQL, and names
-- the key in key_id so keys can be rotated while older rows still verify. The database keeps
-- nothing that could compute a row's hash: the hash function and the hashing trigger are dropped.
--
-- Rows written before this migration (key_id NULL, "legacy") keep their old hashes; nothing is
-- re-keyed. The chain check accepts legacy rows only before the first keyed row: the first keyed
-- row's HMAC covers the hash of the last legacy row, so a legacy row changed afterwards breaks
-- the chain there even though its own hash is only SHA-256. See docs/audit.md.
--
-- Appending is serialized by the application with pg_advisory_xact_lock(7305901) (the same lock
-- audit_events_archive takes), so the chain never forks, also with several nodes.

ALTER TABLE audit_events ADD COLUMN key_id varchar(32);
COMMENT ON COLUMN audit_events.key_id IS
    'id of the HMAC key (held by the application, never here) that computed hash; NULL for rows before V9';

DROP TRIGGER audit_events_chain_insert ON audit_events;
DROP FUNCTION audit_events_chain();
DROP FUNCTION audit_event_hash(char, timestamptz, varchar, varchar, varchar, varchar, varchar, bigint, jsonb, jsonb, varchar);

-- A keyed row must link and name its key; the values themselves only the application can check.
ALTER TABLE audit_events ADD CONSTRAINT ck_audit_events_hashes
    CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$') NOT VALID;
