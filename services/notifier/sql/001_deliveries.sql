-- Planned deliveries (送达记录): one row per (alert, recipient), written in the same
-- transaction as the consumed offsets and event ids; the sender moves each row from
-- pending to delivered (or failed after its last attempt).

CREATE TABLE deliveries (
    event_id        text        NOT NULL,
    recipient       text        NOT NULL,
    case_id         text        NOT NULL,
    unit_id         text        NOT NULL,
    rung            text        NOT NULL,
    kind            text        NOT NULL,
    channel         text        NOT NULL,
    -- Where it goes: a URL, an address or a file (kept for the operator's view).
    target          text        NOT NULL,
    -- The rendered message (subject, text, the alert's JSON): a restart sends exactly this.
    message         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    seq             bigserial,
    PRIMARY KEY (event_id, recipient)
);

CREATE INDEX deliveries_due ON deliveries (next_attempt_at, seq) WHERE status = 'pending';
CREATE INDEX deliveries_case ON deliveries (case_id);
CREATE INDEX deliveries_unit ON deliveries (unit_id);
