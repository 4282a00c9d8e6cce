WITH __q1 AS (
SELECT "ActionType", "AdditionalFields", "__partition_date" FROM "DeviceEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("ActionType" = 'OpenProcessApiCall')
),
__q3 AS (
SELECT nullif(json_extract(kql_parse_json("AdditionalFields"), '$.DesiredAccess'), 'null'::JSON) AS "A", nullif(json_extract(kql_parse_json("AdditionalFields"), '$.Target.Pid'), 'null'::JSON) AS "P", nullif(json_extract(kql_parse_json("AdditionalFields"), '$.Missing'), 'null'::JSON) AS "M", coalesce(kql_member_text("__stage0", kql_parse_json("AdditionalFields"), '$.Target'), '') AS "T", kql_str_to_long(kql_dyn_text("__stage1")) AS "L" FROM (SELECT *, nullif(json_extract(kql_parse_json("AdditionalFields"), '$.DesiredAccess'), 'null'::JSON) AS "__stage1" FROM (SELECT *, json_extract_string(kql_parse_json("AdditionalFields"), '$.Target') AS "__stage0" FROM __q2))
)
SELECT "A", "P", "M", "T", CAST("L" AS BIGINT) AS "L" FROM __q3
