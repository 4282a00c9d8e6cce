WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT concat('a', coalesce(CAST(1::BIGINT AS VARCHAR), ''), coalesce(kql_real_text(2.5::DOUBLE), ''), coalesce(CASE WHEN true THEN 'true' WHEN NOT true THEN 'false' END, ''), coalesce(kql_datetime_text(TIMESTAMP '2017-10-15 12:00:00'), ''), coalesce(kql_timespan_text(to_microseconds(5400000000::BIGINT)), '')) AS "print_0" FROM __q1
)
SELECT "print_0" FROM __q2
