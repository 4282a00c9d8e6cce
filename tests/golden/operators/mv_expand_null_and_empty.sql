WITH __q1 AS (
SELECT * FROM (VALUES (CAST(1::BIGINT AS BIGINT), CAST('[10,20]'::JSON AS JSON), 0::BIGINT), (CAST(2::BIGINT AS BIGINT), CAST('[]'::JSON AS JSON), 1::BIGINT), (CAST(3::BIGINT AS BIGINT), CAST(NULL::JSON AS JSON), 2::BIGINT), (CAST(4::BIGINT AS BIGINT), CAST('{"p":1,"q":2}'::JSON AS JSON), 3::BIGINT)) AS v("a", "b", "__ord")
),
__q2 AS (
SELECT "a", "b" FROM (SELECT "a" AS "a", nullif(unnest(__l0), 'null'::JSON) AS "b" FROM (SELECT *, CASE WHEN __e0 IS NULL THEN [NULL::JSON] WHEN regexp_matches(CAST(__e0 AS VARCHAR), '^\s*\[') THEN CAST(__e0 AS JSON[]) WHEN regexp_matches(CAST(__e0 AS VARCHAR), '^\s*\{') THEN list_transform(json_keys(__e0), lambda k: json_object(k, __e0->k)) ELSE [__e0] END AS __l0 FROM (SELECT *, "b" AS __e0 FROM __q1)))
),
__q3 AS (
SELECT *, row_number() OVER (ORDER BY "a" ASC NULLS FIRST) AS "__ord" FROM __q2
)
SELECT CAST("a" AS BIGINT) AS "a", "b" FROM __q3 ORDER BY "__ord"
