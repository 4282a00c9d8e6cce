WITH __q1 AS (
SELECT "Timestamp", "DeviceId", "FileName", "ReportId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT "DeviceId" AS "DeviceId", "Timestamp" AS "Timestamp", "FileName" AS "FileName", "ReportId" AS "ReportId" FROM __q1 QUALIFY row_number() OVER (PARTITION BY "DeviceId" ORDER BY "Timestamp" DESC NULLS LAST) = 1
),
__q3 AS (
SELECT "DeviceId" AS "DeviceId", "Timestamp" AS "Timestamp", "FileName" AS "FileName", "ReportId" AS "ReportId" FROM __q2
)
SELECT "DeviceId", "Timestamp", "FileName", CAST("ReportId" AS BIGINT) AS "ReportId" FROM __q3
