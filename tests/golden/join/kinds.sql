WITH __q1 AS (
SELECT * FROM (VALUES (CAST('a' AS VARCHAR), CAST(1::BIGINT AS BIGINT), 0::BIGINT), (CAST('b' AS VARCHAR), CAST(2::BIGINT AS BIGINT), 1::BIGINT), (CAST('b' AS VARCHAR), CAST(3::BIGINT AS BIGINT), 2::BIGINT), (CAST('c' AS VARCHAR), CAST(4::BIGINT AS BIGINT), 3::BIGINT)) AS v("Key", "Value1", "__ord")
),
__q2 AS (
SELECT * FROM (VALUES (CAST('b' AS VARCHAR), CAST(10::BIGINT AS BIGINT), 0::BIGINT), (CAST('c' AS VARCHAR), CAST(20::BIGINT AS BIGINT), 1::BIGINT), (CAST('c' AS VARCHAR), CAST(30::BIGINT AS BIGINT), 2::BIGINT), (CAST('d' AS VARCHAR), CAST(40::BIGINT AS BIGINT), 3::BIGINT)) AS v("Key", "Value2", "__ord")
),
__q3 AS (
SELECT 1 AS __one FROM __q1 AS l JOIN __q2 AS r ON l."Key" = r."Key"
),
__q4 AS (
SELECT count(*) AS "Count" FROM __q3
),
__q5 AS (
SELECT "Count" AS "Count", 'inner' AS "k" FROM __q4
),
__q6 AS (
SELECT 1 AS __one FROM __q1 AS l LEFT JOIN __q2 AS r ON l."Key" = r."Key"
),
__q7 AS (
SELECT count(*) AS "Count" FROM __q6
),
__q8 AS (
SELECT "Count" AS "Count", 'leftouter' AS "k" FROM __q7
),
__q9 AS (
SELECT 1 AS __one FROM __q1 AS l FULL JOIN __q2 AS r ON l."Key" = r."Key"
),
__q10 AS (
SELECT count(*) AS "Count" FROM __q9
),
__q11 AS (
SELECT "Count" AS "Count", 'fullouter' AS "k" FROM __q10
),
__q12 AS (
SELECT 1 AS __one FROM __q1 AS l SEMI JOIN __q2 AS r ON l."Key" = r."Key"
),
__q13 AS (
SELECT count(*) AS "Count" FROM __q12
),
__q14 AS (
SELECT "Count" AS "Count", 'leftsemi' AS "k" FROM __q13
),
__q15 AS (
SELECT 1 AS __one FROM __q1 AS l ANTI JOIN __q2 AS r ON l."Key" = r."Key"
),
__q16 AS (
SELECT count(*) AS "Count" FROM __q15
),
__q17 AS (
SELECT "Count" AS "Count", 'leftanti' AS "k" FROM __q16
),
__q18 AS (
SELECT 1 AS __one FROM __q2 AS r ANTI JOIN __q1 AS l ON l."Key" = r."Key"
),
__q19 AS (
SELECT count(*) AS "Count" FROM __q18
),
__q20 AS (
SELECT "Count" AS "Count", 'rightanti' AS "k" FROM __q19
),
__q21 AS (
SELECT 1 AS __one FROM __q2 AS r SEMI JOIN __q1 AS l ON l."Key" = r."Key"
),
__q22 AS (
SELECT count(*) AS "Count" FROM __q21
),
__q23 AS (
SELECT "Count" AS "Count", 'rightsemi' AS "k" FROM __q22
),
__q24 AS (
SELECT "Count" AS "Count", "k" AS "k" FROM __q5
UNION ALL
SELECT "Count" AS "Count", "k" AS "k" FROM __q8
UNION ALL
SELECT "Count" AS "Count", "k" AS "k" FROM __q11
UNION ALL
SELECT "Count" AS "Count", "k" AS "k" FROM __q14
UNION ALL
SELECT "Count" AS "Count", "k" AS "k" FROM __q17
UNION ALL
SELECT "Count" AS "Count", "k" AS "k" FROM __q20
UNION ALL
SELECT "Count" AS "Count", "k" AS "k" FROM __q23
)
SELECT CAST("Count" AS BIGINT) AS "Count", "k" FROM __q24
