WITH __q1 AS (
SELECT "ProcessCommandLine", "ReportId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE regexp_matches("ProcessCommandLine", '(?i)-enc\w*\s+[A-Za-z0-9+/=]{8}')
),
__q3 AS (
SELECT "ReportId" AS "ReportId" FROM __q2
)
SELECT CAST("ReportId" AS BIGINT) AS "ReportId" FROM __q3
