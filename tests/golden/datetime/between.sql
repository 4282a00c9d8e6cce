WITH __q1 AS (
SELECT "Timestamp", "ReportId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("Timestamp" BETWEEN TIMESTAMP '2026-11-01 08:00:00' AND (TIMESTAMP '2026-11-01 08:00:00' + to_microseconds(3600000000::BIGINT))) AND coalesce("__partition_date" >= CAST(TIMESTAMP '2026-11-01 08:00:00' AS DATE), true) AND coalesce("__partition_date" <= CAST((TIMESTAMP '2026-11-01 08:00:00' + to_microseconds(3600000000::BIGINT)) AS DATE), true)
),
__q3 AS (
SELECT "ReportId" AS "ReportId" FROM __q2
)
SELECT CAST("ReportId" AS BIGINT) AS "ReportId" FROM __q3
