WITH __q1 AS (
SELECT "Timestamp", "DeviceId", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "RemoteUrl", "LocalIP", "LocalPort", "Protocol", "LocalIPType", "RemoteIPType", "InitiatingProcessSHA1", "InitiatingProcessSHA256", "InitiatingProcessMD5", "InitiatingProcessFileName", "InitiatingProcessFileSize", "InitiatingProcessVersionInfoCompanyName", "InitiatingProcessVersionInfoProductName", "InitiatingProcessVersionInfoProductVersion", "InitiatingProcessVersionInfoInternalFileName", "InitiatingProcessVersionInfoOriginalFileName", "InitiatingProcessVersionInfoFileDescription", "InitiatingProcessId", "InitiatingProcessCommandLine", "InitiatingProcessCreationTime", "InitiatingProcessFolderPath", "InitiatingProcessParentFileName", "InitiatingProcessParentId", "InitiatingProcessParentCreationTime", "InitiatingProcessAccountDomain", "InitiatingProcessAccountName", "InitiatingProcessAccountSid", "InitiatingProcessAccountUpn", "InitiatingProcessAccountObjectId", "InitiatingProcessIntegrityLevel", "InitiatingProcessTokenElevation", "ReportId", "AppGuardContainerId", "AdditionalFields", "InitiatingProcessSessionId", "IsInitiatingProcessRemoteSession", "InitiatingProcessRemoteSessionDeviceName", "InitiatingProcessRemoteSessionIP", "InitiatingProcessUniqueId" FROM "DeviceNetworkEvents"
),
__q2 AS (
SELECT * FROM __q1 WHERE ("RemoteUrl" = '')
),
__q3 AS (
SELECT "ReportId" AS "ReportId", "RemoteUrl" AS "RemoteUrl", false AS "Column1" FROM __q2
)
SELECT "ReportId", "RemoteUrl", "Column1" FROM __q3
