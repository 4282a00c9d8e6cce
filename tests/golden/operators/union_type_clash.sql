WITH __q1 AS (
SELECT * FROM (VALUES (CAST(1::BIGINT AS BIGINT), 0::BIGINT)) AS v("x", "__ord")
),
__q2 AS (
SELECT * FROM (VALUES (CAST('s' AS VARCHAR), 0::BIGINT)) AS v("x", "__ord")
),
__q3 AS (
SELECT "x_long", coalesce("x_string", '') AS "x_string" FROM (
SELECT "x" AS "x_long" FROM __q1
UNION ALL BY NAME
SELECT "x" AS "x_string" FROM __q2
)
)
SELECT CAST("x_long" AS BIGINT) AS "x_long", "x_string" FROM __q3
