-- The owner of each partition's lane (分区通道归属): a claim raises the epoch; a batch
-- commits only while the epoch it was opened with is still the row's.
CREATE TABLE lane_owners (
    partition integer PRIMARY KEY,
    epoch     bigint  NOT NULL
);
