WITH __q1 AS (
SELECT "Timestamp", "DeviceId", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "RemoteUrl", "LocalIP", "LocalPort", "Protocol", "LocalIPType", "RemoteIPType", "InitiatingProcessSHA1", "InitiatingProcessSHA256", "InitiatingProcessMD5", "InitiatingProcessFileName", "InitiatingProcessFileSize", "InitiatingProcessVersionInfoCompanyName", "InitiatingProcessVersionInfoProductName", "InitiatingProcessVersionInfoProductVersion", "InitiatingProcessVersionInfoInternalFileName", "InitiatingProcessVersionInfoOriginalFileName", "InitiatingProcessVersionInfoFileDescription", "InitiatingProcessId", "InitiatingProcessCommandLine", "InitiatingProcessCreationTime", "InitiatingProcessFolderPath", "InitiatingProcessParentFileName", "InitiatingProcessParentId", "InitiatingProcessParentCreationTime", "InitiatingProcessAccountDomain", "InitiatingProcessAccountName", "InitiatingProcessAccountSid", "InitiatingProcessAccountUpn", "InitiatingProcessAccountObjectId", "InitiatingProcessIntegrityLevel", "InitiatingProcessTokenElevation", "ReportId", "AppGuardContainerId", "AdditionalFields", "InitiatingProcessSessionId", "IsInitiatingProcessRemoteSession", "InitiatingProcessRemoteSessionDeviceName", "InitiatingProcessRemoteSessionIP", "InitiatingProcessUniqueId" FROM "DeviceNetworkEvents"
),
__q2 AS (
SELECT *, row_number() OVER (ORDER BY "RemoteUrl" ASC NULLS FIRST) AS "__ord" FROM (SELECT * FROM __q1 ORDER BY "RemoteUrl" ASC NULLS FIRST LIMIT 3::BIGINT)
),
__q3 AS (
SELECT "RemoteUrl" AS "RemoteUrl", "ReportId" AS "ReportId", "__ord" FROM __q2
)
SELECT "RemoteUrl", "ReportId" FROM __q3 ORDER BY "__ord"
