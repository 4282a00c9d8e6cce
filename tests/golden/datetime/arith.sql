WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT (TIMESTAMP '2026-11-01 10:00:00' - TIMESTAMP '2026-10-31 08:30:00') AS "d", (TIMESTAMP '2026-11-01 00:00:00' + to_microseconds(129600000000::BIGINT)) AS "t", (epoch(to_microseconds(86400000000::BIGINT)) / nullif(epoch(to_microseconds(3600000000::BIGINT)), 0)) AS "r", date_trunc('hour', TIMESTAMP '2026-11-01 13:45:00') AS "b", (TIMESTAMP '2026-11-03 00:00:00' - to_microseconds(86400000000::BIGINT)) AS "a" FROM __q1
)
SELECT "d", "t", CAST("r" AS DOUBLE) AS "r", "b", "a" FROM __q2
