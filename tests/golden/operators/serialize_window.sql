WITH __q1 AS (
SELECT "Timestamp", "DeviceId", "FileName", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("DeviceId" = 'd1')
),
__q3 AS (
SELECT *, row_number() OVER (ORDER BY "Timestamp" ASC NULLS FIRST) AS "__ord" FROM __q2
),
__q4 AS (
SELECT "FileName" AS "FileName", ((1) - 1 + row_number() OVER (ORDER BY "__ord")) AS "rn", coalesce(lag("FileName", 1) OVER (ORDER BY "__ord"), '') AS "prevFile", "__ord" FROM __q3
),
__q5 AS (
SELECT "rn" AS "rn", "FileName" AS "FileName", "prevFile" AS "prevFile", "__ord" FROM __q4
)
SELECT CAST("rn" AS BIGINT) AS "rn", "FileName", "prevFile" FROM __q5 ORDER BY "__ord"
