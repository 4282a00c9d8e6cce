WITH __q1 AS (
SELECT "RemoteUrl", "ReportId", "__partition_date" FROM "DeviceNetworkEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("RemoteUrl" = '')
),
__q3 AS (
SELECT "ReportId" AS "ReportId", "RemoteUrl" AS "RemoteUrl", false AS "Column1" FROM __q2
)
SELECT CAST("ReportId" AS BIGINT) AS "ReportId", "RemoteUrl", "Column1" FROM __q3
