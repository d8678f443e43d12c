-- Cluster discovery (#16): with wardops.cluster.discovery=jdbc each node writes its JGroups address
-- here (JDBC_PING2) and reads the others' to join them; a node's row goes when it leaves, the
-- coordinator clears the rows of nodes that died. The runtime role reads and writes rows (default
-- privileges); it could not create the table itself.
CREATE TABLE cluster_discovery (
    address varchar(200) NOT NULL PRIMARY KEY,
    name    varchar(200),
    cluster varchar(200) NOT NULL,
    ip      varchar(200) NOT NULL,
    coord   boolean
);
CREATE INDEX ix_cluster_discovery_cluster ON cluster_discovery (cluster);
