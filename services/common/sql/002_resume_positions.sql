-- A record a projection holds back (the sequencer's, until every partition has
-- caught up) is not stored: a restart reads it again. So a partition has two
-- positions: how far it was read (next_offset, the progress shown) and where a
-- restart resumes (resume_offset: the first record still held; null: next_offset).
ALTER TABLE consumer_offsets ADD COLUMN resume_offset bigint;

-- Where each consumed event was read (topic:partition:offset). A record read
-- again at its own position is not a duplicate: it was held back when the
-- process stopped. Rows from before this column have none: an event seen
-- again is then a duplicate, as before.
ALTER TABLE consumed_events ADD COLUMN position text;
