"""Entity kinds a rule names, and the AlertEvidence columns each one fills.

A rule's `entities` maps a kind to result columns (`device: DeviceId`), to a list of them
(`user: [AccountUpn, AccountSid]`), or explicitly to evidence columns
(`mailbox: {AccountUpn: RecipientEmailAddress}`). A bare column is put into the evidence
column its name ends with (InitiatingProcessAccountUpn → AccountUpn), else the kind's default.
Devices, users and mailboxes are the impacted entities (Defender's custom detections need at
least one; a rule about an application alone may name the app instead); the others are
related evidence.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityKind:
    entity_type: str                 # AlertEvidence.EntityType
    role: str                        # AlertEvidence.EvidenceRole
    columns: tuple                   # the AlertEvidence columns it may fill
    suffixes: tuple                  # (name suffix, evidence column), first match wins
    default: str
    example: str


ENTITY_KINDS = {
    "device": EntityKind("Machine", "Impacted", ("DeviceId", "DeviceName", "LocalIP"),
                         (("DeviceId", "DeviceId"), ("DeviceName", "DeviceName"),
                          ("LocalIP", "LocalIP")), "DeviceName", "DeviceId"),
    "user": EntityKind("User", "Impacted",
                       ("AccountUpn", "AccountName", "AccountDomain", "AccountSid",
                        "AccountObjectId"),
                       (("Upn", "AccountUpn"), ("EmailAddress", "AccountUpn"),
                        ("Sid", "AccountSid"), ("ObjectId", "AccountObjectId"),
                        ("AccountId", "AccountObjectId"), ("Domain", "AccountDomain"),
                        ("Name", "AccountName")), "AccountUpn", "AccountUpn"),
    "mailbox": EntityKind("Mailbox", "Impacted", ("AccountUpn", "AccountObjectId"),
                          (("ObjectId", "AccountObjectId"),), "AccountUpn",
                          "RecipientEmailAddress"),
    "ip": EntityKind("Ip", "Related", ("RemoteIP", "LocalIP"),
                     (("LocalIP", "LocalIP"),), "RemoteIP", "RemoteIP"),
    "url": EntityKind("Url", "Related", ("RemoteUrl",), (), "RemoteUrl", "RemoteUrl"),
    "file": EntityKind("File", "Related", ("FileName", "FolderPath", "SHA1", "SHA256",
                                           "FileSize"),
                       (("SHA256", "SHA256"), ("SHA1", "SHA1"), ("FolderPath", "FolderPath"),
                        ("FileSize", "FileSize"), ("FileName", "FileName")), "FileName",
                       "[FileName, SHA256]"),
    "process": EntityKind("Process", "Related", ("ProcessCommandLine", "FileName",
                                                 "FolderPath", "SHA1", "SHA256"),
                          (("CommandLine", "ProcessCommandLine"), ("SHA256", "SHA256"),
                           ("SHA1", "SHA1"), ("FolderPath", "FolderPath"),
                           ("FileName", "FileName")), "ProcessCommandLine",
                          "ProcessCommandLine"),
    "mail": EntityKind("MailMessage", "Related", ("NetworkMessageId", "EmailSubject"),
                       (("Subject", "EmailSubject"),), "NetworkMessageId",
                       "[NetworkMessageId, Subject]"),
    "app": EntityKind("CloudApplication", "Related", ("Application", "ApplicationId",
                                                      "OAuthApplicationId"),
                      (("OAuthAppId", "OAuthApplicationId"),
                       ("OAuthApplicationId", "OAuthApplicationId"),
                       ("ApplicationId", "ApplicationId"), ("AppName", "Application")),
                      "Application", "Application"),
    "registry": EntityKind("RegistryValue", "Related", ("RegistryKey", "RegistryValueName",
                                                        "RegistryValueData"),
                           (("ValueName", "RegistryValueName"),
                            ("ValueData", "RegistryValueData")), "RegistryKey",
                           "[RegistryKey, RegistryValueName]"),
    "cloud_resource": EntityKind("CloudResource", "Related",
                                 ("CloudResource", "ResourceID", "ResourceType",
                                  "CloudPlatform", "SubscriptionId"),
                                 (("ResourceId", "ResourceID"), ("ResourceID", "ResourceID"),
                                  ("ResourceType", "ResourceType"),
                                  ("SubscriptionId", "SubscriptionId"),
                                  ("Platform", "CloudPlatform")), "CloudResource",
                                 "ResourceId"),
}
IMPACTED_KINDS = ("device", "user", "mailbox")
# a rule about an application alone (OAuthAppInfo) may name the app as what it is about
SUBJECT_KINDS = IMPACTED_KINDS + ("app",)


def evidence_column(kind: str, result_column: str) -> str:
    """The AlertEvidence column a bare result column fills for an entity kind."""
    info = ENTITY_KINDS[kind]
    if result_column in info.columns:
        return result_column
    for suffix, column in info.suffixes:
        if result_column.lower().endswith(suffix.lower()):
            return column
    return info.default
