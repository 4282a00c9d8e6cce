WITH __q1 AS (
SELECT "Timestamp", "__partition_date" FROM "AADSignInEventsBeta"
),
__q2 AS (
SELECT "Timestamp", "__partition_date" FROM "AADSpnSignInEventsBeta"
),
__q3 AS (
SELECT "Timestamp", "__partition_date" FROM "AIAgentsInfo"
),
__q4 AS (
SELECT "Timestamp", "__partition_date" FROM "AgentsInfo"
),
__q5 AS (
SELECT "Timestamp", "__partition_date" FROM "AlertEvidence"
),
__q6 AS (
SELECT "Timestamp", "__partition_date" FROM "AlertInfo"
),
__q7 AS (
SELECT "Timestamp", "__partition_date" FROM "BehaviorEntities"
),
__q8 AS (
SELECT "Timestamp", "__partition_date" FROM "BehaviorInfo"
),
__q9 AS (
SELECT "ActivityTimestamp", "__partition_date" FROM "CallActivityEvents"
),
__q10 AS (
SELECT "Timestamp", "__partition_date" FROM "CampaignInfo"
),
__q11 AS (
SELECT "Timestamp", "__partition_date" FROM "CloudAppEvents"
),
__q12 AS (
SELECT "Timestamp", "__partition_date" FROM "CloudAuditEvents"
),
__q13 AS (
SELECT "Timestamp", "__partition_date" FROM "CloudDnsEvents"
),
__q14 AS (
SELECT "Timestamp", "__partition_date" FROM "CloudPolicyEnforcementEvents"
),
__q15 AS (
SELECT "Timestamp", "__partition_date" FROM "CloudProcessEvents"
),
__q16 AS (
SELECT "DataAggregationStartTime", "__partition_date" FROM "CloudStorageAggregatedEvents"
),
__q17 AS (
SELECT "Timestamp", "__partition_date" FROM "DataSecurityBehaviors"
),
__q18 AS (
SELECT "ApplicationNames", "__partition_date" FROM "DataSecurityEvents"
),
__q19 AS (
SELECT "DeviceId", "__partition_date" FROM "DeviceBaselineComplianceAssessment"
),
__q20 AS (
SELECT "ConfigurationId", "__partition_date" FROM "DeviceBaselineComplianceAssessmentKB"
),
__q21 AS (
SELECT "ProfileId", "__partition_date" FROM "DeviceBaselineComplianceProfiles"
),
__q22 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceEvents"
),
__q23 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceFileCertificateInfo"
),
__q24 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceFileEvents"
),
__q25 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceImageLoadEvents"
),
__q26 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceInfo"
),
__q27 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceLogonEvents"
),
__q28 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceNetworkEvents"
),
__q29 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceNetworkInfo"
),
__q30 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceProcessEvents"
),
__q31 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceRegistryEvents"
),
__q32 AS (
SELECT "DeviceId", "__partition_date" FROM "DeviceTvmBrowserExtensions"
),
__q33 AS (
SELECT "BrowserName", "__partition_date" FROM "DeviceTvmBrowserExtensionsKB"
),
__q34 AS (
SELECT "DeviceId", "__partition_date" FROM "DeviceTvmCertificateInfo"
),
__q35 AS (
SELECT "DeviceId", "__partition_date" FROM "DeviceTvmHardwareFirmware"
),
__q36 AS (
SELECT "Timestamp", "__partition_date" FROM "DeviceTvmInfoGathering"
),
__q37 AS (
SELECT "IgId", "__partition_date" FROM "DeviceTvmInfoGatheringKB"
),
__q38 AS (
SELECT "DeviceId", "__partition_date" FROM "DeviceTvmSecureConfigurationAssessment"
),
__q39 AS (
SELECT "ConfigurationId", "__partition_date" FROM "DeviceTvmSecureConfigurationAssessmentKB"
),
__q40 AS (
SELECT "DeviceId", "__partition_date" FROM "DeviceTvmSoftwareEvidenceBeta"
),
__q41 AS (
SELECT "DeviceId", "__partition_date" FROM "DeviceTvmSoftwareInventory"
),
__q42 AS (
SELECT "DeviceId", "__partition_date" FROM "DeviceTvmSoftwareVulnerabilities"
),
__q43 AS (
SELECT "CveId", "__partition_date" FROM "DeviceTvmSoftwareVulnerabilitiesKB"
),
__q44 AS (
SELECT "Timestamp", "__partition_date" FROM "DisruptionAndResponseEvents"
),
__q45 AS (
SELECT "Timestamp", "__partition_date" FROM "EmailAttachmentInfo"
),
__q46 AS (
SELECT "Timestamp", "__partition_date" FROM "EmailEvents"
),
__q47 AS (
SELECT "Timestamp", "__partition_date" FROM "EmailPostDeliveryEvents"
),
__q48 AS (
SELECT "Timestamp", "__partition_date" FROM "EmailUrlInfo"
),
__q49 AS (
SELECT "Timestamp", "__partition_date" FROM "EntraIdSignInEvents"
),
__q50 AS (
SELECT "Timestamp", "__partition_date" FROM "EntraIdSpnSignInEvents"
),
__q51 AS (
SELECT "EdgeId", "__partition_date" FROM "ExposureGraphEdges"
),
__q52 AS (
SELECT "NodeId", "__partition_date" FROM "ExposureGraphNodes"
),
__q53 AS (
SELECT "Timestamp", "__partition_date" FROM "FileMaliciousContentInfo"
),
__q54 AS (
SELECT "IdentityProvider", "__partition_date" FROM "GraphApiAuditEvents"
),
__q55 AS (
SELECT "Timestamp", "__partition_date" FROM "IdentityAccountInfo"
),
__q56 AS (
SELECT "Timestamp", "__partition_date" FROM "IdentityDirectoryEvents"
),
__q57 AS (
SELECT "Timestamp", "__partition_date" FROM "IdentityEvents"
),
__q58 AS (
SELECT "Timestamp", "__partition_date" FROM "IdentityInfo"
),
__q59 AS (
SELECT "Timestamp", "__partition_date" FROM "IdentityLogonEvents"
),
__q60 AS (
SELECT "Timestamp", "__partition_date" FROM "IdentityQueryEvents"
),
__q61 AS (
SELECT "Timestamp", "__partition_date" FROM "MessageContents"
),
__q62 AS (
SELECT "Timestamp", "__partition_date" FROM "MessageEvents"
),
__q63 AS (
SELECT "Timestamp", "__partition_date" FROM "MessagePostDeliveryEvents"
),
__q64 AS (
SELECT "Timestamp", "__partition_date" FROM "MessageUrlInfo"
),
__q65 AS (
SELECT "ReportId", "__partition_date" FROM "OAuthAppInfo"
),
__q66 AS (
SELECT "Timestamp", "__partition_date" FROM "UrlClickEvents"
),
__q67 AS (
SELECT 'AADSignInEventsBeta' AS "SourceTable" FROM __q1
UNION ALL
SELECT 'AADSpnSignInEventsBeta' AS "SourceTable" FROM __q2
UNION ALL
SELECT 'AIAgentsInfo' AS "SourceTable" FROM __q3
UNION ALL
SELECT 'AgentsInfo' AS "SourceTable" FROM __q4
UNION ALL
SELECT 'AlertEvidence' AS "SourceTable" FROM __q5
UNION ALL
SELECT 'AlertInfo' AS "SourceTable" FROM __q6
UNION ALL
SELECT 'BehaviorEntities' AS "SourceTable" FROM __q7
UNION ALL
SELECT 'BehaviorInfo' AS "SourceTable" FROM __q8
UNION ALL
SELECT 'CallActivityEvents' AS "SourceTable" FROM __q9
UNION ALL
SELECT 'CampaignInfo' AS "SourceTable" FROM __q10
UNION ALL
SELECT 'CloudAppEvents' AS "SourceTable" FROM __q11
UNION ALL
SELECT 'CloudAuditEvents' AS "SourceTable" FROM __q12
UNION ALL
SELECT 'CloudDnsEvents' AS "SourceTable" FROM __q13
UNION ALL
SELECT 'CloudPolicyEnforcementEvents' AS "SourceTable" FROM __q14
UNION ALL
SELECT 'CloudProcessEvents' AS "SourceTable" FROM __q15
UNION ALL
SELECT 'CloudStorageAggregatedEvents' AS "SourceTable" FROM __q16
UNION ALL
SELECT 'DataSecurityBehaviors' AS "SourceTable" FROM __q17
UNION ALL
SELECT 'DataSecurityEvents' AS "SourceTable" FROM __q18
UNION ALL
SELECT 'DeviceBaselineComplianceAssessment' AS "SourceTable" FROM __q19
UNION ALL
SELECT 'DeviceBaselineComplianceAssessmentKB' AS "SourceTable" FROM __q20
UNION ALL
SELECT 'DeviceBaselineComplianceProfiles' AS "SourceTable" FROM __q21
UNION ALL
SELECT 'DeviceEvents' AS "SourceTable" FROM __q22
UNION ALL
SELECT 'DeviceFileCertificateInfo' AS "SourceTable" FROM __q23
UNION ALL
SELECT 'DeviceFileEvents' AS "SourceTable" FROM __q24
UNION ALL
SELECT 'DeviceImageLoadEvents' AS "SourceTable" FROM __q25
UNION ALL
SELECT 'DeviceInfo' AS "SourceTable" FROM __q26
UNION ALL
SELECT 'DeviceLogonEvents' AS "SourceTable" FROM __q27
UNION ALL
SELECT 'DeviceNetworkEvents' AS "SourceTable" FROM __q28
UNION ALL
SELECT 'DeviceNetworkInfo' AS "SourceTable" FROM __q29
UNION ALL
SELECT 'DeviceProcessEvents' AS "SourceTable" FROM __q30
UNION ALL
SELECT 'DeviceRegistryEvents' AS "SourceTable" FROM __q31
UNION ALL
SELECT 'DeviceTvmBrowserExtensions' AS "SourceTable" FROM __q32
UNION ALL
SELECT 'DeviceTvmBrowserExtensionsKB' AS "SourceTable" FROM __q33
UNION ALL
SELECT 'DeviceTvmCertificateInfo' AS "SourceTable" FROM __q34
UNION ALL
SELECT 'DeviceTvmHardwareFirmware' AS "SourceTable" FROM __q35
UNION ALL
SELECT 'DeviceTvmInfoGathering' AS "SourceTable" FROM __q36
UNION ALL
SELECT 'DeviceTvmInfoGatheringKB' AS "SourceTable" FROM __q37
UNION ALL
SELECT 'DeviceTvmSecureConfigurationAssessment' AS "SourceTable" FROM __q38
UNION ALL
SELECT 'DeviceTvmSecureConfigurationAssessmentKB' AS "SourceTable" FROM __q39
UNION ALL
SELECT 'DeviceTvmSoftwareEvidenceBeta' AS "SourceTable" FROM __q40
UNION ALL
SELECT 'DeviceTvmSoftwareInventory' AS "SourceTable" FROM __q41
UNION ALL
SELECT 'DeviceTvmSoftwareVulnerabilities' AS "SourceTable" FROM __q42
UNION ALL
SELECT 'DeviceTvmSoftwareVulnerabilitiesKB' AS "SourceTable" FROM __q43
UNION ALL
SELECT 'DisruptionAndResponseEvents' AS "SourceTable" FROM __q44
UNION ALL
SELECT 'EmailAttachmentInfo' AS "SourceTable" FROM __q45
UNION ALL
SELECT 'EmailEvents' AS "SourceTable" FROM __q46
UNION ALL
SELECT 'EmailPostDeliveryEvents' AS "SourceTable" FROM __q47
UNION ALL
SELECT 'EmailUrlInfo' AS "SourceTable" FROM __q48
UNION ALL
SELECT 'EntraIdSignInEvents' AS "SourceTable" FROM __q49
UNION ALL
SELECT 'EntraIdSpnSignInEvents' AS "SourceTable" FROM __q50
UNION ALL
SELECT 'ExposureGraphEdges' AS "SourceTable" FROM __q51
UNION ALL
SELECT 'ExposureGraphNodes' AS "SourceTable" FROM __q52
UNION ALL
SELECT 'FileMaliciousContentInfo' AS "SourceTable" FROM __q53
UNION ALL
SELECT 'GraphApiAuditEvents' AS "SourceTable" FROM __q54
UNION ALL
SELECT 'IdentityAccountInfo' AS "SourceTable" FROM __q55
UNION ALL
SELECT 'IdentityDirectoryEvents' AS "SourceTable" FROM __q56
UNION ALL
SELECT 'IdentityEvents' AS "SourceTable" FROM __q57
UNION ALL
SELECT 'IdentityInfo' AS "SourceTable" FROM __q58
UNION ALL
SELECT 'IdentityLogonEvents' AS "SourceTable" FROM __q59
UNION ALL
SELECT 'IdentityQueryEvents' AS "SourceTable" FROM __q60
UNION ALL
SELECT 'MessageContents' AS "SourceTable" FROM __q61
UNION ALL
SELECT 'MessageEvents' AS "SourceTable" FROM __q62
UNION ALL
SELECT 'MessagePostDeliveryEvents' AS "SourceTable" FROM __q63
UNION ALL
SELECT 'MessageUrlInfo' AS "SourceTable" FROM __q64
UNION ALL
SELECT 'OAuthAppInfo' AS "SourceTable" FROM __q65
UNION ALL
SELECT 'UrlClickEvents' AS "SourceTable" FROM __q66
),
__q68 AS (
SELECT "SourceTable" AS "SourceTable", count(*) AS "Rows" FROM __q67 GROUP BY 1
)
SELECT "SourceTable", CAST("Rows" AS BIGINT) AS "Rows" FROM __q68
