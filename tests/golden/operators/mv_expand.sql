WITH __q1 AS (
SELECT "ReportId", "AdditionalFields", "__partition_date" FROM "DeviceEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("ReportId" IN (21::BIGINT, 22::BIGINT))
),
__q3 AS (
SELECT "ReportId" AS "ReportId", kql_parse_json("AdditionalFields") AS "F" FROM __q2
),
__q4 AS (
SELECT "ReportId", "Tag", __idx AS "i" FROM (SELECT "ReportId" AS "ReportId", nullif(unnest(__l0), 'null'::JSON) AS "Tag", unnest(range(len(__l0))) AS __idx FROM (SELECT *, CASE WHEN __e0 IS NULL THEN [NULL::JSON] WHEN regexp_matches(CAST(__e0 AS VARCHAR), '^\s*\[') THEN CAST(__e0 AS JSON[]) WHEN regexp_matches(CAST(__e0 AS VARCHAR), '^\s*\{') THEN list_transform(json_keys(__e0), lambda k: json_object(k, __e0->k)) ELSE [__e0] END AS __l0 FROM (SELECT *, nullif(json_extract("F", '$.Tags'), 'null'::JSON) AS __e0 FROM __q3)))
),
__q5 AS (
SELECT "ReportId" AS "ReportId", "Tag" AS "Tag", "i" AS "i" FROM __q4
)
SELECT CAST("ReportId" AS BIGINT) AS "ReportId", "Tag", CAST("i" AS BIGINT) AS "i" FROM __q5
