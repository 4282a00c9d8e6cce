WITH __q1 AS (
SELECT "ActionType", "RemoteIP", "RemotePort", "ReportId", "IsInitiatingProcessRemoteSession", "__partition_date" FROM "DeviceNetworkEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("ReportId" = 11::BIGINT)
),
__q3 AS (
SELECT "ActionType" AS "ActionType", "RemoteIP" AS "RemoteIP", coalesce(CAST("RemotePort" AS VARCHAR), '') AS "RemotePort", "ReportId" AS "ReportId", "IsInitiatingProcessRemoteSession" AS "IsInitiatingProcessRemoteSession", 1::BIGINT AS "Extra" FROM __q2
),
__q4 AS (
SELECT "ActionType" AS "ActionType", "RemoteIP" AS "RemoteIP", "RemotePort" AS "RemotePort", "ReportId" AS "ReportId", "IsInitiatingProcessRemoteSession" AS "IsInitiatingProcessRemoteSession", "Extra" AS "Extra" FROM __q3
)
SELECT "ActionType", "RemoteIP", "RemotePort", CAST("ReportId" AS BIGINT) AS "ReportId", "IsInitiatingProcessRemoteSession", CAST("Extra" AS BIGINT) AS "Extra" FROM __q4
