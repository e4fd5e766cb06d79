-- Read-only view of the duty instances kept in the pipeline's state documents
-- (keys duties:<org>:<deadline year>), for operators and ad-hoc SQL (责任事项视图).
CREATE VIEW duty_instances AS
SELECT regexp_replace(s.key, '^duties:(.*):[0-9]+$', '\1') AS organization_id,
       i.value ->> 'duty_id'                AS duty_id,
       i.value ->> 'period'                 AS period,
       (i.value ->> 'period_start')::date   AS period_start,
       (i.value ->> 'due_on')::date         AS due_on,
       coalesce(i.value ->> 'status', 'open') AS status,
       i.value ->> 'person_id'              AS person_id,
       i.value ->> 'member_id'              AS member_id
FROM state s, jsonb_each(s.value) AS i(key, value)
WHERE s.key LIKE 'duties:%';
