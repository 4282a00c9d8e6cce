WITH __q1 AS (
SELECT "DeviceId", "FileName", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT "DeviceId" AS "DeviceId", coalesce(to_json(list_sort(list(DISTINCT "FileName") FILTER (WHERE ("FileName") IS NOT NULL))), '[]'::JSON) AS "set_FileName", coalesce(to_json(list_sort(list(DISTINCT "FileName") FILTER (WHERE ("FileName") IS NOT NULL))), '[]'::JSON) AS "set_FileName1" FROM __q1 GROUP BY 1
),
__q3 AS (
SELECT "DeviceId" AS "DeviceId", (CASE WHEN json_type("set_FileName") = 'ARRAY' THEN json_array_length("set_FileName") END)::BIGINT AS "a", (CASE WHEN json_type("set_FileName1") = 'ARRAY' THEN json_array_length("set_FileName1") END)::BIGINT AS "b" FROM __q2
)
SELECT "DeviceId", CAST("a" AS BIGINT) AS "a", CAST("b" AS BIGINT) AS "b" FROM __q3
