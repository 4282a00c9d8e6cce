"""Cloud app activity (Defender for Cloud Apps / Microsoft 365 audit) kinds.

Context arrays from the family: ip, country, city, isp, ua, os, devtype, proxy, ipcat, mailbox_guid,
session_id, client_ip. Value specs: see templates.py.
"""

EXO, SPO, ODB, TEAMS, O365, AZ, XDR = ("Microsoft Exchange Online", "Microsoft SharePoint Online", "Microsoft OneDrive for Business",
                                       "Microsoft Teams", "Microsoft 365", "Microsoft Azure", "Microsoft Defender XDR")
APP_IDS = {EXO: 20893, SPO: 20892, ODB: 15600, TEAMS: 28375, O365: 11161, AZ: 12260, XDR: 61003, "Dropbox": 11627,
           "Salesforce": 11114, "GitHub": 11466, "Zoom": 21213, "Microsoft Copilot for Microsoft 365": 40196}

BASE = {"AccountObjectId": ("acct", "oid"), "AccountId": ("acct", "oid"), "AccountDisplayName": ("acct", "display"),
        "IPAddress": ("ctx", "ip"), "CountryCode": ("ctx", "country"), "City": ("ctx", "city"), "Isp": ("ctx", "isp"),
        "UserAgent": ("ctx", "ua"), "OSPlatform": ("ctx", "os"), "DeviceType": ("ctx", "devtype"),
        "IsAnonymousProxy": ("ctx", "proxy"), "IPCategory": ("ctx", "ipcat"), "AccountType": "Regular",
        "IsAdminOperation": False, "IsExternalUser": False, "IsImpersonated": False, "AuditSource": "Defender for Cloud Apps access control",
        "UserAgentTags": '[]', "IPTags": '[]'}

FILE_ACT = {"Type": "File", "Role": "Target object", "Name": "{doc}", "Id": "https://{tenant}-my.sharepoint.com/personal/{sam}/Documents/{doc}"}


def K(**kw):
    """A kind: the common columns, overridden by the kind's own."""
    return {**BASE, **kw}


def _raw(operation, workload, extra=None):
    doc = {"CreationTime": "2024-01-01T00:00:00", "Id": "{guid}", "Operation": operation, "OrganizationId": "{tenant_id}",
           "RecordType": "={n:1-60}", "UserKey": "{oid}", "UserType": "=0", "Version": "=1", "Workload": workload,
           "ClientIP": "{public_ip}", "UserId": "{upn}", "ResultStatus": "Succeeded"}
    if extra:
        doc.update(extra)
    return doc


