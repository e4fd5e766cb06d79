-- The units' calendar fields (CALENDAR_FIELDS, services/duties/domain/state.py) move
-- from each unit's document to one document per partition, calendar:<partition>: a
-- month's first tick rewrote every unit's document for them (measured in process on
-- the bench's history, 2018-02-01: 8,102 documents written, 5,196 after). Each unit
-- gets a group of its own here; the partition's next write groups equal values.
INSERT INTO state (key, value)
SELECT 'calendar:' || (u.value ->> 'partition'),
       json_agg(json_strip_nulls(json_build_object(
           'units', json_build_array(u.value ->> 'organization_id'),
           'opened', u.value -> 'opened',
           'deferred', u.value -> 'deferred',
           'rules_month', u.value -> 'rules_month',
           'decided_archived_before', u.value -> 'decided_archived_before',
           'overdue_archived_before', u.value -> 'overdue_archived_before'))
           ORDER BY u.key)
FROM state u
WHERE starts_with(u.key, 'unit:')
GROUP BY u.value ->> 'partition'
ON CONFLICT (key) DO NOTHING;

UPDATE state
SET value = (value::jsonb - ARRAY['opened', 'deferred', 'rules_month',
                                  'decided_archived_before', 'overdue_archived_before'])::json
WHERE starts_with(key, 'unit:');
