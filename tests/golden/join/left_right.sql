WITH __q1 AS (
SELECT "DeviceId", "FileName", "ReportId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE (lower("FileName") = 'powershell.exe')
),
__q3 AS (
SELECT "DeviceId", "RemoteIP", "RemotePort", "InitiatingProcessFileName", "ReportId", "__partition_date" FROM "DeviceNetworkEvents"
),
__q4 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q3 WHERE ("RemotePort" = 443::BIGINT)
),
__q5 AS (
SELECT l."DeviceId" AS "DeviceId", l."ReportId" AS "ReportId", r."DeviceId" AS "DeviceId1", r."RemoteIP" AS "RemoteIP", r."ReportId" AS "ReportId1" FROM __q2 AS l JOIN __q4 AS r ON l."DeviceId" = r."DeviceId" AND l."FileName" = r."InitiatingProcessFileName"
),
__q6 AS (
SELECT "DeviceId" AS "DeviceId", "DeviceId1" AS "DeviceId1", "RemoteIP" AS "RemoteIP", "ReportId" AS "ReportId", "ReportId1" AS "ReportId1" FROM __q5
)
SELECT "DeviceId", "DeviceId1", "RemoteIP", CAST("ReportId" AS BIGINT) AS "ReportId", CAST("ReportId1" AS BIGINT) AS "ReportId1" FROM __q6
