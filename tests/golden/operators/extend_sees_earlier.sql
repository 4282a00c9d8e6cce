WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT 1::BIGINT AS "a" FROM __q1
),
__q3 AS (
SELECT "a" AS "a", ("a" + 1::BIGINT) AS "b" FROM __q2
),
__q4 AS (
SELECT "a" AS "a", "b" AS "b", ("b" * 10::BIGINT) AS "c" FROM __q3
)
SELECT CAST("a" AS BIGINT) AS "a", CAST("b" AS BIGINT) AS "b", CAST("c" AS BIGINT) AS "c" FROM __q4
