WITH __q1 AS (
SELECT "Timestamp", "DeviceId", "FileName", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("DeviceId" = 'd1')
),
__q3 AS (
SELECT "Timestamp" AS "Timestamp", "FileName" AS "FileName" FROM __q2
),
__q4 AS (
SELECT *, row_number() OVER (ORDER BY "Timestamp" ASC NULLS FIRST) AS "__ord" FROM __q3
)
SELECT "Timestamp", "FileName" FROM __q4 ORDER BY "__ord"
