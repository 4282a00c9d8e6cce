WITH __q1 AS (
SELECT "ProcessId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT *, row_number() OVER (ORDER BY "ProcessId" DESC NULLS LAST) AS "__ord" FROM __q1
),
__q3 AS (
SELECT "ProcessId" AS "ProcessId", "__ord" FROM __q2
),
__q4 AS (
SELECT * FROM __q3 ORDER BY "__ord" LIMIT 3::BIGINT
)
SELECT CAST("ProcessId" AS BIGINT) AS "ProcessId" FROM __q4 ORDER BY "__ord"
