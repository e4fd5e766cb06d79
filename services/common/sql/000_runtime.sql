-- The runtime every service shares (applied to the service's own schema).
-- One transaction per input batch writes: state, consumed ids, offsets, outbox.

CREATE TABLE consumer_offsets (
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint  NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- Ids of consumed events: a republished input (same deterministic id) is dropped.
CREATE TABLE consumed_events (
    event_id text PRIMARY KEY
);

-- Output events waiting for the relay, in the order they were decided.
CREATE TABLE outbox (
    seq       bigserial PRIMARY KEY,
    topic     text    NOT NULL,
    partition integer,
    key       bytea,
    value     bytea   NOT NULL,
    headers   jsonb   NOT NULL DEFAULT '[]'
);

-- The service's state as keyed documents, written back when changed.
CREATE TABLE state (
    key   text  PRIMARY KEY,
    value jsonb NOT NULL
);
