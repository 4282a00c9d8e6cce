WITH __q1 AS (
SELECT "DeviceId", "FileName", "AccountName", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT "DeviceId" AS "DeviceId", count(*) AS "count_", count(DISTINCT "FileName") AS "dcount_FileName", coalesce(to_json(list_sort(list(DISTINCT "AccountName") FILTER (WHERE ("AccountName") IS NOT NULL))), '[]'::JSON) AS "set_AccountName" FROM __q1 GROUP BY 1
),
__q3 AS (
SELECT "DeviceId" AS "DeviceId", "count_" AS "count_", "dcount_FileName" AS "dcount_FileName", (CASE WHEN json_type("set_AccountName") = 'ARRAY' THEN json_array_length("set_AccountName") END)::BIGINT AS "s" FROM __q2
),
__q4 AS (
SELECT "DeviceId" AS "DeviceId", "count_" AS "count_", "dcount_FileName" AS "dcount_FileName", "s" AS "s" FROM __q3
)
SELECT "DeviceId", CAST("count_" AS BIGINT) AS "count_", CAST("dcount_FileName" AS BIGINT) AS "dcount_FileName", CAST("s" AS BIGINT) AS "s" FROM __q4
