-- A flag (情况提示) and its withdrawal are delivered too: they open no case and carry no
-- rung (they are no measure), so a delivery's case and rung may be absent.

ALTER TABLE deliveries ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE deliveries ALTER COLUMN rung DROP NOT NULL;
