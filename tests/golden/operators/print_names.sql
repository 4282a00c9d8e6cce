WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT 1::BIGINT AS "print_0", 'a' AS "x", 2.5::DOUBLE AS "print_2", (TIMESTAMP '2026-11-03 00:00:00' - (TIMESTAMP '2026-11-03 00:00:00' - to_microseconds(3600000000::BIGINT))) AS "print_3" FROM __q1
)
SELECT CAST("print_0" AS BIGINT) AS "print_0", "x", CAST("print_2" AS DOUBLE) AS "print_2", "print_3" FROM __q2
