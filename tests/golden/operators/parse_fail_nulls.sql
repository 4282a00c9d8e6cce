WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT 'garbage' AS "s" FROM __q1
),
__q3 AS (
SELECT "s" AS "s", CASE WHEN (regexp_matches("s", '(?s)^a=(.*?), b=(.*)$') AND (kql_str_to_long(regexp_extract("s", '(?s)^a=(.*?), b=(.*)$', 1))) IS NOT NULL) THEN kql_str_to_long(regexp_extract("s", '(?s)^a=(.*?), b=(.*)$', 1)) END AS "a", CASE WHEN (regexp_matches("s", '(?s)^a=(.*?), b=(.*)$') AND (kql_str_to_long(regexp_extract("s", '(?s)^a=(.*?), b=(.*)$', 1))) IS NOT NULL) THEN regexp_extract("s", '(?s)^a=(.*?), b=(.*)$', 2) ELSE '' END AS "b" FROM __q2
),
__q4 AS (
SELECT "a" AS "a", "b" AS "b" FROM __q3
)
SELECT "a", "b" FROM __q4
