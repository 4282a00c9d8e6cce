WITH __q1 AS (
SELECT * FROM (VALUES (CAST('a' AS VARCHAR), CAST(1::BIGINT AS BIGINT), 0::BIGINT), (CAST('b' AS VARCHAR), CAST(2::BIGINT AS BIGINT), 1::BIGINT)) AS v("k", "v", "__ord")
),
__q2 AS (
SELECT * FROM (VALUES (CAST('c' AS VARCHAR), CAST(1.5::DOUBLE AS DOUBLE), 0::BIGINT)) AS v("k", "w", "__ord")
),
__q3 AS (
SELECT "Src", "k", "v", "w" FROM (
SELECT 'A' AS "Src", "k" AS "k", "v" AS "v" FROM __q1
UNION ALL BY NAME
SELECT 'B' AS "Src", "k" AS "k", "w" AS "w" FROM __q2
)
),
__q4 AS (
SELECT *, row_number() OVER (ORDER BY "k" ASC NULLS FIRST) AS "__ord" FROM __q3
)
SELECT "Src", "k", CAST("v" AS BIGINT) AS "v", CAST("w" AS DOUBLE) AS "w" FROM __q4 ORDER BY "__ord"
