-- Read-only views over the accountability ledger (问责台账) for operators and reports.
-- The service itself keeps its state in the runtime's `state` table.

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
     jsonb_array_elements(years.value) AS revocation;
