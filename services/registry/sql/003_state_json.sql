-- The state entries are stored as json with room for HOT updates, as in the
-- duties and accountability services (see duties' 002_state_json.sql).
ALTER TABLE state ALTER COLUMN value TYPE json USING value::json;
ALTER TABLE state SET (fillfactor = 70);
