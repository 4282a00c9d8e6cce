WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT 'garbage' AS "s" FROM __q1
),
__q3 AS (
SELECT "s" AS "s", regexp_extract("s", '(?s)^a=(.*?), b=(.*)$', ['g1', 'g2']) AS "c___parse_groups" FROM __q2
),
__q4 AS (
SELECT CASE WHEN (regexp_matches("s", '(?s)^a=(.*?), b=(.*)$') AND (kql_str_to_long("c___parse_groups".g1)) IS NOT NULL) THEN kql_str_to_long("c___parse_groups".g1) END AS "a", CASE WHEN (regexp_matches("s", '(?s)^a=(.*?), b=(.*)$') AND (kql_str_to_long("c___parse_groups".g1)) IS NOT NULL) THEN "c___parse_groups".g2 ELSE '' END AS "b" FROM __q3
),
__q5 AS (
SELECT "a" AS "a", "b" AS "b" FROM __q4
),
__q6 AS (
SELECT "a" AS "a", "b" AS "b" FROM __q5
)
SELECT CAST("a" AS BIGINT) AS "a", "b" FROM __q6
