"""Building blocks of attack stories: explicit process instances and event records whose
ids, names and times agree with the background (the victim's own Outlook, the real domain
controllers, the tenant's accounts)."""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Optional

from hunt.store.demo import tenant as TN
from hunt.store.demo.procs import INTEGRITY

US = TN.US


@dataclass
class Proc:
    """One process instance of a story (or a background one it hangs from)."""
    dev: int
    image: int
    pid: int
    ctime: int
    cmd: str
    acct: int
    integ: str = "Medium"
    parent: Optional["Proc"] = None
    folder: str = ""
    logon: int = 0
    uid: int = 0


class Kit:
    def __init__(self, gen):
        self.gen = gen
        self.t = gen.t
        self.r = gen.r
        self.im = gen.world.images
        self.records: dict[str, list[dict]] = {}
        self.profile: list[dict] = []

    # -- identities --------------------------------------------------------------------------
    def acc(self, a: int, prefix: str = "Account") -> dict:
        A = self.t.accounts
        return {prefix + "Name": A.sam[a], prefix + "Domain": A.domain[a], prefix + "Sid": A.sid[a],
                prefix + "Upn": A.upn[a], prefix + "ObjectId": A.oid[a]}

    def dev(self, d: int) -> dict:
        D = self.t.devices
        return {"DeviceId": D.id[d], "DeviceName": D.name[d]}

    # -- processes -----------------------------------------------------------------------------
    def from_background(self, procs, row: int) -> Proc:
        """A background process (e.g. the victim's outlook.exe) as a story Proc."""
        r, im = self.r, self.im
        dev, img, acct = int(procs.dev[row]), int(procs.image[row]), int(procs.acct[row])
        cmd = r.format(r.texts[int(procs.cmd_tpl[row])], int(procs.param[row]), acct, dev)
        folder = r.format(r.texts[int(im.path_tpl[img])], 0, acct, dev)
        parent = None
        if procs.parent[row] >= 0:
            parent = self.from_background(procs, int(procs.parent[row]))
        return Proc(dev=dev, image=img, pid=int(procs.pid[row]), ctime=int(procs.ctime[row]), cmd=cmd, acct=acct,
                    integ=INTEGRITY[int(procs.integ[row])], parent=parent, folder=folder,
                    logon=int(procs.logon[row]), uid=int(procs.uid[row]))

    def spawn(self, parent: Proc, image_key: str, cmd: str, at: int, acct: Optional[int] = None,
              integ: Optional[str] = None, pid: Optional[int] = None, folder: Optional[str] = None) -> Proc:
        img = self.im.id(image_key)
        acct = parent.acct if acct is None else acct
        if folder is None:
            folder = self.r.format(self.r.texts[int(self.im.path_tpl[img])], 0, acct, parent.dev)
        ids = self.t.ids
        p = Proc(dev=parent.dev, image=img, pid=pid or 4 * ids.integer(300, 9000, "spid", image_key, at),
                 ctime=at, cmd=cmd, acct=acct, integ=integ or parent.integ, parent=parent, folder=folder,
                 logon=parent.logon if acct == parent.acct else ids.integer(100_000, 90_000_000, "slogon", acct, at),
                 uid=ids.integer(1 << 40, 1 << 50, "suid", image_key, at))
        self.add("DeviceProcessEvents", at, {**self.dev(p.dev), "ActionType": "ProcessCreated", **self.proc_cols(p, ""),
                                              **self.proc_cols(parent, "InitiatingProcess"),
                                              **self.parent_cols(parent)})
        return p

    def proc_cols(self, p: Proc, prefix: str) -> dict:
        im, i = self.im, p.image
        ip = prefix
        a = self.acc(p.acct, ip + "Account" if ip else "Account")
        vp = ip if ip else "Process"
        out = {
            (ip + "FileName") if ip else "FileName": im.name.values[i], (ip + "FolderPath") if ip else "FolderPath": p.folder,
            (ip + "SHA1") if ip else "SHA1": im.sha1.values[i], (ip + "SHA256") if ip else "SHA256": im.sha256.values[i],
            (ip + "MD5") if ip else "MD5": im.md5.values[i], (ip + "FileSize") if ip else "FileSize": int(im.size[i]),
            vp + "VersionInfoCompanyName": im.company.values[i], vp + "VersionInfoProductName": im.product.values[i],
            vp + "VersionInfoProductVersion": im.version.values[i], vp + "VersionInfoInternalFileName": im.internal.values[i],
            vp + "VersionInfoOriginalFileName": im.original.values[i], vp + "VersionInfoFileDescription": im.description.values[i],
            (ip + "Id") if ip else "ProcessId": p.pid, (ip + "CommandLine") if ip else "ProcessCommandLine": p.cmd,
            (ip + "CreationTime") if ip else "ProcessCreationTime": p.ctime,
            (ip + "IntegrityLevel") if ip else "ProcessIntegrityLevel": p.integ,
            (ip + "TokenElevation") if ip else "ProcessTokenElevation": "TokenElevationTypeFull" if p.integ == "High" else
            "TokenElevationTypeDefault" if p.acct <= 2 else "TokenElevationTypeLimited",
            (ip + "LogonId") if ip else "LogonId": p.logon, (ip + "UniqueId") if ip else "ProcessUniqueId": str(p.uid),
            **a,
        }
        if ip:
            out[ip + "SessionId"] = 1 if p.acct > 2 else 0
            out[ip + "SignerType"] = im.signer_type.values[i]
            out[ip + "SignatureStatus"] = im.sig_status.values[i]
            out["IsInitiatingProcessRemoteSession"] = False
        else:
            out["CreatedProcessSessionId"] = 1 if p.acct > 2 else 0
            out["IsProcessRemoteSession"] = False
        return out

    def parent_cols(self, p: Proc) -> dict:
        q = p.parent
        if q is None:
            return {}
        return {"InitiatingProcessParentId": q.pid, "InitiatingProcessParentFileName": self.im.name.values[q.image],
                "InitiatingProcessParentCreationTime": q.ctime}

    def by(self, p: Proc) -> dict:
        """The initiating-process columns of an event caused by p."""
        return {**self.dev(p.dev), **self.proc_cols(p, "InitiatingProcess"), **self.parent_cols(p)}

    # -- records -----------------------------------------------------------------------------------
    def add(self, table: str, ts: int, row: dict) -> dict:
        row = dict(row, Timestamp=int(ts))
        self.records.setdefault(table, []).append(row)
        return row

    def file(self, name: str) -> dict:
        return self.r.file_identity(name)

    def add_profile(self, name: str, prevalence: int, threat: str = "", signer: str = "", executable: bool = True,
                    first_seen: int = 0):
        f = self.file(name)
        self.profile.append({"SHA1": f["sha1"], "SHA256": f["sha256"], "MD5": f["md5"], "FileSize": int(f["size"]),
                             "GlobalPrevalence": prevalence, "GlobalFirstSeen": first_seen, "GlobalLastSeen": first_seen + 3600 * US,
                             "Signer": signer, "Issuer": "", "SignerHash": "", "IsCertificateValid": bool(signer),
                             "IsRootSignerMicrosoft": False, "SignatureState": "SignedValid" if signer else "Unsigned",
                             "IsExecutable": executable, "ThreatName": threat, "Publisher": "", "SoftwareName": "",
                             "ProfileAvailability": "Available"})


def encoded(script: str) -> str:
    return base64.b64encode(script.encode("utf-16-le")).decode("ascii")


def js(obj) -> str:
    return json.dumps(obj, separators=(",", ":"))
