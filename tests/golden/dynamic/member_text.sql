WITH __q1 AS (
SELECT 1 AS __one
),
__q2 AS (
SELECT '{"s":"10.0.0.1","i":42,"r":1.0,"r2":1.5,"e":1e+20,"b":true,"o":{"x":[1,2]},"n":null,"ss":"1.0","neg":-2.5}'::JSON AS "d" FROM __q1
),
__q3 AS (
SELECT "d" AS "d", coalesce(kql_member_text("__stage0", "d", '$.s'), '') AS "s", coalesce(kql_member_text("__stage1", "d", '$.i'), '') AS "i", coalesce(kql_member_text("__stage2", "d", '$.r'), '') AS "r", coalesce(kql_member_text("__stage3", "d", '$.r2'), '') AS "r2", coalesce(kql_member_text("__stage4", "d", '$.e'), '') AS "e", coalesce(kql_member_text("__stage5", "d", '$.b'), '') AS "b", coalesce(kql_member_text("__stage6", "d", '$.o'), '') AS "o", coalesce(kql_member_text("__stage7", "d", '$.n'), '') AS "n", coalesce(kql_member_text("__stage8", "d", '$.ss'), '') AS "ss", coalesce(kql_member_text("__stage9", "d", '$.neg'), '') AS "neg", coalesce(kql_member_text("__stage10", "d", '$.zz'), '') AS "missing", coalesce(kql_member_text("__stage11", "d", '$.o.x[1]'), '') AS "arr", TRY_CAST(kql_str_to_long(kql_dyn_text("__stage12")) AS INTEGER) AS "port" FROM (SELECT *, nullif(json_extract("d", '$.i'), 'null'::JSON) AS "__stage12" FROM (SELECT *, json_extract_string("d", '$.o.x[1]') AS "__stage11" FROM (SELECT *, json_extract_string("d", '$.zz') AS "__stage10" FROM (SELECT *, json_extract_string("d", '$.neg') AS "__stage9" FROM (SELECT *, json_extract_string("d", '$.ss') AS "__stage8" FROM (SELECT *, json_extract_string("d", '$.n') AS "__stage7" FROM (SELECT *, json_extract_string("d", '$.o') AS "__stage6" FROM (SELECT *, json_extract_string("d", '$.b') AS "__stage5" FROM (SELECT *, json_extract_string("d", '$.e') AS "__stage4" FROM (SELECT *, json_extract_string("d", '$.r2') AS "__stage3" FROM (SELECT *, json_extract_string("d", '$.r') AS "__stage2" FROM (SELECT *, json_extract_string("d", '$.i') AS "__stage1" FROM (SELECT *, json_extract_string("d", '$.s') AS "__stage0" FROM __q2)))))))))))))
),
__q4 AS (
SELECT * FROM __q3 WHERE ((coalesce(kql_member_text(json_extract_string("d", '$.r'), "d", '$.r'), '') = '1') AND (coalesce(kql_member_text(json_extract_string("d", '$.ss'), "d", '$.ss'), '') = '1.0'))
),
__q5 AS (
SELECT "s" AS "s", "i" AS "i", "r" AS "r", "r2" AS "r2", "e" AS "e", "b" AS "b", "o" AS "o", "n" AS "n", "ss" AS "ss", "neg" AS "neg", "missing" AS "missing", "arr" AS "arr", "port" AS "port" FROM __q4
)
SELECT "s", "i", "r", "r2", "e", "b", "o", "n", "ss", "neg", "missing", "arr", CAST("port" AS INTEGER) AS "port" FROM __q5
