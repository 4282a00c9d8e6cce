WITH __q1 AS (
SELECT unnest(s) AS "x", unnest(range(len(s))) AS __ord FROM (SELECT generate_series(1::BIGINT, 10::BIGINT, 4::BIGINT) AS s)
),
__q2 AS (
SELECT "x" AS "x", ("x" // nullif(4::BIGINT, 0)) AS "y", ((("x" % nullif(4::BIGINT, 0)) + abs(4::BIGINT)) % abs(4::BIGINT)) AS "z", (CAST("x" AS DOUBLE) / 4.0::DOUBLE) AS "r", "__ord" FROM __q1
)
SELECT CAST("x" AS BIGINT) AS "x", CAST("y" AS BIGINT) AS "y", CAST("z" AS BIGINT) AS "z", CAST("r" AS DOUBLE) AS "r" FROM __q2 ORDER BY "__ord"
