-- What the application's runtime role may do in the schema, applied by the schema's owner after
-- every migration (SchemaMigration) and given to a DBA verbatim in docs/deploy.md. The runtime role
-- owns nothing; on the ordinary tables it reads and writes rows; on the audit log it may only read
-- and append (and archive through audit_events_archive, which runs as the owner).
-- ${schema} and ${runtime_role} are replaced by quoted identifiers. Idempotent.
GRANT USAGE ON SCHEMA ${schema} TO ${runtime_role};
REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${runtime_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${runtime_role};
REVOKE INSERT, UPDATE, DELETE ON ${schema}.flyway_schema_history FROM ${runtime_role};
REVOKE UPDATE, DELETE ON ${schema}.audit_events FROM ${runtime_role};
REVOKE INSERT, UPDATE, DELETE ON ${schema}.audit_checkpoints FROM ${runtime_role};
REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${runtime_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${runtime_role};
GRANT EXECUTE ON FUNCTION ${schema}.audit_events_archive(bigint, char, timestamptz, varchar) TO ${runtime_role};
-- Event partitions (V15): the runtime role prepares days ahead and drops expired days, nothing else.
GRANT EXECUTE ON FUNCTION ${schema}.events_prepare_partitions(date, integer) TO ${runtime_role};
GRANT EXECUTE ON FUNCTION ${schema}.events_drop_partitions_before(date) TO ${runtime_role};
-- Tables and sequences of later migrations (created by the owner) get the same rights.
ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${runtime_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${runtime_role};
