WITH __q1 AS (
SELECT "Timestamp", "DeviceId", "FileName", "ProcessId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT "DeviceId" AS "DeviceId", "Timestamp" AS "Timestamp", "FileName" AS "FileName", "ProcessId" AS "ProcessId" FROM __q1 QUALIFY row_number() OVER (PARTITION BY "DeviceId" ORDER BY "Timestamp" DESC NULLS LAST) = 1
)
SELECT "DeviceId", "Timestamp", "FileName", CAST("ProcessId" AS BIGINT) AS "ProcessId" FROM __q2
