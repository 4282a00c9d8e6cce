WITH __q1 AS (
SELECT "DeviceId", "AccountDomain", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT DISTINCT "DeviceId" AS "DeviceId", "AccountDomain" AS "AccountDomain" FROM __q1
)
SELECT "DeviceId", "AccountDomain" FROM __q2
