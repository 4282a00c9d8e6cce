"""Posture snapshots written once per tenant: threat & vulnerability management (software
inventory, vulnerabilities and their knowledge base, secure configuration, browser extensions,
information gathering), OAuth apps and the exposure graph.

Everything is per device and software entry, vectorised with NumPy; versions, compliance and
extensions are drawn from the tenant seed, so the same seed gives the same posture. Tables
without a time column are written flat (`<data>/<Table>/part-demo.parquet`); the others as a
snapshot in the partition of the tenant's last day."""
from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from hunt.store import layout
from hunt.store.demo import tenant as TN
from hunt.store.demo.columns import finish, from_records, write_schema
from hunt.store.demo.vocab import tvm as VT

US = TN.US
DAY = TN.DAY_US
PART_ID = "demo"


def severity(cvss: float) -> str:
    return "Critical" if cvss >= 9 else "High" if cvss >= 7 else "Medium" if cvss >= 4 else "Low"


def _date_us(text: str) -> int:
    import datetime as _dt
    d = _dt.datetime.strptime(text, "%Y-%m-%d")
    return TN.to_us(d)


class Posture:
    def __init__(self, gen):
        self.gen = gen
        self.t = gen.t
        self.catalog = gen.catalog
        self.seed = gen.cfg.seed
        D = self.t.devices
        n = len(D)
        self.n = n
        self.cls = np.array(D.cls, dtype=np.int64)
        self.win = np.isin(self.cls, [TN.WS, TN.SRV, TN.DC])
        self.dev_id = pa.array(D.id, type=pa.string())
        self.dev_name = pa.array(D.name, type=pa.string())
        self.os = pa.array(D.os_platform, type=pa.string())
        self.os_ver = pa.array([f"{v}.{b}" if b else v for v, b in zip(D.os_version, D.os_build)], type=pa.string())
        self.snap_us = self.t.end_us - 3 * 3600 * US

    def rng(self, *k):
        return np.random.default_rng([self.seed, 97, *k])

    def mask(self, where: str) -> np.ndarray:
        D = self.t.devices
        m = np.zeros(self.n, dtype=bool)
        names = {TN.CLASS_NAMES[c]: c for c in range(len(TN.CLASS_NAMES))}
        for w in where.split():
            if w.startswith("has:"):
                k = w[4:]
                m |= np.array([k in h for h in D.has], dtype=bool)
            elif w.startswith("role:"):
                m |= np.array([r == w[5:] for r in D.role], dtype=bool)
            elif w.startswith("os:"):
                m |= np.array([o == w[3:] for o in D.os_platform], dtype=bool)
            else:
                m |= self.cls == names[w]
        return m

    # -- software and vulnerabilities ----------------------------------------------------------
    def software(self):
        inv = {k: [] for k in ("dev", "vendor", "name", "version", "eos", "eos_date", "cpe")}
        vul = {k: [] for k in ("dev", "vendor", "name", "version", "cve")}
        year = TN.from_us(self.t.end_us).year
        recent: dict = {}
        self.recent_kb = {}
        for skey, num, cvss, exploit, days, desc in VT.RECENT:
            cid = f"CVE-{year}-{num}"
            recent.setdefault(skey, []).append(cid)
            self.recent_kb[cid] = (cvss, exploit, f"-{days}", desc, "")
        for si, (key, vendor, name, where, share, versions) in enumerate(VT.SOFTWARE):
            rng = self.rng(1, si)
            m = self.mask(where) & (rng.random(self.n) < share)
            devs = np.flatnonzero(m)
            if not len(devs):
                continue
            w = np.array([v[1] for v in versions], dtype=float)
            vi = np.searchsorted(np.cumsum(w), rng.random(len(devs)) * w.sum(), side="right").clip(0, len(w) - 1)
            for k, (ver, _, eos, cves) in enumerate(versions):
                d = devs[vi == k]
                if not len(d):
                    continue
                inv["dev"].append(d)
                for f, v in (("vendor", vendor), ("name", name), ("version", ver), ("eos", eos),
                             ("cpe", f"cpe:2.3:a:{vendor}:{name}:{ver}:*:*:*:*:*:*:*")):
                    inv[f].append([v] * len(d))
                eos_date = (self.t.end_us + 200 * DAY if eos == VT.UPCOMING else
                            self.t.end_us - 400 * DAY if eos else None)
                inv["eos_date"].append([eos_date] * len(d))
                for cve in list(cves) + recent.get(key, []):
                    vul["dev"].append(d)
                    for f, v in (("vendor", vendor), ("name", name), ("version", ver), ("cve", cve)):
                        vul[f].append([v] * len(d))
        out = {}
        dev = np.concatenate(inv["dev"])
        cols = self._device_cols(dev)
        cols.update({"SoftwareVendor": _flat(inv["vendor"]), "SoftwareName": _flat(inv["name"]),
                     "SoftwareVersion": _flat(inv["version"]), "EndOfSupportStatus": _flat(inv["eos"]),
                     "ProductCodeCpe": _flat(inv["cpe"]),
                     "EndOfSupportDate": pa.array(_flat_list(inv["eos_date"]), type=pa.timestamp("us"))})
        out["DeviceTvmSoftwareInventory"] = (None, cols, len(dev))
        dev = np.concatenate(vul["dev"])
        cves = _flat_list(vul["cve"])
        cols = self._device_cols(dev)
        cols.update({"SoftwareVendor": _flat(vul["vendor"]), "SoftwareName": _flat(vul["name"]),
                     "SoftwareVersion": _flat(vul["version"]), "CveId": pa.array(cves, type=pa.string())})
        sev, upd, upd_id, tags = {}, {}, {}, {}
        known = {**VT.CVES, **self.recent_kb}
        for c in set(cves):
            cvss, exploit, pub, desc, kb = known[c]
            sev[c] = severity(cvss)
            upd[c] = f"{kb}: {pub[:7]} security update" if kb else "Update to the latest version"
            upd_id[c] = kb
            tags[c] = json.dumps(["ExploitAvailable"] if exploit and cvss >= 9 else [])
        cols["VulnerabilitySeverityLevel"] = pa.array([sev[c] for c in cves], type=pa.string())
        cols["RecommendedSecurityUpdate"] = pa.array([upd[c] for c in cves], type=pa.string())
        cols["RecommendedSecurityUpdateId"] = pa.array([upd_id[c] for c in cves], type=pa.string())
        cols["CveTags"] = pa.array([tags[c] for c in cves], type=pa.string())
        out["DeviceTvmSoftwareVulnerabilities"] = (None, cols, len(dev))
        # knowledge base: every CVE the catalogue knows, with what it affects
        affected: dict = {}
        for key, vendor, name, where, share, versions in VT.SOFTWARE:
            for ver, _, _, cves in versions:
                for c in list(cves) + recent.get(key, []):
                    affected.setdefault(c, []).append(f"{vendor} {name} {ver}")
        recs = []
        for c, (cvss, exploit, pub, desc, kb) in sorted(known.items()):
            p = self.t.end_us - int(pub[1:]) * DAY if pub.startswith("-") else _date_us(pub)
            recs.append({"CveId": c, "CvssScore": f"{cvss:.1f}", "IsExploitAvailable": exploit,
                         "VulnerabilitySeverityLevel": severity(cvss), "PublishedDate": p,
                         "LastModifiedTime": p + (17 + int(cvss * 7)) * DAY,
                         "VulnerabilityDescription": desc + ".", "AffectedSoftware": affected.get(c, [])})
        out["DeviceTvmSoftwareVulnerabilitiesKB"] = recs
        return out

    def _device_cols(self, dev: np.ndarray) -> dict:
        idx = pa.array(dev)
        return {"DeviceId": self.dev_id.take(idx), "DeviceName": self.dev_name.take(idx),
                "OSPlatform": self.os.take(idx), "OSVersion": self.os_ver.take(idx),
                "OSArchitecture": pa.array(np.where(self.cls[dev] == TN.MAC, "arm64", "x64"), type=pa.string())}

    # -- secure configuration ------------------------------------------------------------------
    def configuration(self):
        parts = {k: [] for k in ("dev", "cid", "cat", "sub", "impact", "comp", "ctx")}
        ws = self.cls == TN.WS
        for ci, (cid, impact, name, cat, sub, applies, share) in enumerate(VT.CONFIGS):
            m = {"win": self.win, "ws": ws, "lnx": self.cls == TN.LNX, "mac": self.cls == TN.MAC}[applies]
            devs = np.flatnonzero(m)
            if not len(devs):
                continue
            rng = self.rng(2, ci)
            comp = rng.random(len(devs)) < share
            parts["dev"].append(devs)
            for f, v in (("cid", cid), ("cat", cat), ("sub", sub)):
                parts[f].append([v] * len(devs))
            parts["impact"].append(np.full(len(devs), float(impact)))
            parts["comp"].append(comp)
            if cid == "scid-2010":
                ctx = [json.dumps([["0" if c else "1", "", "0"]], separators=(",", ":")) for c in comp]
            elif cid == "scid-2011":
                ctx = [json.dumps([[f"1.405.{(1234 if c else 980) + int(d) % 7}.0", "1.1.24010.10",
                                    TN.iso(self.t.end_us - ((int(d) % 20) * 3600 * US if c else (9 + int(d) % 20) * DAY))[:19] + "Z"]],
                                  separators=(",", ":")) for c, d in zip(comp, devs)]
            elif cid in ("scid-2000", "scid-2012", "scid-2003"):
                ctx = [json.dumps([["true" if c else "false"]]) for c in comp]
            else:
                ctx = [""] * len(devs)
            parts["ctx"].append(ctx)
        dev = np.concatenate(parts["dev"])
        comp = np.concatenate(parts["comp"])
        idx = pa.array(dev)
        cols = {"DeviceId": self.dev_id.take(idx), "DeviceName": self.dev_name.take(idx), "OSPlatform": self.os.take(idx),
                "Timestamp": pa.array(np.full(len(dev), self.snap_us), type=pa.timestamp("us")),
                "ConfigurationId": _flat(parts["cid"]), "ConfigurationCategory": _flat(parts["cat"]),
                "ConfigurationSubcategory": _flat(parts["sub"]),
                "ConfigurationImpact": pa.array(np.concatenate(parts["impact"])),
                "IsCompliant": pa.array(comp), "IsApplicable": pa.array(np.ones(len(dev), dtype=bool)),
                "Context": _flat(parts["ctx"]), "IsExpectedUserImpact": pa.array(np.zeros(len(dev), dtype=bool))}
        kb = [{"ConfigurationId": cid, "ConfigurationImpact": float(impact), "ConfigurationName": name,
               "ConfigurationDescription": f"{name}.", "RiskDescription": f"Devices that do not {name[0].lower() + name[1:]} are easier to attack.",
               "ConfigurationCategory": cat, "ConfigurationSubcategory": sub,
               "ConfigurationBenchmarks": [{"BenchmarkName": "CIS", "BenchmarkVersion": "3.0.0", "BenchmarkReference": f"18.{ci}.1", "BenchmarkStatus": "Supported"}],
               "Tags": [sub], "RemediationOptions": f"Use Group Policy or Intune to {name[0].lower() + name[1:]}."}
              for ci, (cid, impact, name, cat, sub, applies, share) in enumerate(VT.CONFIGS)]
        return {"DeviceTvmSecureConfigurationAssessment": (self.snap_us, cols, len(dev)),
                "DeviceTvmSecureConfigurationAssessmentKB": kb}

    # -- browser extensions --------------------------------------------------------------------
    def extensions(self):
        D = self.t.devices
        ws = self.cls == TN.WS
        chrome = self.mask("has:chrome")
        recs, kb = [], []
        for ei, (eid, name, desc, risk, vendor, browsers, share, perms) in enumerate(VT.EXTENSIONS):
            rng = self.rng(3, ei)
            for b in browsers.split():
                m = (ws & (chrome if b == "Chrome" else True)) & (rng.random(self.n) < share)
                for d in np.flatnonzero(m):
                    recs.append({"DeviceId": D.id[d], "BrowserName": b, "ExtensionId": eid, "ExtensionName": name,
                                 "ExtensionDescription": desc, "ExtensionVersion": f"{1 + ei % 4}.{int(d) % 9}.{ei * 3 % 17}",
                                 "ExtensionRisk": risk, "ExtensionVendor": vendor, "IsActivated": "true" if (d + ei) % 9 else "false",
                                 "InstallationTime": self.t.end_us - (20 + int(d * 7 + ei) % 600) * DAY})
                for pid, pname, prisk, req in perms:
                    kb.append({"BrowserName": b, "ExtensionId": eid, "ExtensionName": name, "ExtensionDescription": desc,
                               "ExtensionVersion": [f"{1 + ei % 4}.{k}.{ei * 3 % 17}" for k in range(3)], "ExtensionRisk": risk,
                               "PermissionId": pid, "PermissionName": pname,
                               "PermissionDescription": f"The extension can {pname[0].lower() + pname[1:]}.",
                               "PermissionRisk": prisk, "IsPermissionRequired": "true" if req else "false"})
        return {"DeviceTvmBrowserExtensions": recs, "DeviceTvmBrowserExtensionsKB": kb}

    # -- information gathering ------------------------------------------------------------------
    def info_gathering(self):
        D = self.t.devices
        recs = []
        for d in np.flatnonzero(self.win):
            h = int(D.id[d][:6], 16)
            asr = {r: ("Block" if (h >> k) % 4 else "Audit") if k < 6 else ("Audit" if (h >> k) % 3 else "Off")
                   for k, r in enumerate(VT.ASR_RULES)}
            quick = self.t.end_us - (h % 30) * 3600 * US
            full = self.t.end_us - (2 + h % 12) * DAY
            ring = ["4", "4", "4", "3", "2", "4", "5"][h % 7]
            recs.append({"Timestamp": self.snap_us, "LastSeenTime": self.t.end_us - (h % 50) * 60 * US,
                         "DeviceId": D.id[d], "DeviceName": D.name[d], "OSPlatform": D.os_platform[d],
                         "AdditionalFields": {
                             "AsrConfigurationStates": asr,
                             "AvScanResults": {"Quick": {"ScanStatus": "Completed" if h % 23 else "Failed", "ErrorCode": "0" if h % 23 else "0x80508023",
                                                         "Timestamp": TN.iso(quick)[:19] + "Z"},
                                               "Full": {"ScanStatus": "Completed" if h % 5 else "NotStarted", "ErrorCode": "0",
                                                        "Timestamp": TN.iso(full)[:19] + "Z"}},
                             "AvSignatureRing": ring, "AvPlatformRing": ring, "AvEngineRing": ring,
                             "AvMode": "0" if h % 41 else "1", "AvSignatureVersion": f"1.405.{1234 + h % 7}.0",
                             "AvEngineVersion": "1.1.24010.10", "AvPlatformVersion": "4.18.24010.12",
                             "TamperProtection": "true" if h % 10 else "false",
                             "CloudProtection": "true", "EdrBlockMode": "true" if h % 3 else "false",
                             "SmbV1ServerEnabled": "false" if h % 17 else "true", "Tls1_0ClientEnabled": "false" if h % 4 else "true",
                             "BitLockerStatus": "FullyEncrypted" if D.cls[d] == TN.WS and h % 13 else "FullyDecrypted"}})
        return {"DeviceTvmInfoGathering": (self.snap_us, recs)}

    # -- OAuth apps and the exposure graph ---------------------------------------------------------
    def oauth(self):
        t = self.t
        ids = t.ids
        n_people = max(1, len(t.people))
        recs = []
        for i, (name, origin, publisher, priv, perms, share, admin, status) in enumerate(VT.OAUTH_APPS):
            added = t.end_us - (30 + ids.integer(0, 700, "oauth-added", i)) * DAY
            recs.append({"ReportId": ids.guid("oauth-report", i), "Timestamp": self.snap_us, "OAuthAppId": ids.guid("oauth-app", name),
                         "ServicePrincipalId": ids.guid("oauth-sp", name), "AppName": name, "AddedOnTime": added,
                         "LastModifiedTime": added + ids.integer(0, 20, "oauth-mod", i) * DAY, "AppStatus": status,
                         "VerifiedPublisher": {"verifiedPublisherId": str(ids.integer(1000000, 9999999, "vp", i)), "displayName": publisher,
                                               "addedDateTime": TN.iso(added - 200 * DAY)[:19] + "Z"} if publisher else {},
                         "PrivilegeLevel": priv,
                         "Permissions": [{"PermissionValue": p, "TargetAppId": tgt, "PermissionType": typ, "PrivilegeLevel": pl,
                                          "InUse": "true" if (i + k) % 3 else "false",
                                          "TargetAppDisplayName": "Microsoft Graph" if tgt == VT.GRAPH else "Office 365 Exchange Online"}
                                         for k, (p, typ, pl, tgt) in enumerate(perms)],
                         "ConsentedUsersCount": int(share * n_people) + (0 if share == 0 else 1),
                         "IsAdminConsented": admin, "AppOrigin": origin,
                         "LastUsedTime": t.end_us - ids.integer(1, 72, "oauth-used", i) * 3600 * US,
                         "AppOwnerTenantId": t.tenant_id if origin == "Internal" else ids.guid("oauth-owner", name),
                         "RiskScore": {"High": 70, "Medium": 40, "Low": 10}[priv] + i % 10,
                         "AssignedRoles": []})
        return {"OAuthAppInfo": (self.snap_us, recs)}

    def exposure(self):
        t = self.t
        A, D, ids = t.accounts, t.devices, t.ids
        nodes, edges = [], []
        short = t.tenant_short

        def node(nid, label, name, cats, props):
            nodes.append({"NodeId": nid, "NodeLabel": label, "NodeName": name, "Categories": cats,
                          "NodeProperties": {"rawData": props}, "EntityIds": [{"type": label, "id": nid}]})

        def edge(src, slabel, sname, scats, tgt, tlabel, tname, tcats, label, props):
            edges.append({"EdgeId": ids.guid("edge", src, tgt, label), "EdgeLabel": label, "SourceNodeId": src,
                          "SourceNodeName": sname, "SourceNodeLabel": slabel, "SourceNodeCategories": scats,
                          "TargetNodeId": tgt, "TargetNodeName": tname, "TargetNodeLabel": tlabel,
                          "TargetNodeCategories": tcats, "EdgeProperties": {"rawData": props}})

        res = []
        for k, (kind, pattern) in enumerate(VT.AZURE_RESOURCES):
            name = pattern.format(tenant=short)
            rid = f"/subscriptions/{ids.guid('sub', k % 2)}/resourcegroups/rg-{short}/providers/{kind}/{name}"
            res.append((rid, kind.split("/")[-1].rstrip("s"), name))
            node(rid, kind.split("/")[-1].rstrip("s"), name, ["compute" if "compute" in kind else "data" if "storage" in kind or "sql" in kind else "identity" if "keyvault" in kind else "subscription"],
                 {"resourceType": kind, "location": "westeurope"})
        admins = [a for a in range(len(A)) if A.kind[a] == TN.K_ADMIN]
        people = t.people[:40]
        for a in admins + people:
            node(A.oid[a], "user", A.display[a], ["identity"], {"accountUpn": A.upn[a], "department": A.dept[a]})
            picks = [res[(a + j) % len(res)] for j in range(3 if a in admins else 1)]
            for j, (rid, label, rname) in enumerate(picks):
                role = VT.AZURE_ROLES[(a + j) % (3 if a in admins else len(VT.AZURE_ROLES))]
                edge(A.oid[a], "user", A.display[a], ["identity"], rid, label, rname, ["data"], "has permissions to",
                     {"permissions": {"roles": [{"id": ids.guid("role", role), "name": role, "actions": []}],
                                      "isPrivileged": role in ("Owner", "User Access Administrator", "Contributor")}})
        for d in range(min(len(D), 300)):
            node(D.id[d], "device", D.name[d], ["device", "endpoint"], {"osPlatform": D.os_platform[d], "exposureScore": "Medium"})
            u = D.user[d]
            if u >= 0:
                edge(D.id[d], "device", D.name[d], ["device"], A.oid[u], "user", A.display[u], ["identity"],
                     "frequently logged in by", {"lastLogon": TN.iso(t.end_us - (d % 30) * 3600 * US)[:19] + "Z"})
                edge(A.oid[u], "user", A.display[u], ["identity"], D.id[d], "device", D.name[d], ["device"],
                     "can authenticate to", {"authType": "Interactive"})
        return {"ExposureGraphNodes": nodes, "ExposureGraphEdges": edges}

    # -- writing ----------------------------------------------------------------------------------
    def write(self) -> dict:
        counts = {}
        for builder in (self.software, self.configuration, self.extensions, self.info_gathering, self.oauth, self.exposure):
            for table, v in builder().items():
                info = self.catalog.table(table)
                if info is None:
                    continue
                if isinstance(v, list):
                    when, tab = None, from_records(info, v)
                elif len(v) == 2:
                    when, tab = v[0], from_records(info, v[1])
                else:
                    when, cols, n = v
                    tab = finish(info, n, cols)
                if not tab.num_rows:
                    continue
                day = TN.from_us(when).date() if when is not None and any(c.name == "Timestamp" for c in info.columns) else None
                with layout.partition_writer(self.gen.data, table, day, write_schema(info), part_id=PART_ID,
                                             store_schema=False) as w:
                    w.write_table(tab)
                counts[table] = tab.num_rows
        return counts


def _flat(parts) -> pa.Array:
    return pa.array(_flat_list(parts), type=pa.string())


def _flat_list(parts) -> list:
    out = []
    for p in parts:
        out.extend(p)
    return out
