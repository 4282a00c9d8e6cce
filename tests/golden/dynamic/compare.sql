WITH __q1 AS (
SELECT "ReportId", "AdditionalFields", "__partition_date" FROM "DeviceEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ((coalesce(CASE WHEN regexp_full_match(json_extract_string(kql_parse_json("AdditionalFields"), '$.ServiceName'), '-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?') AND regexp_matches(json_extract_string(kql_parse_json("AdditionalFields"), '$.ServiceName'), '[.eE]|[0-9]{19}') AND json_type(kql_parse_json("AdditionalFields"), '$.ServiceName') = 'DOUBLE' THEN kql_real_text(TRY_CAST(json_extract_string(kql_parse_json("AdditionalFields"), '$.ServiceName') AS DOUBLE)) ELSE json_extract_string(kql_parse_json("AdditionalFields"), '$.ServiceName') END, '') = 'evil') OR (TRY_CAST(kql_str_to_long(kql_dyn_text(nullif(json_extract(kql_parse_json("AdditionalFields"), '$.DesiredAccess'), 'null'::JSON))) AS INTEGER) > 4000::BIGINT))
),
__q3 AS (
SELECT "ReportId" AS "ReportId" FROM __q2
)
SELECT CAST("ReportId" AS BIGINT) AS "ReportId" FROM __q3
