WITH __q1 AS (
SELECT "DeviceId", "FileName", "ProcessId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("FileName" = 'nothing')
),
__q3 AS (
SELECT count(*) AS "count_", coalesce(CAST(sum("ProcessId") AS BIGINT), 0) AS "sum_ProcessId", coalesce(coalesce(to_json(list(to_json("FileName")) FILTER (WHERE ("FileName") IS NOT NULL)), '[]'::JSON), '[]'::JSON) AS "list_FileName", count(DISTINCT "DeviceId") AS "dcount_DeviceId" FROM __q2
)
SELECT CAST("count_" AS BIGINT) AS "count_", CAST("sum_ProcessId" AS BIGINT) AS "sum_ProcessId", "list_FileName", CAST("dcount_DeviceId" AS BIGINT) AS "dcount_DeviceId" FROM __q3
