-- The ledger entries are stored as json with room for HOT updates (see the
-- duties service's 002_state_json.sql for the measurement); the views are
-- rebuilt on json.
DROP VIEW IF EXISTS cases;
DROP VIEW IF EXISTS award_eligibility_revoked;
ALTER TABLE state ALTER COLUMN value TYPE json USING value::json;
ALTER TABLE state SET (fillfactor = 70);

CREATE VIEW cases AS
SELECT key AS case_key,
       value ->> 'organization_id' AS organization_id,
       value ->> 'status' AS status,
       value ->> 'level' AS rung,
       value
FROM state
WHERE key LIKE 'case:%';

CREATE VIEW award_eligibility_revoked AS
SELECT (key_year)::int AS year, revocation
FROM (SELECT substr(key, length('eligibility:') + 1) AS key_year, value
      FROM state WHERE key LIKE 'eligibility:%') AS years,
     json_array_elements(years.value) AS revocation;
