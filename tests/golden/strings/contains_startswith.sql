WITH __q1 AS (
SELECT "FileName", "ReportId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE (contains(lower("FileName"), 'shell') OR starts_with(lower("FileName"), 'note'))
),
__q3 AS (
SELECT "ReportId" AS "ReportId", "FileName" AS "FileName" FROM __q2
)
SELECT CAST("ReportId" AS BIGINT) AS "ReportId", "FileName" FROM __q3
