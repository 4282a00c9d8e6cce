WITH __q1 AS (
SELECT "RemoteUrl", "ReportId", "__partition_date" FROM "DeviceNetworkEvents"
),
__q2 AS (
SELECT *, row_number() OVER (ORDER BY "RemoteUrl" ASC NULLS FIRST) AS "__ord" FROM (SELECT * FROM __q1 ORDER BY "RemoteUrl" ASC NULLS FIRST LIMIT 3::BIGINT)
),
__q3 AS (
SELECT "RemoteUrl" AS "RemoteUrl", "ReportId" AS "ReportId", "__ord" FROM __q2
)
SELECT "RemoteUrl", CAST("ReportId" AS BIGINT) AS "ReportId" FROM __q3 ORDER BY "__ord"
