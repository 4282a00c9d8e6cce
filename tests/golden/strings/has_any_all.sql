WITH __q1 AS (
SELECT "ProcessCommandLine", "ReportId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ((regexp_matches("ProcessCommandLine", '(?i)(?:^|[^0-9A-Za-z])(?:whoami|MiniDump)(?:$|[^0-9A-Za-z])')) AND (NOT ((contains(lower("ProcessCommandLine"), 'all')) AND regexp_matches("ProcessCommandLine", '(?i)(?:^|[^0-9A-Za-z])all(?:$|[^0-9A-Za-z])'))))
),
__q3 AS (
SELECT "ReportId" AS "ReportId" FROM __q2
)
SELECT CAST("ReportId" AS BIGINT) AS "ReportId" FROM __q3
