WITH __q1 AS (
SELECT * FROM (VALUES (CAST('Timestamp' AS VARCHAR), CAST(0::BIGINT AS BIGINT), CAST('System.DateTime' AS VARCHAR), CAST('datetime' AS VARCHAR), 0::BIGINT), (CAST('AdditionalFields' AS VARCHAR), CAST(1::BIGINT AS BIGINT), CAST('System.String' AS VARCHAR), CAST('string' AS VARCHAR), 1::BIGINT), (CAST('ReportId' AS VARCHAR), CAST(2::BIGINT AS BIGINT), CAST('System.Int64' AS VARCHAR), CAST('long' AS VARCHAR), 2::BIGINT)) AS v("ColumnName", "ColumnOrdinal", "DataType", "ColumnType", "__ord")
)
SELECT "ColumnName", CAST("ColumnOrdinal" AS BIGINT) AS "ColumnOrdinal", "DataType", "ColumnType" FROM __q1 ORDER BY "__ord"
