WITH __q1 AS (
SELECT "ProcessCommandLine", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ((contains(lower("ProcessCommandLine"), 'who')) AND regexp_matches("ProcessCommandLine", '(?i)(?:^|[^0-9A-Za-z])who(?:$|[^0-9A-Za-z])'))
),
__q3 AS (
SELECT count(*) AS "Count" FROM __q2
)
SELECT CAST("Count" AS BIGINT) AS "Count" FROM __q3
