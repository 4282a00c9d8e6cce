WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT 'x resourceName=Pipe, totalSlices=27, y' AS "s" FROM __q1
),
__q3 AS (
SELECT "s" AS "s", CASE WHEN (regexp_matches("s", '(?s)^.*?resourceName=(.*?), totalSlices=(-?\d+).*$') AND (kql_str_to_long(regexp_extract("s", '(?s)^.*?resourceName=(.*?), totalSlices=(-?\d+).*$', 2))) IS NOT NULL) THEN regexp_extract("s", '(?s)^.*?resourceName=(.*?), totalSlices=(-?\d+).*$', 1) ELSE '' END AS "name", CASE WHEN (regexp_matches("s", '(?s)^.*?resourceName=(.*?), totalSlices=(-?\d+).*$') AND (kql_str_to_long(regexp_extract("s", '(?s)^.*?resourceName=(.*?), totalSlices=(-?\d+).*$', 2))) IS NOT NULL) THEN kql_str_to_long(regexp_extract("s", '(?s)^.*?resourceName=(.*?), totalSlices=(-?\d+).*$', 2)) END AS "slices" FROM __q2
),
__q4 AS (
SELECT "name" AS "name", "slices" AS "slices" FROM __q3
)
SELECT "name", "slices" FROM __q4