CLOUD = {
    "mail_accessed": K(weight=22, Application=EXO, ApplicationId=APP_IDS[EXO], ActionType="MailItemsAccessed", ActivityType="Read",
                          ObjectName="{upn}", ObjectType="Mailbox", ObjectId="{oid}",
                          RawEventData=_raw("MailItemsAccessed", "Exchange", {
                              "MailboxOwnerUPN": "{upn}", "MailboxGuid": "{guid}", "ClientInfoString": "{pick:Client=OWA;Action=ViaProxy|Client=REST;Client=RESTSystem;;|Client=MSExchangeRPC}",
                              "OperationCount": "={n:1-40}", "AppId": "{pick:00000002-0000-0ff1-ce00-000000000000|d3590ed6-52b3-4102-aeff-aad2292ab01c}",
                              "ClientAppId": "", "OperationProperties": [{"Name": "MailAccessType", "Value": "Bind"}, {"Name": "IsThrottled", "Value": "False"}],
                              "Folders": [{"Id": "LgAAAAA{hex:20}", "Path": "\\\\{pick:Inbox|Sent Items|Archive|Drafts}",
                                           "FolderItems": [{"InternetMessageId": "<{hex:20}@{pick:mail.gmail.com|BN0PR10MB{n:1000-9999}.namprd10.prod.outlook.com}>", "SizeInBytes": "={n:5000-90000}"}]}]})),
    "mail_send": K(weight=6, Application=EXO, ApplicationId=APP_IDS[EXO], ActionType="Send", ActivityType="Send",
                      ObjectName="{stem}", ObjectType="Email",
                      RawEventData=_raw("Send", "Exchange", {"Item": {"Subject": "{stem}", "InternetMessageId": "<{hex:24}@{pick:BN0PR10MB|CH3PR12MB}{n:1000-9999}.namprd10.prod.outlook.com>",
                                                                       "Attachments": "", "ParentFolder": {"Path": "\\\\Sent Items", "Name": "Sent Items"}}})),
    "mail_delete": K(weight=3, Application=EXO, ApplicationId=APP_IDS[EXO], ActionType=[("MoveToDeletedItems", 6), ("SoftDelete", 2), ("HardDelete", 1)],
                        ActivityType="Delete", ObjectType="Email",
                        RawEventData=_raw("MoveToDeletedItems", "Exchange", {"AffectedItems": [{"Subject": "{stem}", "ParentFolder": {"Path": "\\\\{pick:Inbox|Calendar|Deleted Items}"}}]}),
                        ActivityObjects='[{{"Type":"Email","Role":"Target object","Name":"{stem}","Id":"{hex:32}"}},{{"Type":"Folder","Role":"Parent","Name":"Inbox","Id":"{hex:16}"}}]'),
    "mailbox_folder": K(weight=0.6, Application=EXO, ApplicationId=APP_IDS[EXO], ActionType=[("UpdateInboxRules", 1), ("Set-MailboxAutoReplyConfiguration", 1), ("Add-MailboxFolderPermission", 0.4)],
                           ActivityType="Edit", ObjectName="{upn}", ObjectType="Mailbox",
                           RawEventData=_raw("UpdateInboxRules", "Exchange", {"Parameters": [{"Name": "Identity", "Value": "{upn}"}]})),
    "inbox_rule_benign": K(weight=0.15, Application=EXO, ApplicationId=APP_IDS[EXO], ActionType="New-InboxRule", ActivityType="Create",
                              ObjectName="{pick:Newsletters|Jira notifications|Move receipts|GitHub}", ObjectType="Inbox rule",
                              RawEventData=_raw("New-InboxRule", "Exchange", {"Parameters": [{"Name": "Name", "Value": "{pick:Newsletters|Jira notifications|Move receipts|GitHub}"},
                                                                                             {"Name": "From", "Value": "{pick:noreply@atlassian.net|notifications@github.com|news@techdigest.io}"},
                                                                                             {"Name": "MoveToFolder", "Value": "{pick:Newsletters|Jira|Receipts}"}]})),
    "file_access": K(weight=14, Application=[(SPO, 1), (ODB, 1)], ApplicationId=[(APP_IDS[SPO], 1)], ActionType=[("FileAccessed", 10), ("FilePreviewed", 4), ("PageViewed", 3)],
                        ActivityType="Read", ObjectName="https://{tenant}.sharepoint.com/{site_url}/Shared Documents/{doc}", ObjectType="File",
                        ActivityObjects=("json", [FILE_ACT]), RawEventData=_raw("FileAccessed", "SharePoint", {"SourceFileName": "{doc}", "SiteUrl": "https://{tenant}.sharepoint.com/{site_url}/",
                                                                                                     "ObjectId": "https://{tenant}.sharepoint.com/{site_url}/Shared Documents/{doc}"})),
    "file_download": K(weight=5, Application=[(SPO, 1), (ODB, 1)], ApplicationId=APP_IDS[SPO], ActionType=[("FileDownloaded", 5), ("FileSyncDownloadedFull", 3)],
                          ActivityType="Download", ObjectName="https://{tenant}.sharepoint.com/{site_url}/Shared Documents/{doc}", ObjectType="File",
                          ActivityObjects=("json", [FILE_ACT]), RawEventData=_raw("FileDownloaded", "SharePoint", {"SourceFileName": "{doc}", "SiteUrl": "https://{tenant}.sharepoint.com/{site_url}/"})),
    "file_upload": K(weight=5, Application=[(ODB, 2), (SPO, 1)], ApplicationId=APP_IDS[ODB], ActionType=[("FileUploaded", 3), ("FileModified", 4), ("FileSyncUploadedFull", 2)],
                        ActivityType="Upload", ObjectName="https://{tenant}-my.sharepoint.com/personal/{sam}/Documents/{doc}", ObjectType="File",
                        ActivityObjects=("json", [FILE_ACT]), RawEventData=_raw("FileUploaded", "OneDrive", {"SourceFileName": "{doc}", "SiteUrl": "https://{tenant}-my.sharepoint.com/personal/{sam}/"})),
    "sharing": K(weight=1, Application=[(SPO, 1), (ODB, 1)], ApplicationId=APP_IDS[SPO], ActionType=[("SharingSet", 3), ("SharingInvitationCreated", 2), ("AnonymousLinkCreated", 0.3), ("CompanyLinkCreated", 1)],
                    ActivityType="Share", ObjectName="{doc}", ObjectType="File", ActivityObjects=("json", [FILE_ACT]),
                    RawEventData=_raw("SharingSet", "SharePoint", {"TargetUserOrGroupName": "{user2_upn}", "SourceFileName": "{doc}"})),
    "teams": K(weight=10, Application=TEAMS, ApplicationId=APP_IDS[TEAMS], ActionType=[("MessageSent", 6), ("ReactedToMessage", 2), ("MessageRead", 2), ("MeetingParticipantDetail", 2),
                                                                                         ("ChatCreated", 0.5), ("TeamsSessionStarted", 2), ("MemberAdded", 0.2)],
                  ActivityType="Teams", ObjectType="Chat", ObjectName="19:{hex:32}@thread.v2",
                  RawEventData=_raw("MessageSent", "MicrosoftTeams", {"MessageReactionType": "{pick:like|heart|laugh|surprised|}", "ChatThreadId": "19:{hex:32}@thread.v2",
                                                                     "CommunicationType": "{pick:OneOnOne|GroupChat|Team}"})),
    "copilot": K(weight=0.8, Application="Microsoft Copilot for Microsoft 365", ApplicationId=APP_IDS["Microsoft Copilot for Microsoft 365"],
                    ActionType="CopilotInteraction", ActivityType="Interact",
                    RawEventData=_raw("CopilotInteraction", "Copilot", {"CopilotEventData": {"AppHost": "{pick:Word|Teams|Outlook|BizChat}",
                                                                                            "ModelTransparencyDetails": [{"ModelName": "{pick:GPT-4o|GPT-4}"}]}})),
    "aad_user_admin": K(weight=0.25, Application=O365, ApplicationId=APP_IDS[O365], IsAdminOperation=True, AccountType="Admin",
                           ActionType=[("Update user.", 5), ("Reset user password.", 1), ("Add member to group.", 2), ("Remove member from group.", 1),
                                       ("Add user.", 0.5), ("Disable account.", 0.2), ("Hard Delete user.", 0.05)],
                           ActivityType="Edit", ObjectName="{user2_upn}", ObjectType="User",
                           RawEventData=_raw("Update user.", "AzureActiveDirectory", {"ObjectId": "{user2_upn}",
                                                                                      "Target": [{"ID": "User_{guid}", "Type": 2}, {"ID": "{guid}", "Type": 2}, {"ID": "User", "Type": 2}, {"ID": "{user2_upn}", "Type": 5}],
                                                                                      "ModifiedProperties": [{"Name": "AccountEnabled", "NewValue": "[true]", "OldValue": "[true]"}],
                                                                                      "Actor": [{"ID": "{upn}", "Type": 5}, {"ID": "{oid}", "Type": 3}, {"ID": "User", "Type": 2}]})),
    "aad_group": K(weight=0.2, Application=O365, ApplicationId=APP_IDS[O365], ActionType="AddedToGroup", ActivityType="Edit", ObjectType="Group",
                      ObjectName="{pick:All Staff|Project Falcon|Finance Team|VPN Users}",
                      ActivityObjects='[{{"Type":"User","Role":"Target object","Name":"{user2_upn}"}},{{"Type":"Group","Role":"Parent","Name":"{pick:All Staff|Project Falcon|Finance Team|VPN Users}"}}]',
                      RawEventData=_raw("AddedToGroup", "MicrosoftTeams", {"TargetUserOrGroupName": "{user2_upn}", "TargetUserOrGroupType": "Member"})),
    "consent_benign": K(weight=0.05, Application=O365, ApplicationId=APP_IDS[O365], ActionType="Consent to application.", ActivityType="Edit",
                           ObjectName="{pick:Adobe Acrobat|Zoom for Outlook|Grammarly|Miro}", ObjectType="Application",
                           RawEventData=_raw("Consent to application.", "AzureActiveDirectory", {
                               "ModifiedProperties": [{"Name": "ConsentContext.IsAdminConsent", "NewValue": "False", "OldValue": ""},
                                                      {"Name": "ConsentContext.IsAppOnly", "NewValue": "False", "OldValue": ""},
                                                      {"Name": "ConsentContext.OnBehalfOfAll", "NewValue": "False", "OldValue": ""},
                                                      {"Name": "ConsentContext.Tags", "NewValue": "WindowsAzureActiveDirectoryIntegratedApp", "OldValue": ""},
                                                      {"Name": "ConsentAction.Permissions", "NewValue": "[] => [[Id: {hex:20}, ClientId: {guid}, PrincipalId: {oid}, ResourceId: {guid}, ConsentType: Principal, Scope:  User.Read openid profile email offline_access]]; ", "OldValue": ""}],
                               "Target": [{"ID": "ServicePrincipal_{guid}", "Type": 2}, {"ID": "{guid}", "Type": 2}, {"ID": "ServicePrincipal", "Type": 2},
                                          {"ID": "{pick:Adobe Acrobat|Zoom for Outlook|Grammarly|Miro}", "Type": 1}, {"ID": "{guid}", "Type": 2}]})),
    "defender_admin": K(weight=0.12, Application=XDR, ApplicationId=APP_IDS[XDR], IsAdminOperation=True, AccountType="Admin",
                           ActionType=[("RunAntiVirusScan", 3), ("IsolateDevice", 0.5), ("ReleaseFromIsolation", 0.4), ("LiveResponseGetFile", 0.5),
                                       ("SetAdvancedFeatures", 0.3), ("CreateCustomDetection", 0.4), ("EditCustomDetection", 0.6),
                                       ("ChangeCustomDetectionRuleStatus", 0.2), ("DeleteCustomDetection", 0.1), ("DownloadOffboardingPkg", 0.05),
                                       ("ExclusionConfigurationAdded", 0.1), ("AddRole", 0.05), ("DownloadFile", 0.2)],
                           ActivityType="Edit", ObjectType="Device",
                           RawEventData=_raw("RunAntiVirusScan", "Microsoft365Defender", {
                               "DeviceName": "{ws_fqdn}", "ActionComment": "{pick:Triage after alert|Requested by helpdesk|Routine check|Investigating suspicious activity}",
                               "ActionScope": "{pick:Quick|Full|Selective}", "FileName": "{pick:invoice.js|update.exe|payload.dll}", "FileSHA256": "{hex:64}", "FileSize": "={n:1000-900000}",
                               "RuleName": "{pick:Encoded PowerShell from Office|LSASS access by unusual process|New service from temp folder}", "RuleId": "{n:1-200}",
                               "Query": "DeviceProcessEvents | where ProcessCommandLine has '-enc'", "IsEnabled": "{pick:true|false}",
                               "SettingName": "{pick:Live Response unsigned script execution|Automatically resolve alerts|Allow or block file}",
                               "SettingsNewValue": "{pick:true|false}", "ResultDescription": "{pick:Exclusion added|Completed}",
                               "AlertTitle": "Custom detection", "AlertSeverity": "{pick:High|Medium|Low}", "RoleName": "{pick:Tier 1 Analyst|Hunters}"})),
    "azure_mgmt": K(weight=0.8, Application=AZ, ApplicationId=APP_IDS[AZ], ActionType=[("Write VirtualMachines", 1), ("Read StorageAccounts", 2), ("Write NetworkSecurityGroups", 0.5),
                                                                                      ("List Keys StorageAccounts", 0.3), ("Write AlertsSuppressionRules", 0.05), ("Start VirtualMachines", 1)],
                       ActivityType="Edit", ObjectType="Azure resource", ObjectName="/subscriptions/{guid}/resourceGroups/rg-{pick:prod|dev|shared}/providers/{pick:Microsoft.Compute/virtualMachines|Microsoft.Storage/storageAccounts}/{pick:vm-app01|stlogs{n:100-999}}",
                       RawEventData=_raw("Microsoft.Compute/virtualMachines/write", "Azure", {})),
    "dropbox": K(weight=0.4, Application="Dropbox", ApplicationId=APP_IDS["Dropbox"], ActionType=[("Upload file", 1), ("Download file", 2), ("Log on", 2)],
                    ActivityType="Upload", ObjectName="{doc}", ObjectType="File", RawEventData={"event_type": "{pick:file_upload|file_download|login_success}", "user": "{upn}"}),
    "salesforce": K(weight=1, Application="Salesforce", ApplicationId=APP_IDS["Salesforce"], ActionType=[("Log on", 3), ("View report", 2), ("Export report", 0.3), ("Update record", 2)],
                       ActivityType="Read", ObjectName="{pick:Pipeline by region|Top accounts|Open opportunities}", ObjectType="Report",
                       RawEventData={"EventType": "{pick:Login|Report|API}", "USER_ID": "005{hex:12}", "CLIENT_IP": "{public_ip}"}),
    "github": K(weight=0.6, Application="GitHub", ApplicationId=APP_IDS["GitHub"], ActionType=[("git.clone", 2), ("git.push", 1), ("repo.access", 0.3), ("org.add_member", 0.05)],
                   ActivityType="Read", ObjectName="{tenant}/{pick:api|web|infra|tools}", ObjectType="Repository",
                   RawEventData={"action": "{pick:git.clone|git.push}", "repo": "{tenant}/{pick:api|web|infra|tools}", "actor": "{sam}-{tenant}"}),
}
