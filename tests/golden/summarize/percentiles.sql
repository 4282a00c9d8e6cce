WITH __q1 AS (
SELECT unnest(s) AS "x", unnest(range(len(s))) AS __ord FROM (SELECT generate_series(1::BIGINT, 100::BIGINT, 1::BIGINT) AS s)
),
__q2 AS (
SELECT quantile_disc("x", 0.5) AS "percentile_x_50", quantile_disc("x", 0.95) AS "percentile_x_95", coalesce(avg(CAST("x" AS DOUBLE)), 'NaN'::DOUBLE) AS "avg_x", (CASE WHEN count(CAST("x" AS DOUBLE)) = 1 THEN 0.0 ELSE stddev_samp(CAST("x" AS DOUBLE)) END) AS "stdev_x" FROM __q1
)
SELECT CAST("percentile_x_50" AS BIGINT) AS "percentile_x_50", CAST("percentile_x_95" AS BIGINT) AS "percentile_x_95", CAST("avg_x" AS DOUBLE) AS "avg_x", CAST("stdev_x" AS DOUBLE) AS "stdev_x" FROM __q2
