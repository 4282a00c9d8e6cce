WITH __q1 AS (
SELECT "Timestamp", "DeviceId", "AccountName", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT date_trunc('day', "Timestamp") AS "Timestamp", "DeviceId" AS "DeviceId", count(*) FILTER (WHERE ("AccountName" = 'bob')) AS "countif_", count(*) AS "count_" FROM __q1 GROUP BY 1, 2
)
SELECT "Timestamp", "DeviceId", CAST("countif_" AS BIGINT) AS "countif_", CAST("count_" AS BIGINT) AS "count_" FROM __q2
