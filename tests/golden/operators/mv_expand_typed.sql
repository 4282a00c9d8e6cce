WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT '[1,"2","x"]'::JSON AS "d" FROM __q1
),
__q3 AS (
SELECT kql_str_to_long(kql_dyn_text("d")) AS "d" FROM (SELECT nullif(unnest(__l0), 'null'::JSON) AS "d" FROM (SELECT *, CASE WHEN __e0 IS NULL THEN [NULL::JSON] WHEN regexp_matches(CAST(__e0 AS VARCHAR), '^\s*\[') THEN CAST(__e0 AS JSON[]) WHEN regexp_matches(CAST(__e0 AS VARCHAR), '^\s*\{') THEN list_transform(json_keys(__e0), lambda k: json_object(k, __e0->k)) ELSE [__e0] END AS __l0 FROM (SELECT *, "d" AS __e0 FROM __q2)))
)
SELECT CAST("d" AS BIGINT) AS "d" FROM __q3
