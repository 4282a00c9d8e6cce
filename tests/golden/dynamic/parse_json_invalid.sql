WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT kql_parse_json('not json') AS "a", kql_parse_json('') AS "b", nullif(json_extract(kql_parse_json('{"x":[1,2]}'), '$.x[1]'), 'null'::JSON) AS "c", coalesce(CASE json_type(kql_parse_json('not json')) WHEN 'ARRAY' THEN 'array' WHEN 'OBJECT' THEN 'dictionary' WHEN 'VARCHAR' THEN 'string' WHEN 'BOOLEAN' THEN 'bool' WHEN 'DOUBLE' THEN 'real' WHEN 'NULL' THEN 'null' ELSE CASE WHEN TRY_CAST(kql_parse_json('not json') AS DOUBLE) BETWEEN -2147483648 AND 2147483647 THEN 'int' ELSE 'long' END END, 'null') AS "d" FROM __q1
)
SELECT "a", "b", "c", "d" FROM __q2
