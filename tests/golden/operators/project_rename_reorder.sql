WITH __q1 AS (
SELECT "DeviceId", "FileName", "ReportId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("ReportId" < 3::BIGINT)
),
__q3 AS (
SELECT "FileName" AS "FileName", "DeviceId" AS "DeviceId", "ReportId" AS "ReportId" FROM __q2
),
__q4 AS (
SELECT "FileName" AS "FileName", "DeviceId" AS "Device", "ReportId" AS "ReportId" FROM __q3
),
__q5 AS (
SELECT "ReportId" AS "ReportId", "Device" AS "Device", "FileName" AS "FileName" FROM __q4
)
SELECT CAST("ReportId" AS BIGINT) AS "ReportId", "Device", "FileName" FROM __q5
