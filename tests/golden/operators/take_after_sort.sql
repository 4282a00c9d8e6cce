WITH __q1 AS (
SELECT "Timestamp", "ReportId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT *, row_number() OVER (ORDER BY "Timestamp" DESC NULLS LAST) AS "__ord" FROM __q1
),
__q3 AS (
SELECT * FROM __q2 ORDER BY "__ord" LIMIT 2::BIGINT
),
__q4 AS (
SELECT "ReportId" AS "ReportId", "__ord" FROM __q3
)
SELECT CAST("ReportId" AS BIGINT) AS "ReportId" FROM __q4 ORDER BY "__ord"
