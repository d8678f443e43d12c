-- MIB modules an administrator added (issue #18): kept in the database so that every node decodes
-- traps with the same MIBs. The standard modules (SNMPv2-MIB, IF-MIB, ...) ship in the EAR and are
-- not stored here. One row per file; a file may define several modules, named in `modules`.
CREATE TABLE event_mibs (
    id           bigserial     PRIMARY KEY,
    file_name    varchar(200)  NOT NULL,
    -- The modules the file defines, comma-separated (each unique across stored files, checked on upload).
    modules      varchar(2000) NOT NULL,
    content      text          NOT NULL,
    bytes        integer       NOT NULL,
    uploaded_by  varchar(100)  NOT NULL,
    uploaded_at  timestamptz   NOT NULL,
    CONSTRAINT ck_event_mibs_size CHECK (bytes BETWEEN 1 AND 2097152)
);
CREATE UNIQUE INDEX uq_event_mibs_file ON event_mibs (lower(file_name));
