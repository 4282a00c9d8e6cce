WITH __q1 AS (
SELECT "DeviceId", "ReportId", "__partition_date" FROM "DeviceNetworkEvents"
),
__q2 AS (
SELECT * FROM (VALUES (CAST('d1' AS VARCHAR), CAST('alice' AS VARCHAR), 0::BIGINT), (CAST('d2' AS VARCHAR), CAST('bob' AS VARCHAR), 1::BIGINT)) AS v("DeviceId", "Owner", "__ord")
),
__q3 AS (
SELECT l."DeviceId" AS "DeviceId", l."ReportId" AS "ReportId", coalesce(r."Owner", '') AS "Owner" FROM __q1 AS l LEFT JOIN __q2 AS r ON l."DeviceId" = r."DeviceId"
),
__q4 AS (
SELECT "DeviceId" AS "DeviceId", "Owner" AS "Owner", "ReportId" AS "ReportId" FROM __q3
)
SELECT "DeviceId", "Owner", CAST("ReportId" AS BIGINT) AS "ReportId" FROM __q4
