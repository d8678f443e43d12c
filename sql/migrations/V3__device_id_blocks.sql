-- The application allocates device ids in blocks of 50 (Hibernate's pooled optimizer) so that a
-- CSV import of thousands of devices is written in JDBC batches. A plain INSERT that takes the
-- column default still works; it just consumes one block.
ALTER SEQUENCE devices_id_seq INCREMENT BY 50;
