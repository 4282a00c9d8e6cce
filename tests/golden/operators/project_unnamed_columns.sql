WITH __q1 AS (
SELECT "FileName", "ProcessId", "ReportId", "__partition_date" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * EXCLUDE ("__partition_date") FROM __q1 WHERE ("ReportId" = 1::BIGINT)
),
__q3 AS (
SELECT lower("FileName") AS "Column1", length("FileName")::BIGINT AS "strlen_FileName", ("ProcessId" + 1::BIGINT) AS "Column2", coalesce(CAST("ProcessId" AS VARCHAR), '') AS "ProcessId" FROM __q2
)
SELECT "Column1", CAST("strlen_FileName" AS BIGINT) AS "strlen_FileName", CAST("Column2" AS BIGINT) AS "Column2", "ProcessId" FROM __q3
