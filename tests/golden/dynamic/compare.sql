WITH __q1 AS (
SELECT "ReportId", "AdditionalFields", "__partition_date" FROM "DeviceEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ((coalesce(kql_member_text(json_extract_string(kql_parse_json("AdditionalFields"), '$.ServiceName'), kql_parse_json("AdditionalFields"), '$.ServiceName'), '') = 'evil') OR (TRY_CAST(kql_str_to_long(kql_dyn_text(nullif(json_extract(kql_parse_json("AdditionalFields"), '$.DesiredAccess'), 'null'::JSON))) AS INTEGER) > 4000::BIGINT))
),
__q3 AS (
SELECT "ReportId" AS "ReportId" FROM __q2
)
SELECT CAST("ReportId" AS BIGINT) AS "ReportId" FROM __q3
