-- The registry's submissions journal (受理台账): one row per received submission.
-- Written in the same transaction as the state, offsets and outbox of its batch.

CREATE TABLE submissions (
    seq           bigserial   PRIMARY KEY,
    received_from text        NOT NULL,  -- 'topic:partition:offset' or 'http:<uuid>'
    received_at   timestamptz NOT NULL,
    outcome       text        NOT NULL CHECK (outcome IN ('accepted', 'duplicate', 'rejected')),
    source        text,                  -- null when the message could not be read
    event_id      text,
    event_type    text,
    codes         text[]      NOT NULL DEFAULT '{}',
    issues        jsonb       NOT NULL DEFAULT '[]'
);

CREATE INDEX submissions_event ON submissions (event_id, source);
CREATE INDEX submissions_outcome ON submissions (outcome, seq);
