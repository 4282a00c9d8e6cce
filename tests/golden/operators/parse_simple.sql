WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT 'x resourceName=Pipe, totalSlices=27, y' AS "s" FROM __q1
),
__q3 AS (
SELECT "s" AS "s", regexp_extract("s", '(?s)^.*?resourceName=(.*?), totalSlices=(-?\d+).*$', ['g1', 'g2']) AS "c___parse_groups" FROM __q2
),
__q4 AS (
SELECT CASE WHEN (regexp_matches("s", '(?s)^.*?resourceName=(.*?), totalSlices=(-?\d+).*$') AND (kql_str_to_long("c___parse_groups".g2)) IS NOT NULL) THEN "c___parse_groups".g1 ELSE '' END AS "name", CASE WHEN (regexp_matches("s", '(?s)^.*?resourceName=(.*?), totalSlices=(-?\d+).*$') AND (kql_str_to_long("c___parse_groups".g2)) IS NOT NULL) THEN kql_str_to_long("c___parse_groups".g2) END AS "slices" FROM __q3
),
__q5 AS (
SELECT "name" AS "name", "slices" AS "slices" FROM __q4
),
__q6 AS (
SELECT "name" AS "name", "slices" AS "slices" FROM __q5
)
SELECT "name", CAST("slices" AS BIGINT) AS "slices" FROM __q6
