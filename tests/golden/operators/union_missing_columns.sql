WITH __q1 AS (
SELECT * FROM (VALUES (CAST(1::BIGINT AS BIGINT), 0::BIGINT)) AS v("a", "__ord")
),
__q2 AS (
SELECT * FROM (VALUES (CAST('x' AS VARCHAR), CAST('{"k":1}'::JSON AS JSON), 0::BIGINT)) AS v("b", "c", "__ord")
),
__q3 AS (
SELECT "T", "a", coalesce("b", '') AS "b", "c" FROM (
SELECT 'union_arg0' AS "T", "a" AS "a" FROM __q1
UNION ALL BY NAME
SELECT 'union_arg1' AS "T", "b" AS "b", "c" AS "c" FROM __q2
)
),
__q4 AS (
SELECT "T" AS "T", "a" AS "a", "b" AS "b", "c" AS "c", length("b")::BIGINT AS "l", ("b" = '') AS "Empty", coalesce(json_type("c") = 'NULL', true) AS "NoC" FROM __q3
)
SELECT "T", CAST("a" AS BIGINT) AS "a", "b", "c", CAST("l" AS BIGINT) AS "l", "Empty", "NoC" FROM __q4
