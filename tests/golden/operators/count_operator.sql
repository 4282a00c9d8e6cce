WITH __q1 AS (
SELECT "AccountName", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("AccountName" = 'alice')
),
__q3 AS (
SELECT count(*) AS "Count" FROM __q2
)
SELECT CAST("Count" AS BIGINT) AS "Count" FROM __q3
