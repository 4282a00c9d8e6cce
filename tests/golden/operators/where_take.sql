WITH __q1 AS (
SELECT "Timestamp", "DeviceId", "DeviceName", "ActionType", "FileName", "FolderPath", "SHA1", "SHA256", "MD5", "FileSize", "ProcessVersionInfoCompanyName", "ProcessVersionInfoProductName", "ProcessVersionInfoProductVersion", "ProcessVersionInfoInternalFileName", "ProcessVersionInfoOriginalFileName", "ProcessVersionInfoFileDescription", "ProcessId", "ProcessCommandLine", "ProcessIntegrityLevel", "ProcessTokenElevation", "ProcessCreationTime", "AccountDomain", "AccountName", "AccountSid", "AccountUpn", "AccountObjectId", "LogonId", "InitiatingProcessAccountDomain", "InitiatingProcessAccountName", "InitiatingProcessAccountSid", "InitiatingProcessAccountUpn", "InitiatingProcessAccountObjectId", "InitiatingProcessLogonId", "InitiatingProcessIntegrityLevel", "InitiatingProcessTokenElevation", "InitiatingProcessSHA1", "InitiatingProcessSHA256", "InitiatingProcessMD5", "InitiatingProcessFileName", "InitiatingProcessFileSize", "InitiatingProcessVersionInfoCompanyName", "InitiatingProcessVersionInfoProductName", "InitiatingProcessVersionInfoProductVersion", "InitiatingProcessVersionInfoInternalFileName", "InitiatingProcessVersionInfoOriginalFileName", "InitiatingProcessVersionInfoFileDescription", "InitiatingProcessId", "InitiatingProcessCommandLine", "InitiatingProcessCreationTime", "InitiatingProcessFolderPath", "InitiatingProcessParentId", "InitiatingProcessParentFileName", "InitiatingProcessParentCreationTime", "InitiatingProcessSignerType", "InitiatingProcessSignatureStatus", "ReportId", "AppGuardContainerId", "AdditionalFields", "InitiatingProcessSessionId", "IsInitiatingProcessRemoteSession", "InitiatingProcessRemoteSessionDeviceName", "InitiatingProcessRemoteSessionIP", "CreatedProcessSessionId", "IsProcessRemoteSession", "ProcessRemoteSessionDeviceName", "ProcessRemoteSessionIP", "ProcessUniqueId", "InitiatingProcessUniqueId" FROM "DeviceProcessEvents"
),
__q2 AS (
SELECT * FROM __q1 WHERE ("DeviceId" = 'd1')
),
__q3 AS (
SELECT "Timestamp" AS "Timestamp", "FileName" AS "FileName" FROM __q2
),
__q4 AS (
SELECT *, row_number() OVER (ORDER BY "Timestamp" ASC NULLS FIRST) AS "__ord" FROM __q3
)
SELECT "Timestamp", "FileName" FROM __q4 ORDER BY "__ord"
