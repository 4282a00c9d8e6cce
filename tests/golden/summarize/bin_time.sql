WITH __q1 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT date_trunc('day', "Timestamp") AS "Timestamp", count(*) AS "Count" FROM __q1 GROUP BY 1
)
SELECT "Timestamp", CAST("Count" AS BIGINT) AS "Count" FROM __q2
