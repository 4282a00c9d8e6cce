"""Snapshot tables (IdentityInfo, DeviceInfo, DeviceNetworkInfo, DeviceFileCertificateInfo),
background alerts (AlertInfo, AlertEvidence) and the file-intelligence store (_FileProfile)."""
from __future__ import annotations

import json
import re

import numpy as np
import pyarrow as pa

from hunt.store import layout
from hunt.store.demo import tenant as TN
from hunt.store.demo.columns import Strings, choose, const_str, from_columns, from_records, numeric, write_schema
from hunt.store.demo.ids import guid_strings
from hunt.store.demo.vocab import alerts as VA
from hunt.store.demo.vocab import images as VI

US = TN.US
HOUR = 3600 * US


class Inventory:
    def __init__(self, fam):
        self.f = fam
        self.t = fam.t
        self.r = fam.r
        self._identity_rows()
        self._device_rows()
        self._discovered()

    # -- identities ------------------------------------------------------------------------------
    def _identity_rows(self):
        t = self.t
        A = t.accounts
        recs = []
        for a in range(len(A)):
            k = A.kind[a]
            if k not in (TN.K_USER, TN.K_ADMIN, TN.K_SERVICE, TN.K_GUEST):
                continue
            site = t.sites[A.site[a]]
            groups = list(A.groups[a])
            roles = list(A.roles[a])
            ou = {TN.K_USER: f"OU=Users,OU={site.code}", TN.K_ADMIN: "OU=Admins,OU=IT",
                  TN.K_SERVICE: "OU=Service Accounts,OU=IT", TN.K_GUEST: ""}[k]
            dn = "" if k == TN.K_GUEST else f"CN={A.display[a]},{ou}," + ",".join(f"DC={p}" for p in t.ad_domain.split("."))
            mgr = A.manager[a]
            recs.append({
                "AccountObjectId": A.oid[a], "AccountUpn": A.upn[a], "OnPremSid": A.sid[a], "AccountDisplayName": A.display[a],
                "AccountName": A.sam[a], "AccountDomain": t.ad_domain if k != TN.K_GUEST else "",
                "CriticalityLevel": 4 if k == TN.K_ADMIN else 2 if k == TN.K_SERVICE else 0,
                "Type": "ServiceAccount" if k == TN.K_SERVICE else "User", "DistinguishedName": dn,
                "CloudSid": "S-1-12-1-" + "-".join(str(int(A.oid[a].replace("-", "")[i:i + 8], 16) % 4294967295) for i in (0, 8, 16, 24)) if A.oid[a] else "",
                "GivenName": A.given[a], "Surname": A.surname[a], "Department": A.dept[a], "JobTitle": A.title[a],
                "EmailAddress": A.upn[a] if k in (TN.K_USER, TN.K_GUEST) else "", "SipProxyAddress": A.upn[a] if k == TN.K_USER else "",
                "Address": f"{100 + a % 800} Main Street" if k == TN.K_USER else "", "City": site.city if k != TN.K_GUEST else "",
                "Country": site.country if k != TN.K_GUEST else "", "State": site.state if k != TN.K_GUEST else "",
                "IsAccountEnabled": bool(A.enabled[a]), "Manager": A.display[mgr] if mgr >= 0 else "", "Phone": A.phone[a],
                "CreatedDateTime": A.created_us[a], "ChangeSource": "ActiveDirectory" if k != TN.K_GUEST else "AzureActiveDirectory",
                "BlastRadius": "High" if k == TN.K_ADMIN or roles else "Low", "CompanyName": t.org_name if k != TN.K_GUEST else "",
                "EmployeeId": A.employee_id[a], "OtherMailAddresses": json.dumps([A.upn[a].replace("@", "@" + t.tenant_short + ".")] if k == TN.K_USER else []),
                "RiskLevel": "", "RiskLevelDetails": "", "Tags": json.dumps(["Sensitive"] if k == TN.K_ADMIN else []),
                "AssignedRoles": json.dumps(roles), "PrivilegedEntraPimRoles": json.dumps([]),
                "TenantId": t.tenant_id, "SourceSystem": "", "OnPremObjectId": t.ids.guid("onprem", a) if k != TN.K_GUEST else "",
                "TenantMembershipType": "Guest" if k == TN.K_GUEST else "Member", "RiskStatus": "",
                "UserAccountControl": json.dumps(["NormalAccount", "DontExpirePassword"] if k == TN.K_SERVICE else ["NormalAccount"]),
                "IdentityEnvironment": "CloudOnly" if k == TN.K_GUEST else "Hybrid",
                "SourceProviders": json.dumps(["AzureActiveDirectory"] if k == TN.K_GUEST else ["ActiveDirectory", "AzureActiveDirectory"]),
                "GroupMembership": json.dumps(groups),
            })
        self.identity_recs = recs

    # -- devices -----------------------------------------------------------------------------------
    def _device_rows(self):
        t = self.t
        D, A = t.devices, t.accounts
        self.dev_static = []
        for i in range(len(D)):
            cls = D.cls[i]
            u = D.user[i]
            users = [{"UserName": A.sam[u], "DomainName": t.netbios, "Sid": A.sid[u]}] if u >= 0 else []
            site = t.sites[D.site[i]]
            self.dev_static.append({
                "DeviceId": D.id[i], "DeviceName": D.name[i],
                "ClientVersion": "30.124012.0" if cls in (TN.LNX, TN.MAC) else "10.8560.22621.1001",
                "PublicIP": site.public_ips[0], "OSArchitecture": D.os_arch[i], "OSPlatform": D.os_platform[i],
                "OSBuild": D.os_build[i] or None, "IsAzureADJoined": cls == TN.WS, "JoinType": D.join_type[i],
                "AadDeviceId": D.aad_id[i], "LoggedOnUsers": json.dumps(users), "RegistryDeviceTag": "",
                "OSVersion": D.os_version[i], "MachineGroup": D.machine_group[i], "OnboardingStatus": "Onboarded",
                "AdditionalFields": json.dumps({"AssetValue": "High" if cls in (TN.DC,) else "Normal"}),
                "DeviceCategory": "Endpoint", "DeviceType": D.device_type[i], "DeviceSubtype": "",
                "Model": D.model[i], "Vendor": D.vendor[i], "OSDistribution": D.os_distribution[i],
                "OSVersionInfo": {"Windows11": "23H2", "Windows10": "22H2", "WindowsServer2022": "21H2",
                                  "WindowsServer2019": "1809"}.get(D.os_platform[i], ""),
                "MergedDeviceIds": "", "MergedToDeviceId": "", "IsInternetFacing": bool(D.internet_facing[i]),
                "SensorHealthState": "Active", "IsExcluded": False, "ExclusionReason": "",
                "ExposureLevel": "High" if D.internet_facing[i] else ("Medium" if cls in (TN.SRV, TN.DC) else
                                                                       ["Low", "Medium", "Low"][i % 3]),
                "AssetValue": "High" if cls == TN.DC else "Normal",
                "DeviceManualTags": json.dumps(["Tier0"] if cls == TN.DC else []), "DeviceDynamicTags": json.dumps([]),
                "ConnectivityType": "Streamlined", "HostDeviceId": "", "AzureResourceId": "", "AwsResourceName": "",
                "GcpFullResourceName": "", "HardwareUuid": t.ids.guid("hw", i), "CloudPlatforms": "",
                "AzureVmId": "", "AzureVmSubscriptionId": "", "IsTransient": False, "OsBuildRevision": str(2506 + i % 400),
                "MitigationStatus": "", "Site": site.code, "DiscoverySources": json.dumps(["MdeAgent"]),
                "DeviceRoles": json.dumps([{"Role": {TN.DC: "DomainController", TN.SRV: "Server", TN.LNX: "Server"}.get(cls, "Workstation"),
                                            "Confidence": "High"}]),
                "DlpInfo": "",
            })

    def _discovered(self):
        """Devices seen on the network but not onboarded (printers, phones, unmanaged PCs)."""
        t = self.t
        n = max(8, len(t.devices) // 15)
        kinds = [("printer", "Network device", "Printer", "Can be onboarded", "HP", "LaserJet Pro M404"),
                 ("phone", "Endpoint", "Mobile", "Unsupported", "Apple", "iPhone 14"),
                 ("desktop", "Endpoint", "Workstation", "Can be onboarded", "Dell Inc.", "OptiPlex 3080"),
                 ("camera", "IoT", "Camera", "Unsupported", "Axis", "M3106-L"),
                 ("switch", "Network device", "Switch", "Unsupported", "Cisco", "Catalyst 9300"),
                 ("server", "Endpoint", "Server", "Insufficient info", "VMware", "Virtual Platform")]
        self.discovered = []
        for i in range(n):
            k = kinds[i % len(kinds)]
            site = t.sites[i % len(t.sites)]
            name = f"{k[0]}-{site.code.lower()}-{i:03d}"
            self.discovered.append({
                "DeviceId": t.ids.hex(40, "disc", i), "DeviceName": name if k[0] != "desktop" else f"desktop-{t.ids.hex(7, 'dn', i)}",
                "OSPlatform": {"printer": "", "phone": "iOS", "desktop": "Windows10", "camera": "Linux", "switch": "", "server": "WindowsServer2016"}[k[0]],
                "OSVersion": "", "DeviceCategory": k[1], "DeviceType": k[2], "OnboardingStatus": k[3], "Vendor": k[4], "Model": k[5],
                "MachineGroup": "UnassignedGroup", "PublicIP": site.public_ips[0], "DiscoverySources": json.dumps(["DeviceDiscovery"]),
                "ExposureLevel": "", "SensorHealthState": "", "IsInternetFacing": False, "Site": site.code,
                "_ip": f"10.{site.subnet}.50.{10 + i}", "_mac": t.ids.hex(12, "dmac", i).upper(),
            })

    def _static_tables(self):
        """Per-entity rows built once (Arrow), gathered per day."""
        if getattr(self, "_static", None) is not None:
            return self._static
        t, cat = self.t, self.f.cat
        D = t.devices
        ident = from_records(cat.table("IdentityInfo"), [dict(r, Timestamp=0, ReportId="") for r in self.identity_recs])
        dinfo = from_records(cat.table("DeviceInfo"), [dict(r, Timestamp=0, ReportId=0) for r in self.dev_static])
        disc = from_records(cat.table("DeviceInfo"), [{k: v for k, v in d.items() if not k.startswith("_")} | {"Timestamp": 0, "ReportId": 0}
                                                      for d in self.discovered])
        adapters, adapter_dev = [], []
        for i in range(len(D)):
            for a in self._adapters(i):
                adapters.append(dict(a, Timestamp=0, ReportId=0, DeviceId=D.id[i], DeviceName=D.name[i]))
                adapter_dev.append(i)
        net = from_records(cat.table("DeviceNetworkInfo"), adapters)
        adapter_dev = np.array(adapter_dev, dtype=np.int64)
        first_adapter = np.searchsorted(adapter_dev, np.arange(len(D)))
        n_adapters = np.bincount(adapter_dev, minlength=len(D))
        # certificate rows: (device, signed image) pairs, three per device
        im = self.f.gen.world.images
        signed = [i for i in range(im.n) if im.signer_key[i] and im.sha1.values[i]]
        crecs = []
        for k, img in enumerate(signed):
            key = im.signer_key[img]
            signer, issuer, _, root_ms = VI.SIGNERS[key]
            crecs.append({"Timestamp": 0, "DeviceId": "", "DeviceName": "", "SHA1": im.sha1.values[img], "IsSigned": True,
                          "SignatureType": "Catalog" if key == "ms" else "Embedded", "Signer": signer,
                          "SignerHash": t.ids.hex(40, "signer", signer), "Issuer": issuer,
                          "IssuerHash": t.ids.hex(40, "issuer", issuer), "CertificateSerialNumber": t.ids.hex(38, "serial", signer),
                          "CrlDistributionPointUrls": json.dumps([f"http://crl.{('microsoft.com/pki/crl/products' if root_ms else 'digicert.com')}/{issuer.replace(' ', '')}.crl"]),
                          "CertificateCreationTime": t.start_us - 300 * TN.DAY_US, "CertificateExpirationTime": t.start_us + 400 * TN.DAY_US,
                          "CertificateCountersignatureTime": t.start_us - 200 * TN.DAY_US, "IsTrusted": True,
                          "IsRootSignerMicrosoft": bool(root_ms), "ReportId": 0})
        cert = from_records(cat.table("DeviceFileCertificateInfo"), crecs)
        self._static = dict(ident=ident, dinfo=dinfo, disc=disc, net=net, first_adapter=first_adapter,
                            n_adapters=n_adapters, cert=cert)
        return self._static

    def snapshots(self, fd) -> dict:
        t = self.t
        day, dday = fd.day, fd.dday
        rng = fd.rng(0, 90)
        st = self._static_tables()
        out = {}
        lo, hi = day.lo, day.hi
        # IdentityInfo: one daily snapshot
        ts = day.start + 2 * HOUR + 17 * 60 * US
        if lo <= ts < hi:
            n = st["ident"].num_rows
            tab = st["ident"]
            tab = _set(tab, "Timestamp", numeric(ts + np.arange(n) * 1000, "datetime"))
            tab = _set(tab, "ReportId", guid_strings(rng, n))
            out["IdentityInfo"] = tab
        # DeviceInfo / DeviceNetworkInfo: a report when the device wakes, then every few hours
        D = t.devices
        ndev = len(D)
        user_dev = np.isin(np.array(D.cls), [TN.WS, TN.MAC])
        step = np.where(user_dev, 4 * HOUR, 8 * HOUR)
        t0 = dday.on + 5 * 60 * US + (np.arange(ndev) * 7919 % 600) * US
        k = np.arange(6)
        times = t0[:, None] + step[:, None] * k[None, :]
        ok = (times < dday.off[:, None]) & (dday.off > dday.on)[:, None]
        dev_r, k_r = np.nonzero(ok)
        tr = times[dev_r, k_r]
        rid0 = day.index * 10_000_000
        if len(dev_r):
            tab = st["dinfo"].take(pa.array(dev_r))
            tab = _set(tab, "Timestamp", numeric(tr, "datetime"))
            tab = _set(tab, "ReportId", numeric(rid0 + np.arange(len(dev_r)), "long"))
            ts_disc = day.start + 9 * HOUR
            if lo <= ts_disc < hi and st["disc"].num_rows:
                nd = st["disc"].num_rows
                disc = _set(st["disc"], "Timestamp", numeric(ts_disc + np.arange(nd) * 1000, "datetime"))
                disc = _set(disc, "ReportId", numeric(rid0 + 5_000_000 + np.arange(nd), "long"))
                tab = pa.concat_tables([tab, disc.cast(tab.schema)])
            out["DeviceInfo"] = tab
            na = st["n_adapters"][dev_r]
            rows = np.repeat(st["first_adapter"][dev_r], na) + (np.arange(na.sum()) - np.repeat(np.cumsum(na) - na, na))
            nt = st["net"].take(pa.array(rows))
            nt = _set(nt, "Timestamp", numeric(np.repeat(tr, na) + 1000, "datetime"))
            nt = _set(nt, "ReportId", numeric(rid0 + 6_000_000 + np.arange(len(rows)), "long"))
            out["DeviceNetworkInfo"] = nt
        # DeviceFileCertificateInfo: signatures of binaries the Windows devices ran
        win = np.isin(np.array(D.cls), [TN.WS, TN.SRV, TN.DC]) & (dday.off > dday.on)
        dv = np.repeat(np.nonzero(win)[0], 3)
        j = np.tile(np.arange(3), int(win.sum()))
        ctime = dday.on[dv] + (j + 1) * 600 * US
        keep = ctime < np.minimum(dday.off[dv], hi)
        dv, j = dv[keep], j[keep]
        if len(dv):
            nsig = st["cert"].num_rows
            img = (dv * 31 + j * 17 + day.index * 7) % nsig
            ct = st["cert"].take(pa.array(img))
            ct = _set(ct, "Timestamp", numeric(dday.on[dv] + (j + 1) * 600 * US, "datetime"))
            ct = _set(ct, "DeviceId", self.f.dev["id"].take(dv))
            ct = _set(ct, "DeviceName", self.f.dev["name"].take(dv))
            ct = _set(ct, "ReportId", numeric(rid0 + 8_000_000 + np.arange(len(dv)), "long"))
            out["DeviceFileCertificateInfo"] = ct
        return out

    def _adapters(self, i):
        t = self.t
        D = t.devices
        ip = D.ip[i]
        gw = ".".join(ip.split(".")[:3] + ["1"])
        dns = [t.devices.ip[d] for d in t.dcs[:2]]
        wifi = D.cls[i] == TN.WS and D.short[i].split("-")[1] == "lt"
        main = {"NetworkAdapterName": "Wi-Fi" if wifi else "Ethernet", "MacAddress": D.mac[i],
                "NetworkAdapterType": "Wireless80211" if wifi else "Ethernet", "NetworkAdapterStatus": "Up",
                "TunnelType": "None",
                "ConnectedNetworks": json.dumps([{"Name": t.ad_domain, "Description": t.ad_domain, "IsConnectedToInternet": True,
                                                  "Category": "Domain"}]),
                "DnsAddresses": json.dumps(dns), "IPv4Dhcp": "" if D.cls[i] != TN.WS else dns[0], "IPv6Dhcp": "",
                "DefaultGateways": json.dumps([gw]),
                "IPAddresses": json.dumps([{"IPAddress": ip, "SubnetPrefix": 24, "AddressType": "Private"},
                                           {"IPAddress": D.ip6[i], "SubnetPrefix": 64, "AddressType": "Private"}]),
                "NetworkAdapterVendor": "Intel Corporation" if wifi else "Realtek", "OnboardingStatus": "Onboarded",
                "NetworkAdapterDnsSuffix": t.ad_domain}
        out = [main]
        if D.cls[i] == TN.WS:
            out.append({"NetworkAdapterName": "VPN - Corporate", "MacAddress": "", "NetworkAdapterType": "Ppp",
                        "NetworkAdapterStatus": "Down", "TunnelType": "None", "ConnectedNetworks": "", "DnsAddresses": "[]",
                        "IPv4Dhcp": "", "IPv6Dhcp": "", "DefaultGateways": "", "IPAddresses": "[]",
                        "NetworkAdapterVendor": "", "OnboardingStatus": "Onboarded", "NetworkAdapterDnsSuffix": ""})
        return out

    # -- alerts --------------------------------------------------------------------------------------
    def _alert_tables(self):
        if getattr(self, "_al", None) is None:
            r = self.r
            bg = VA.BACKGROUND
            ek = ["machine", "user", "file", "process", "ip", "url", "mail", "mailbox", "app"]
            self._al = dict(
                title=np.array([r.tpl(x[0]) for x in bg]), cat=Strings([x[1] for x in bg]), sev=Strings([x[2] for x in bg]),
                svc=Strings([x[3] for x in bg]), det=Strings([x[4] for x in bg]), tech=Strings([x[5] for x in bg]),
                cats=Strings([json.dumps([x[1]]) for x in bg]), w=np.array([x[7] for x in bg]),
                kinds=[[ek.index(k) for k in x[6].split()] for x in bg], ek=ek,
                prefix=np.array([{"Microsoft Defender for Endpoint": 0, "Microsoft Defender for Office 365": 1,
                                  "Microsoft Defender for Identity": 2, "Microsoft Defender for Cloud Apps": 3,
                                  "Microsoft Entra ID Protection": 4, "Microsoft Defender XDR": 5}[x[3]] for x in bg]),
                entity=Strings(["Machine", "User", "File", "Process", "Ip", "Url", "MailMessage", "Mailbox", "CloudApplication"]),
                file_tpl=r.tpl("{pick:setup_{hex:6}.exe|Invoice_{n:1000-9999}.js|scan_{n:100-999}.zip|KMSpico_setup.exe|Remittance_{n:1000-9999}.html}"),
                folder_tpl=r.tpl("{profile}\\Downloads\\{pick:setup_{hex:6}.exe|Invoice_{n:1000-9999}.js|scan_{n:100-999}.zip|KMSpico_setup.exe|Remittance_{n:1000-9999}.html}"),
                cmd_tpl=r.tpl('powershell.exe -NoProfile -ExecutionPolicy Bypass -Command "{pick:Get-ADComputer -Filter *|Invoke-WebRequest https://{browse}/|Get-MpPreference}"'),
                url_tpl=r.tpl("https://{pick:statcounter-metrics.tk|microsoft-365-verify.com|docs-viewer-online.xyz}/{hex:8}"),
                subj_tpl=r.tpl("{pick:Action required: verify your mailbox|Invoice {n:10000-99999} overdue|Shared document: {stem}}"),
                fam=Strings(VA.THREAT_FAMILIES))
        return self._al

    def alerts(self, fd, si, a, b, budgets) -> dict:
        t, f, r = self.t, self.f, self.r
        n = budgets.get("AlertInfo", 0)
        if n <= 0:
            return {}
        al = self._alert_tables()
        rng = fd.rng(si, 50)
        kind = choose(rng, n, al["w"])
        acct, ts, _ = f.sample_people(rng, n, fd.dday, a, b)
        dev = f.user_dev[acct]
        dev = np.where(dev >= 0, dev, np.array(t.workstations)[rng.integers(0, len(t.workstations), n)])
        param = rng.integers(0, 4096, n)
        title = r.column(al["title"][kind], param, acct, dev)
        pre = al["prefix"][kind]
        guid = guid_strings(rng, n)
        da = pa.compute.binary_join_element_wise(
            "da", pa.array(638_400_000_000_000_000 + ts % 10**15).cast(pa.string()), "_-",
            pa.array(rng.integers(10**8, 2 * 10**9, n)).cast(pa.string()), "")
        prefixes = Strings(["da", "fa", "aa", "ca", "ad", "ra"])
        other = pa.compute.binary_join_element_wise(prefixes.take(pre).cast(pa.string()), guid, "")
        aid = pa.compute.if_else(pa.array(pre == 0), da, other)
        info = {"Timestamp": numeric(ts, "datetime"), "AlertId": aid, "Title": title, "Category": al["cat"].take(kind),
                "Severity": al["sev"].take(kind), "ServiceSource": al["svc"].take(kind), "DetectionSource": al["det"].take(kind),
                "AttackTechniques": al["tech"].take(kind)}
        # evidence: one row per entity kind of the alert
        nk = np.array([len(al["kinds"][k]) for k in range(len(al["kinds"]))])[kind]
        er = np.repeat(np.arange(n), nk)
        pos = np.arange(len(er)) - np.repeat(np.cumsum(nk) - nk, nk)
        flat = np.array([k for ks in al["kinds"] for k in ks])
        base = np.array([0] + list(np.cumsum([len(ks) for ks in al["kinds"]])))[:-1]
        ent = flat[base[kind[er]] + pos]
        m = len(er)
        pe = pa.array(er)
        ea, ed, ep = acct[er], dev[er], param[er]
        is_ = {k: ent == i for i, k in enumerate(al["ek"])}
        has_dev = is_["machine"] | is_["file"] | is_["process"]
        has_acc = is_["user"] | is_["mailbox"]
        from hunt.store.demo.columns import masked_dict, dict_where
        fname = r.column(np.full(m, al["file_tpl"]), ep, ea, ed)
        fh, fsize = _hashes(r, fname, is_["file"])
        ev = {"Timestamp": numeric(ts[er], "datetime"), "AlertId": aid.take(pe), "Title": title.take(pe),
              "Categories": al["cats"].take(kind[er]), "AttackTechniques": al["tech"].take(kind[er]),
              "ServiceSource": al["svc"].take(kind[er]), "DetectionSource": al["det"].take(kind[er]),
              "Severity": al["sev"].take(kind[er]), "EntityType": al["entity"].take(ent),
              "EvidenceRole": pa.array(np.where(is_["machine"] | has_acc, "Impacted", "Related")).dictionary_encode(),
              "DeviceId": masked_dict(ed, has_dev, f.dev["id"].array), "DeviceName": masked_dict(ed, has_dev, f.dev["name"].array),
              "LocalIP": masked_dict(ed, is_["machine"], f.dev["ip"].array),
              "AccountName": masked_dict(ea, has_acc, f.acc["sam"].array), "AccountDomain": masked_dict(ea, has_acc, f.acc["domain"].array),
              "AccountSid": masked_dict(ea, has_acc, f.acc["sid"].array), "AccountObjectId": masked_dict(ea, has_acc, f.acc["oid"].array),
              "AccountUpn": masked_dict(ea, has_acc, f.acc["upn"].array),
              "FileName": dict_where(is_["file"], fname, dict_where(is_["process"], const_str(m, "powershell.exe"), "")),
              "FolderPath": dict_where(is_["file"], r.column(np.full(m, al["folder_tpl"]), ep, ea, ed),
                                       dict_where(is_["process"], const_str(m, r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"), "")),
              "SHA1": fh["SHA1"], "SHA256": fh["SHA256"], "FileSize": numeric(fsize, "long", is_["file"]),
              "ThreatFamily": masked_dict(ep % len(al["fam"]), is_["file"], al["fam"].array),
              "ProcessCommandLine": dict_where(is_["process"], r.column(np.full(m, al["cmd_tpl"]), ep, ea, ed), ""),
              "RemoteIP": masked_dict(ep % len(f.noise_ips), is_["ip"], f.noise_ips.array),
              "RemoteUrl": dict_where(is_["url"], r.column(np.full(m, al["url_tpl"]), ep, ea, ed), ""),
              "NetworkMessageId": pa.compute.if_else(pa.array(is_["mail"]), guid_strings(rng, m), ""),
              "EmailSubject": dict_where(is_["mail"], r.column(np.full(m, al["subj_tpl"]), ep, ea, ed), ""),
              "Application": pa.array(np.where(is_["app"], "Microsoft SharePoint Online", "")).dictionary_encode(),
              "ApplicationId": numeric(np.full(m, 20892), "int", is_["app"]),
              "AdditionalFields": dict_where(is_["machine"], r.column(np.full(m, r.tpl({"Type": "machine", "HostName": "{host}", "OSFamily": "Windows"})), ep, ea, ed), "")}
        return {"AlertInfo": (n, info), "AlertEvidence": (m, ev)}

    # -- FileProfile -------------------------------------------------------------------------------------
    def write_file_profile(self, names) -> dict:
        t = self.t
        gen = self.f.gen
        im = gen.world.images
        recs = []
        seen = set()
        if gen.stories:
            recs.extend(gen.stories.file_profile_rows(seen))
        first = t.start_us - 900 * TN.DAY_US
        for i in range(im.n):
            sha1 = im.sha1.values[i]
            if not sha1 or sha1 in seen:
                continue
            seen.add(sha1)
            key = im.signer_key[i]
            signer, issuer, _, root_ms = VI.SIGNERS.get(key, VI.SIGNERS[""])
            ms = key in ("ms", "msc", "sysint")
            prevalence = 5_000_000 + i * 10_007 if ms else 50_000 + (i * 7919) % 500_000 if key else 300 + (i * 131) % 4000
            recs.append({"SHA1": sha1, "SHA256": im.sha256.values[i], "MD5": im.md5.values[i], "FileSize": int(im.size[i]),
                         "GlobalPrevalence": int(prevalence), "GlobalFirstSeen": first + (i % 300) * TN.DAY_US,
                         "GlobalLastSeen": t.end_us - 3600 * US, "Signer": signer, "Issuer": issuer,
                         "SignerHash": t.ids.hex(40, "signer", signer) if signer else "", "IsCertificateValid": bool(signer),
                         "IsRootSignerMicrosoft": bool(root_ms), "SignatureState": "SignedValid" if signer else "Unsigned",
                         "IsExecutable": True, "ThreatName": "", "Publisher": im.company.values[i],
                         "SoftwareName": im.product.values[i], "ProfileAvailability": "Available"})
        # the files the days named (rows built column-wise: tens of thousands of names)
        cols = {k: [r.get(k) for r in recs] for k in _PROFILE_COLUMNS}
        start, end = t.start_us, t.end_us
        for name in sorted(set(names)):
            fid = self.r.file_identity(name)
            sha1 = fid["sha1"]
            if sha1 in seen:
                continue
            seen.add(sha1)
            h = int(sha1[:8], 16)
            bad = _BAD_WORDS.search(name) is not None
            exe = name.lower().endswith((".exe", ".dll", ".msi", ".sys", ".scr"))
            cols["SHA1"].append(sha1)
            cols["SHA256"].append(fid["sha256"])
            cols["MD5"].append(fid["md5"])
            cols["FileSize"].append(int(fid["size"]))
            cols["GlobalPrevalence"].append(int(1 + h % 40) if bad else int(20 + h % 900) if not exe else int(2_000 + h % 900_000))
            cols["GlobalFirstSeen"].append(start - (h % 400) * TN.DAY_US if not bad else start - (h % 20) * TN.DAY_US)
            cols["GlobalLastSeen"].append(end - (h % 48) * 3600 * US)
            cols["SignatureState"].append("Unsigned" if exe else "Unknown")
            cols["IsExecutable"].append(exe)
            cols["ThreatName"].append(("Trojan:Win32/Wacatac.B!ml" if exe else "TrojanDownloader:JS/Nemucod") if bad and h % 3 else "")
            for k, v in _PROFILE_UNSIGNED.items():
                cols[k].append(v)
        info = gen.catalog.internal_table("_FileProfile")
        tab = from_columns(info, cols)
        with layout.partition_writer(gen.data, "_FileProfile", None, write_schema(info), part_id="demo",
                                     store_schema=False) as w:
            w.write_table(tab)
        return {"_FileProfile": tab.num_rows}


_BAD_WORDS = re.compile("|".join(re.escape(w) for w in (
    "setup_", "Invoice_", "scan_", "KMSpico", "Remittance_", "payment_", "DHL_", "crack", "statement",
    "order_", ".js", ".vbs", ".iso", ".img", ".one", ".docm", ".xlsm", ".html", ".htm", ".lnk")))
_PROFILE_UNSIGNED = {"Signer": "", "Issuer": "", "SignerHash": "", "IsCertificateValid": False,
                     "IsRootSignerMicrosoft": False, "Publisher": "", "SoftwareName": "",
                     "ProfileAvailability": "Available"}
_PROFILE_COLUMNS = ("SHA1", "SHA256", "MD5", "FileSize", "GlobalPrevalence", "GlobalFirstSeen", "GlobalLastSeen",
                    "SignatureState", "IsExecutable", "ThreatName") + tuple(_PROFILE_UNSIGNED)


def _set(tab: pa.Table, name: str, arr) -> pa.Table:
    i = tab.schema.get_field_index(name)
    field = tab.schema.field(i)
    if arr.type != field.type:
        arr = arr.cast(field.type)
    return tab.set_column(i, field, arr)


def _hashes(r, names, mask):
    from hunt.store.demo.devtables import file_hash_columns
    return file_hash_columns(r, names, mask)
