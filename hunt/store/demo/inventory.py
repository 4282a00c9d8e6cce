"""Snapshot tables (IdentityInfo, DeviceInfo, DeviceNetworkInfo, DeviceFileCertificateInfo),
background alerts (AlertInfo, AlertEvidence) and the file-intelligence store (_FileProfile)."""
from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from hunt.store import layout
from hunt.store.demo import tenant as TN
from hunt.store.demo.columns import Strings, choose, const_str, finish, from_records, numeric, write_schema
from hunt.store.demo.ids import guid_strings, hex_strings
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

    def snapshots(self, fd) -> dict:
        t = self.t
        day, dday = fd.day, fd.dday
        rng = fd.rng(0, 90)
        out = {}
        lo, hi = day.lo, day.hi
        # IdentityInfo: one daily snapshot
        ts = day.start + 2 * HOUR + 17 * 60 * US
        if lo <= ts < hi:
            recs = [dict(r, Timestamp=ts + i * 1000, ReportId=t.ids.guid("idinfo", day.index, i))
                    for i, r in enumerate(self.identity_recs)]
            out["IdentityInfo"] = from_records(self.f.cat.table("IdentityInfo"), recs)
        # DeviceInfo / DeviceNetworkInfo: a report when the device wakes, then every few hours
        D = t.devices
        info, net = [], []
        rid = day.index * 10_000_000
        for i in range(len(D)):
            on, off = int(dday.on[i]), int(dday.off[i])
            if off <= on:
                continue
            step = 4 * HOUR if D.cls[i] in (TN.WS, TN.MAC) else 8 * HOUR
            k = 0
            t0 = on + 5 * 60 * US + (i * 7919 % 600) * US
            while t0 < off and k < 6:
                rid += 1
                info.append(dict(self.dev_static[i], Timestamp=t0, ReportId=rid))
                for j, adapter in enumerate(self._adapters(i)):
                    rid += 1
                    net.append(dict(adapter, Timestamp=t0 + 1000 * (j + 1), ReportId=rid,
                                    DeviceId=D.id[i], DeviceName=D.name[i]))
                t0 += step
                k += 1
        ts_disc = day.start + 9 * HOUR
        if lo <= ts_disc < hi:
            for j, dsc in enumerate(self.discovered):
                rid += 1
                info.append({k: v for k, v in dsc.items() if not k.startswith("_")} | {"Timestamp": ts_disc + j * 1000, "ReportId": rid})
        if info:
            out["DeviceInfo"] = from_records(self.f.cat.table("DeviceInfo"), info)
        if net:
            out["DeviceNetworkInfo"] = from_records(self.f.cat.table("DeviceNetworkInfo"), net)
        # DeviceFileCertificateInfo: signatures of binaries the device ran
        im = self.f.gen.world.images
        signed = [i for i in range(im.n) if im.signer_key[i] and im.sha1.values[i]]
        cert = []
        for i in range(len(D)):
            on, off = int(dday.on[i]), int(dday.off[i])
            if off <= on or D.cls[i] in (TN.LNX, TN.MAC):
                continue
            for j in range(3):
                img = signed[(i * 31 + j * 17 + day.index * 7) % len(signed)]
                key = im.signer_key[img]
                signer, issuer, stype, root_ms = VI.SIGNERS[key]
                cert.append({"Timestamp": on + (j + 1) * 600 * US, "DeviceId": D.id[i], "DeviceName": D.name[i],
                             "SHA1": im.sha1.values[img], "IsSigned": True,
                             "SignatureType": "Catalog" if key == "ms" else "Embedded", "Signer": signer,
                             "SignerHash": t.ids.hex(40, "signer", signer), "Issuer": issuer,
                             "IssuerHash": t.ids.hex(40, "issuer", issuer),
                             "CertificateSerialNumber": t.ids.hex(38, "serial", signer),
                             "CrlDistributionPointUrls": json.dumps([f"http://crl.{('microsoft.com/pki/crl/products' if root_ms else 'digicert.com')}/{issuer.replace(' ', '')}.crl"]),
                             "CertificateCreationTime": TN.to_us(TN.from_us(t.start_us)) - 300 * TN.DAY_US,
                             "CertificateExpirationTime": t.start_us + 400 * TN.DAY_US,
                             "CertificateCountersignatureTime": t.start_us - 200 * TN.DAY_US,
                             "IsTrusted": True, "IsRootSignerMicrosoft": bool(root_ms), "ReportId": rid + len(cert)})
        if cert:
            out["DeviceFileCertificateInfo"] = from_records(self.f.cat.table("DeviceFileCertificateInfo"), cert)
        return out

    def _adapters(self, i):
        t = self.t
        D = t.devices
        site = t.sites[D.site[i]]
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
    def alerts(self, fd, si, a, b, budgets) -> dict:
        t, f = self.t, self.f
        n = budgets.get("AlertInfo", 0)
        if n <= 0:
            return {}
        rng = fd.rng(si, 50)
        w = [x[7] for x in VA.BACKGROUND]
        kind = choose(rng, n, w)
        acct, ts, _ = f.sample_people(rng, n, fd.dday, a, b)
        dev = f.user_dev[acct]
        dev = np.where(dev >= 0, dev, np.array(t.workstations)[rng.integers(0, len(t.workstations), n)])
        info, ev = [], []
        D, A = t.devices, t.accounts
        for i in range(n):
            title, cat, sev, svc, det, tech, kinds, _ = VA.BACKGROUND[kind[i]]
            p = int(rng.integers(0, 4096))
            title = self.r.format(title, p)
            prefix = {"Microsoft Defender for Endpoint": "da", "Microsoft Defender for Office 365": "fa",
                      "Microsoft Defender for Identity": "aa", "Microsoft Defender for Cloud Apps": "ca",
                      "Microsoft Entra ID Protection": "ad", "Microsoft Defender XDR": "ra"}[svc]
            aid = prefix + (str(638_400_000_000_000_000 + int(ts[i]) % 10**15) + f"_{-int(rng.integers(10**8, 2 * 10**9))}"
                            if prefix == "da" else t.ids.guid("alert", fd.day.index, si, i))
            tsi = int(ts[i])
            info.append({"Timestamp": tsi, "AlertId": aid, "Title": title, "Category": cat, "Severity": sev,
                         "ServiceSource": svc, "DetectionSource": det, "AttackTechniques": tech})
            base = {"Timestamp": tsi, "AlertId": aid, "Title": title, "Categories": json.dumps([cat]), "AttackTechniques": tech,
                    "ServiceSource": svc, "DetectionSource": det, "Severity": sev}
            u, d = int(acct[i]), int(dev[i])
            for k in kinds.split():
                e = dict(base, EntityType={"machine": "Machine", "user": "User", "file": "File", "process": "Process", "ip": "Ip",
                                           "url": "Url", "mail": "MailMessage", "mailbox": "Mailbox", "app": "CloudApplication"}[k],
                         EvidenceRole="Impacted" if k in ("machine", "user", "mailbox") else "Related", EvidenceDirection="")
                if k == "machine":
                    e.update(DeviceId=D.id[d], DeviceName=D.name[d], LocalIP=D.ip[d],
                             AdditionalFields=json.dumps({"Type": "machine", "HostName": D.short[d], "OSFamily": "Windows"}))
                elif k in ("user", "mailbox"):
                    e.update(AccountName=A.sam[u], AccountDomain=t.domain, AccountSid=A.sid[u], AccountObjectId=A.oid[u],
                             AccountUpn=A.upn[u])
                elif k == "file":
                    name = self.r.format("{pick:setup_{hex:6}.exe|Invoice_{n:1000-9999}.js|scan_{n:100-999}.zip|KMSpico_setup.exe|Remittance_{n:1000-9999}.html}", p)
                    fid = self.r.file_identity(name)
                    e.update(FileName=name, FolderPath=f"C:\\Users\\{A.sam[u]}\\Downloads", SHA1=fid["sha1"], SHA256=fid["sha256"],
                             FileSize=int(fid["size"]), ThreatFamily=VA.THREAT_FAMILIES[p % len(VA.THREAT_FAMILIES)],
                             DeviceId=D.id[d], DeviceName=D.name[d])
                elif k == "process":
                    e.update(FileName="powershell.exe", FolderPath=r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
                             ProcessCommandLine=self.r.format(r'powershell.exe -NoProfile -ExecutionPolicy Bypass -Command "{pick:Get-ADComputer -Filter *|Invoke-WebRequest https://{browse}/|Get-MpPreference}"', p),
                             DeviceId=D.id[d], DeviceName=D.name[d])
                elif k == "ip":
                    e.update(RemoteIP=f.noise_ips.values[p % len(f.noise_ips)])
                elif k == "url":
                    e.update(RemoteUrl=self.r.format("https://{pick:statcounter-metrics.tk|microsoft-365-verify.com|docs-viewer-online.xyz}/{hex:8}", p))
                elif k == "mail":
                    e.update(NetworkMessageId=t.ids.guid("almsg", fd.day.index, i), EmailSubject=self.r.format("{pick:Action required: verify your mailbox|Invoice {n:10000-99999} overdue|Shared document: {stem}}", p))
                elif k == "app":
                    e.update(Application="Microsoft SharePoint Online", ApplicationId=20892)
                ev.append(e)
        out = {"AlertInfo": from_records(f.cat.table("AlertInfo"), info)}
        if ev:
            out["AlertEvidence"] = from_records(f.cat.table("AlertEvidence"), ev)
        return {k: (v.num_rows, v) for k, v in out.items()}

    # -- FileProfile -------------------------------------------------------------------------------------
    def write_file_profile(self, names) -> dict:
        t = self.t
        gen = self.f.gen
        im = gen.world.images
        recs = []
        seen = set()
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
        bad_words = ("setup_", "Invoice_", "scan_", "KMSpico", "Remittance_", "payment_", "DHL_", "crack", "statement",
                     "order_", ".js", ".vbs", ".iso", ".img", ".one", ".docm", ".xlsm", ".html", ".htm", ".lnk")
        for name in sorted(set(names)):
            fid = self.r.file_identity(name)
            if fid["sha1"] in seen:
                continue
            seen.add(fid["sha1"])
            h = int(fid["sha1"][:8], 16)
            bad = any(w in name for w in bad_words)
            exe = name.lower().endswith((".exe", ".dll", ".msi", ".sys", ".scr"))
            recs.append({"SHA1": fid["sha1"], "SHA256": fid["sha256"], "MD5": fid["md5"], "FileSize": int(fid["size"]),
                         "GlobalPrevalence": int(1 + h % 40) if bad else int(20 + h % 900) if not exe else int(2_000 + h % 900_000),
                         "GlobalFirstSeen": t.start_us - (h % 400) * TN.DAY_US if not bad else t.start_us - (h % 20) * TN.DAY_US,
                         "GlobalLastSeen": t.end_us - (h % 48) * 3600 * US, "Signer": "", "Issuer": "", "SignerHash": "",
                         "IsCertificateValid": False, "IsRootSignerMicrosoft": False,
                         "SignatureState": "Unsigned" if exe else "Unknown", "IsExecutable": exe,
                         "ThreatName": ("Trojan:Win32/Wacatac.B!ml" if exe else "TrojanDownloader:JS/Nemucod") if bad and h % 3 else "",
                         "Publisher": "", "SoftwareName": "", "ProfileAvailability": "Available"})
        if gen.stories:
            recs.extend(gen.stories.file_profile_rows(seen))
        info = gen.catalog.internal_table("_FileProfile")
        tab = from_records(info, recs)
        with layout.partition_writer(gen.data, "_FileProfile", None, write_schema(info), part_id="demo",
                                     store_schema=False) as w:
            w.write_table(tab)
        return {"_FileProfile": tab.num_rows}
