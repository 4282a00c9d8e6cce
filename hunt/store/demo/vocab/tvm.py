"""Threat & vulnerability management vocabulary: installed software (vendor, name, versions
with their end-of-support state and the CVEs they carry), the vulnerability knowledge base,
secure-configuration checks, browser extensions and the Defender information-gathering
fields. Names follow TVM's style: lower case, words joined by '_'.

SOFTWARE entries: (key, vendor, name, where, share, versions)
    where    device classes (ws srv dc lnx mac) or 'has:<software key>' / 'role:<role>'
    share    fraction of the eligible devices that have it
    versions [(version, weight, end-of-support status, [CVE ids])], newest first
"""

EOS = "EOS Version"
EOS_SW = "EOS Software"
UPCOMING = "Upcoming EOS Version"

SOFTWARE = [
    # ------------------------------------------------------------------ Windows itself
    ("win11", "microsoft", "windows_11", "os:Windows11", 1.0, [
        ("10.0.22631.3155", 70, "", ["CVE-2024-21351", "CVE-2024-21412"]),
        ("10.0.22631.2861", 20, "", ["CVE-2024-21351", "CVE-2024-21412", "CVE-2024-21338", "CVE-2023-36025"]),
        ("10.0.22621.2428", 10, UPCOMING, ["CVE-2024-21351", "CVE-2024-21412", "CVE-2024-21338", "CVE-2023-36025", "CVE-2023-36884"])]),
    ("win10", "microsoft", "windows_10", "os:Windows10", 1.0, [
        ("10.0.19045.4046", 65, UPCOMING, ["CVE-2024-21351", "CVE-2024-21412"]),
        ("10.0.19045.3803", 25, UPCOMING, ["CVE-2024-21351", "CVE-2024-21412", "CVE-2024-21338", "CVE-2023-36025"]),
        ("10.0.19044.3086", 10, EOS, ["CVE-2024-21351", "CVE-2024-21412", "CVE-2024-21338", "CVE-2023-36025", "CVE-2023-36884", "CVE-2022-30190"])]),
    ("ws2022", "microsoft", "windows_server_2022", "os:WindowsServer2022", 1.0, [
        ("10.0.20348.2322", 60, "", ["CVE-2024-21351"]),
        ("10.0.20348.2031", 40, "", ["CVE-2024-21351", "CVE-2024-21338", "CVE-2023-36025", "CVE-2023-44487"])]),
    ("ws2019", "microsoft", "windows_server_2019", "os:WindowsServer2019", 1.0, [
        ("10.0.17763.5458", 55, UPCOMING, ["CVE-2024-21351"]),
        ("10.0.17763.4974", 35, UPCOMING, ["CVE-2024-21351", "CVE-2024-21338", "CVE-2023-36025", "CVE-2021-34527"]),
        ("10.0.17763.2237", 10, UPCOMING, ["CVE-2024-21351", "CVE-2024-21338", "CVE-2023-36025", "CVE-2021-34527", "CVE-2020-1472", "CVE-2022-30190"])]),
    ("defender", "microsoft", "defender_for_endpoint", "ws srv dc", 1.0, [("4.18.24010.12", 90, "", []), ("4.18.23110.3", 10, "", [])]),
    ("edge", "microsoft", "edge_chromium", "ws srv dc", 1.0, [
        ("121.0.2277.128", 70, "", []), ("120.0.2210.144", 20, "", ["CVE-2024-0519"]),
        ("118.0.2088.76", 10, EOS, ["CVE-2024-0519", "CVE-2023-7024", "CVE-2023-5217"])]),
    ("dotnet48", "microsoft", ".net_framework", "ws srv dc", 1.0, [("4.8.9181.0", 80, "", []), ("4.8.4644.0", 20, "", ["CVE-2023-36899"])]),
    ("vcredist", "microsoft", "visual_c++_2015-2022_redistributable", "ws srv", 0.9, [("14.38.33130.0", 70, "", []), ("14.29.30139.0", 30, "", [])]),
    ("office", "microsoft", "office", "ws", 1.0, [
        ("16.0.17231.20236", 60, "", []), ("16.0.16924.20150", 30, "", ["CVE-2024-21413"]),
        ("16.0.14332.20604", 10, UPCOMING, ["CVE-2024-21413", "CVE-2023-23397", "CVE-2023-21716", "CVE-2023-36884"])]),
    ("teams", "microsoft", "teams", "ws mac", 1.0, [("24004.1403.2634.2418", 85, "", []), ("1.6.00.33567", 15, EOS_SW, [])]),
    ("onedrive", "microsoft", "onedrive", "ws", 1.0, [("24.020.0128.0003", 90, "", []), ("23.184.0903.0001", 10, "", [])]),
    ("pwsh7", "microsoft", "powershell", "has:dev", 1.0, [("7.4.1.0", 70, "", []), ("7.2.6.0", 30, UPCOMING, ["CVE-2023-36013"])]),
    ("vscode", "microsoft", "visual_studio_code", "has:code", 1.0, [("1.86.2", 80, "", []), ("1.82.0", 20, "", ["CVE-2023-36742"])]),
    ("sqlserver", "microsoft", "sql_server_2019", "role:sql", 1.0, [("15.0.4345.5", 60, "", ["CVE-2024-0056"]), ("15.0.4236.7", 40, "", ["CVE-2024-0056", "CVE-2023-36728"])]),
    ("exchange", "microsoft", "exchange_server_2019", "role:exch", 1.0, [("15.2.1258.28", 100, "", ["CVE-2024-21410", "CVE-2023-36745", "CVE-2021-34473", "CVE-2021-34523", "CVE-2021-31207"])]),
    ("adsync", "microsoft", "azure_ad_connect", "role:adsync", 1.0, [("2.2.8.0", 100, "", [])]),
    ("iis", "microsoft", "internet_information_services", "has:iis", 1.0, [("10.0.20348.1", 100, "", ["CVE-2023-44487"])]),
    # ------------------------------------------------------------------ third-party desktop software
    ("chrome", "google", "chrome", "has:chrome", 1.0, [
        ("121.0.6167.161", 60, "", []), ("120.0.6099.225", 25, "", ["CVE-2024-0519"]),
        ("116.0.5845.188", 15, EOS, ["CVE-2024-0519", "CVE-2023-7024", "CVE-2023-5217", "CVE-2023-4863"])]),
    ("firefox", "mozilla", "firefox", "has:firefox", 1.0, [("122.0.1", 70, "", []), ("115.6.0", 30, "", ["CVE-2023-6856", "CVE-2023-4863"])]),
    ("acrobat", "adobe", "acrobat_reader_dc", "has:acrord32", 1.0, [
        ("23.008.20533", 55, "", []), ("23.006.20360", 30, "", ["CVE-2024-20726", "CVE-2023-44336"]),
        ("21.001.20145", 15, EOS, ["CVE-2024-20726", "CVE-2023-44336", "CVE-2023-26369", "CVE-2021-28550"])]),
    ("sevenzip", "7-zip", "7-zip", "has:7zip", 1.0, [("23.01", 50, "", []), ("22.01", 35, "", ["CVE-2023-31102", "CVE-2023-40481"]),
                                                       ("19.00", 15, EOS, ["CVE-2023-31102", "CVE-2023-40481", "CVE-2022-29072"])]),
    ("winrar", "rarlab", "winrar", "ws", 0.12, [("7.00", 40, "", []), ("6.22", 45, "", ["CVE-2023-38831", "CVE-2023-40477"]),
                                                  ("5.91", 15, EOS, ["CVE-2023-38831", "CVE-2023-40477"])]),
    ("vlc", "videolan", "vlc_media_player", "ws", 0.18, [("3.0.20", 60, "", []), ("3.0.18", 40, "", ["CVE-2023-47359", "CVE-2023-47360"])]),
    ("zoom", "zoom", "zoom", "has:zoom", 1.0, [("5.17.5.31030", 70, "", []), ("5.15.12.21574", 30, "", ["CVE-2023-49646", "CVE-2023-39199"])]),
    ("slack", "slack_technologies", "slack", "has:slack", 1.0, [("4.36.140", 100, "", [])]),
    ("teamviewer", "teamviewer", "teamviewer", "has:teamviewer", 1.0, [("15.50.5", 60, "", []), ("15.38.3", 40, "", ["CVE-2024-0819"])]),
    ("anydesk", "anydesk", "anydesk", "has:anydesk", 1.0, [("8.0.8", 50, "", []), ("7.1.13", 50, "", ["CVE-2024-12754"])]),
    ("notepadpp", "notepad++", "notepad++", "ws", 0.35, [("8.6.2", 60, "", []), ("8.5.4", 40, "", ["CVE-2023-40031", "CVE-2023-40036"])]),
    ("git", "git-scm", "git", "has:git", 1.0, [("2.43.0", 70, "", ["CVE-2024-32002"]), ("2.39.1", 30, "", ["CVE-2024-32002", "CVE-2023-25652"])]),
    ("python", "python", "python", "has:python", 1.0, [("3.12.1", 60, "", []), ("3.9.13", 30, UPCOMING, ["CVE-2023-40217", "CVE-2023-24329"]),
                                                        ("3.7.9", 10, EOS, ["CVE-2023-40217", "CVE-2023-24329", "CVE-2022-45061"])]),
    ("node", "nodejs", "node.js", "has:dev", 0.6, [("20.11.0", 60, "", []), ("18.17.1", 30, UPCOMING, ["CVE-2023-44487"]),
                                                   ("16.20.2", 10, EOS, ["CVE-2023-44487", "CVE-2023-32002"])]),
    ("docker", "docker", "docker_desktop", "has:docker", 1.0, [("4.27.1", 100, "", [])]),
    ("java", "oracle", "jre", "has:java", 1.0, [("8.0.401", 50, "", []), ("8.0.381", 35, "", ["CVE-2024-20918", "CVE-2024-20952"]),
                                                ("8.0.291", 15, EOS, ["CVE-2024-20918", "CVE-2024-20952", "CVE-2023-21930"])]),
    ("putty", "simon_tatham", "putty", "has:putty", 1.0, [("0.81", 50, "", []), ("0.79", 50, "", ["CVE-2024-31497", "CVE-2023-48795"])]),
    ("wireshark", "wireshark", "wireshark", "has:wireshark", 1.0, [("4.2.2", 70, "", []), ("3.6.16", 30, EOS, ["CVE-2023-6175"])]),
    ("nmap", "nmap", "nmap", "has:nmap", 1.0, [("7.94", 100, "", [])]),
    ("curl_win", "haxx", "curl", "ws srv", 1.0, [("8.4.0.0", 60, "", []), ("8.0.1.0", 40, "", ["CVE-2023-38545", "CVE-2023-38546"])]),
    ("sysinternals", "microsoft", "sysinternals_suite", "has:sysinternals", 1.0, [("2024.2.13", 100, "", [])]),
    # ------------------------------------------------------------------ server software
    ("tomcat", "apache", "tomcat", "has:tomcat", 1.0, [("9.0.83", 50, "", ["CVE-2023-46589"]), ("9.0.43", 50, "", ["CVE-2023-46589", "CVE-2023-44487", "CVE-2020-1938"])]),
    ("log4j", "apache", "log4j", "has:tomcat", 1.0, [("2.17.1", 70, "", []), ("2.14.1", 30, "", ["CVE-2021-44228", "CVE-2021-45046"])]),
    ("java_srv", "oracle", "jre", "has:tomcat", 1.0, [("11.0.21", 100, "", ["CVE-2024-20918"])]),
    ("veeam", "veeam", "backup_and_replication", "has:veeam", 1.0, [("12.0.0.1420", 100, "", ["CVE-2023-27532"])]),
    # ------------------------------------------------------------------ Linux
    ("ubuntu", "canonical", "ubuntu_linux", "lnx", 1.0, [("22.04", 100, "", [])]),
    ("openssl", "openssl", "openssl", "lnx", 1.0, [("3.0.2", 70, "", ["CVE-2023-0286", "CVE-2023-5678", "CVE-2022-3602", "CVE-2022-3786"]),
                                                   ("3.0.13", 30, "", [])]),
    ("openssh", "openbsd", "openssh", "lnx", 1.0, [("8.9p1", 100, "", ["CVE-2024-6387", "CVE-2023-48795"])]),
    ("xz", "tukaani", "xz_utils", "lnx", 1.0, [("5.2.5", 80, "", []), ("5.6.0", 20, "", ["CVE-2024-3094"])]),
    ("curl_lnx", "haxx", "curl", "lnx", 1.0, [("7.81.0", 100, "", ["CVE-2023-38545", "CVE-2023-38546"])]),
    ("sudo", "sudo_project", "sudo", "lnx", 1.0, [("1.9.9", 100, "", ["CVE-2023-22809"])]),
    ("glibc", "gnu", "glibc", "lnx", 1.0, [("2.35", 100, "", ["CVE-2023-4911"])]),
    ("nginx", "f5", "nginx", "lnx", 0.5, [("1.18.0", 100, "", ["CVE-2021-23017", "CVE-2023-44487"])]),
    ("mysql", "oracle", "mysql", "lnx", 0.3, [("8.0.36", 100, "", [])]),
    ("mdatp_l", "microsoft", "defender_for_endpoint_linux", "lnx", 1.0, [("101.24012.0001", 100, "", [])]),
    # ------------------------------------------------------------------ macOS
    ("macos", "apple", "macos", "mac", 1.0, [("14.3.1", 70, "", []), ("13.6.4", 30, "", ["CVE-2024-23222"])]),
    ("safari", "apple", "safari", "mac", 1.0, [("17.3.1", 100, "", [])]),
    ("chrome_mac", "google", "chrome", "mac", 0.6, [("121.0.6167.160", 100, "", [])]),
]

# CVE knowledge base: id → (CVSS, exploit available, published yyyy-mm-dd, description, update)
CVES = {
    "CVE-2024-21351": (7.6, True, "2024-02-13", "Windows SmartScreen security feature bypass vulnerability", "KB5034765"),
    "CVE-2024-21412": (8.1, True, "2024-02-13", "Internet Shortcut Files security feature bypass vulnerability", "KB5034765"),
    "CVE-2024-21338": (7.8, True, "2024-02-13", "Windows kernel elevation of privilege vulnerability", "KB5034765"),
    "CVE-2023-36025": (8.8, True, "2023-11-14", "Windows SmartScreen security feature bypass vulnerability", "KB5032190"),
    "CVE-2023-36884": (8.8, True, "2023-07-11", "Office and Windows HTML remote code execution vulnerability", "KB5028185"),
    "CVE-2022-30190": (7.8, True, "2022-05-30", "Microsoft Windows Support Diagnostic Tool (MSDT) remote code execution vulnerability", "KB5014699"),
    "CVE-2021-34527": (8.8, True, "2021-07-02", "Windows Print Spooler remote code execution vulnerability", "KB5004948"),
    "CVE-2020-1472": (10.0, True, "2020-08-11", "Netlogon elevation of privilege vulnerability", "KB4571694"),
    "CVE-2023-44487": (7.5, True, "2023-10-10", "HTTP/2 rapid reset denial of service vulnerability", ""),
    "CVE-2023-36899": (8.8, False, "2023-08-08", ".NET Framework ASP.NET elevation of privilege vulnerability", "KB5029647"),
    "CVE-2024-21413": (9.8, True, "2024-02-13", "Microsoft Outlook remote code execution vulnerability (moniker link)", ""),
    "CVE-2023-23397": (9.8, True, "2023-03-14", "Microsoft Outlook elevation of privilege vulnerability", ""),
    "CVE-2023-21716": (9.8, True, "2023-02-14", "Microsoft Word remote code execution vulnerability (RTF)", ""),
    "CVE-2023-36013": (6.5, False, "2023-11-14", "PowerShell information disclosure vulnerability", ""),
    "CVE-2023-36742": (7.8, False, "2023-09-12", "Visual Studio Code remote code execution vulnerability", ""),
    "CVE-2024-0056": (8.7, False, "2024-01-09", "SQL Data Provider security feature bypass vulnerability", "KB5032679"),
    "CVE-2023-36728": (5.5, False, "2023-10-10", "Microsoft SQL Server denial of service vulnerability", "KB5029378"),
    "CVE-2024-21410": (9.8, True, "2024-02-13", "Microsoft Exchange Server elevation of privilege vulnerability", "KB5035606"),
    "CVE-2023-36745": (8.0, False, "2023-09-12", "Microsoft Exchange Server remote code execution vulnerability", "KB5030524"),
    "CVE-2021-34473": (9.8, True, "2021-07-13", "Microsoft Exchange Server remote code execution vulnerability (ProxyShell)", "KB5001779"),
    "CVE-2021-34523": (9.8, True, "2021-07-13", "Microsoft Exchange Server elevation of privilege vulnerability (ProxyShell)", "KB5001779"),
    "CVE-2021-31207": (7.2, True, "2021-05-11", "Microsoft Exchange Server security feature bypass vulnerability (ProxyShell)", "KB5003435"),
    "CVE-2024-0519": (8.8, True, "2024-01-16", "Out of bounds memory access in V8", ""),
    "CVE-2023-7024": (8.8, True, "2023-12-20", "Heap buffer overflow in WebRTC", ""),
    "CVE-2023-5217": (8.8, True, "2023-09-28", "Heap buffer overflow in vp8 encoding in libvpx", ""),
    "CVE-2023-4863": (8.8, True, "2023-09-12", "Heap buffer overflow in libwebp", ""),
    "CVE-2023-6856": (8.8, False, "2023-12-19", "Heap buffer overflow affecting WebGL DrawElementsInstanced", ""),
    "CVE-2024-20726": (7.8, False, "2024-02-13", "Acrobat Reader out-of-bounds write vulnerability", ""),
    "CVE-2023-44336": (7.8, False, "2023-11-14", "Acrobat Reader use after free vulnerability", ""),
    "CVE-2023-26369": (7.8, True, "2023-09-13", "Acrobat Reader out-of-bounds write vulnerability", ""),
    "CVE-2021-28550": (8.8, True, "2021-06-02", "Acrobat Reader use after free vulnerability", ""),
    "CVE-2023-31102": (7.8, False, "2023-11-03", "7-Zip integer underflow in the 7Z archive handler", ""),
    "CVE-2023-40481": (7.8, False, "2023-11-03", "7-Zip SquashFS out-of-bounds write", ""),
    "CVE-2022-29072": (7.8, True, "2022-04-15", "7-Zip help file privilege escalation", ""),
    "CVE-2023-38831": (7.8, True, "2023-08-23", "WinRAR allows code execution when a user opens a benign file within a ZIP archive", ""),
    "CVE-2023-40477": (7.8, False, "2023-08-17", "WinRAR recovery volumes improper validation", ""),
    "CVE-2023-47359": (9.8, False, "2023-11-07", "VLC media player heap buffer overflow in the MMS stream handler", ""),
    "CVE-2023-47360": (7.5, False, "2023-11-07", "VLC media player integer underflow in the MMS stream handler", ""),
    "CVE-2023-49646": (6.5, False, "2024-01-12", "Zoom client improper authentication", ""),
    "CVE-2023-39199": (5.7, False, "2023-10-10", "Zoom client cryptographic issue", ""),
    "CVE-2024-0819": (7.3, False, "2024-02-27", "TeamViewer remote client privilege escalation", ""),
    "CVE-2024-12754": (5.5, False, "2024-12-30", "AnyDesk background image privilege escalation", ""),
    "CVE-2023-40031": (7.8, False, "2023-08-25", "Notepad++ heap buffer write overflow in Utf8_16_Read", ""),
    "CVE-2023-40036": (5.5, False, "2023-08-25", "Notepad++ global buffer read overflow", ""),
    "CVE-2024-32002": (9.0, True, "2024-05-14", "Git recursive clones remote code execution via symbolic links", ""),
    "CVE-2023-25652": (7.5, False, "2023-04-25", "Git apply --reject writes outside the working tree", ""),
    "CVE-2023-40217": (5.3, False, "2023-08-25", "Python ssl.SSLSocket TLS handshake bypass", ""),
    "CVE-2023-24329": (7.5, True, "2023-02-17", "Python urllib.parse blocklist bypass", ""),
    "CVE-2022-45061": (7.5, False, "2022-11-09", "Python IDNA decoder quadratic complexity", ""),
    "CVE-2023-32002": (9.8, False, "2023-08-15", "Node.js policy bypass via Module._load", ""),
    "CVE-2024-20918": (7.4, False, "2024-01-16", "Java SE Hotspot vulnerability", ""),
    "CVE-2024-20952": (7.4, False, "2024-01-16", "Java SE Security vulnerability", ""),
    "CVE-2023-21930": (7.4, False, "2023-04-18", "Java SE JSSE vulnerability", ""),
    "CVE-2024-31497": (5.9, True, "2024-04-15", "PuTTY NIST P-521 private key recovery from signatures", ""),
    "CVE-2023-48795": (5.9, True, "2023-12-18", "SSH Terrapin prefix truncation attack", ""),
    "CVE-2023-6175": (6.3, False, "2023-11-16", "Wireshark NetScreen file parser crash", ""),
    "CVE-2023-38545": (9.8, True, "2023-10-18", "curl SOCKS5 heap buffer overflow", ""),
    "CVE-2023-38546": (3.7, False, "2023-10-18", "curl cookie injection with none file", ""),
    "CVE-2023-46589": (7.5, False, "2023-11-28", "Apache Tomcat HTTP request smuggling via trailer headers", ""),
    "CVE-2020-1938": (9.8, True, "2020-02-24", "Apache Tomcat AJP file read and inclusion (Ghostcat)", ""),
    "CVE-2021-44228": (10.0, True, "2021-12-10", "Apache Log4j2 JNDI remote code execution (Log4Shell)", ""),
    "CVE-2021-45046": (9.0, True, "2021-12-14", "Apache Log4j2 Thread Context lookup remote code execution", ""),
    "CVE-2023-27532": (7.5, True, "2023-03-10", "Veeam Backup & Replication credential disclosure", ""),
    "CVE-2023-0286": (7.4, False, "2023-02-08", "OpenSSL X.400 address type confusion in X.509 GeneralName", ""),
    "CVE-2023-5678": (5.3, False, "2023-11-06", "OpenSSL excessive time spent in DH key generation", ""),
    "CVE-2022-3602": (7.5, True, "2022-11-01", "OpenSSL X.509 email address 4-byte buffer overflow", ""),
    "CVE-2022-3786": (7.5, True, "2022-11-01", "OpenSSL X.509 email address variable length buffer overflow", ""),
    "CVE-2024-6387": (8.1, True, "2024-07-01", "OpenSSH sshd signal handler race condition (regreSSHion)", ""),
    "CVE-2024-3094": (10.0, True, "2024-03-29", "Malicious code in xz upstream tarballs (liblzma backdoor)", ""),
    "CVE-2023-22809": (7.8, True, "2023-01-18", "sudoedit arbitrary file write", ""),
    "CVE-2023-4911": (7.8, True, "2023-10-03", "glibc ld.so GLIBC_TUNABLES buffer overflow (Looney Tunables)", ""),
    "CVE-2021-23017": (7.7, True, "2021-06-01", "nginx resolver off-by-one heap write", ""),
    "CVE-2024-23222": (8.8, True, "2024-01-22", "WebKit type confusion", ""),
}

# vulnerabilities published in the last weeks of the period (ids made from its year; every
# installed version is affected until the next update): (software key, number, CVSS, exploit, days before the end, description)
RECENT = [
    ("chrome", 21047, 8.8, True, 6, "Type confusion in V8"),
    ("edge", 21047, 8.8, True, 6, "Type confusion in V8"),
    ("win11", 21338, 7.8, True, 12, "Windows Common Log File System driver elevation of privilege vulnerability"),
    ("win10", 21338, 7.8, True, 12, "Windows Common Log File System driver elevation of privilege vulnerability"),
    ("acrobat", 20911, 7.8, False, 20, "Acrobat Reader use after free vulnerability"),
]

# secure configuration checks: (id, impact, name, category, subcategory, applies to, share compliant)
CONFIGS = [
    ("scid-2000", 9, "Turn on Microsoft Defender for Endpoint sensor", "Security controls", "EDR", "win", 0.995),
    ("scid-2001", 8, "Fix Microsoft Defender for Endpoint sensor data collection", "Security controls", "EDR", "win", 0.98),
    ("scid-2002", 8, "Fix Microsoft Defender for Endpoint impaired communications", "Security controls", "EDR", "win", 0.97),
    ("scid-2003", 9, "Turn on Tamper Protection", "Security controls", "Tamper protection", "win", 0.9),
    ("scid-2010", 9, "Turn on Microsoft Defender Antivirus", "Security controls", "Antivirus", "win", 0.98),
    ("scid-2011", 8, "Update Microsoft Defender Antivirus definitions", "Security controls", "Antivirus", "win", 0.93),
    ("scid-2012", 9, "Turn on real-time protection", "Security controls", "Antivirus", "win", 0.97),
    ("scid-2013", 5, "Turn on PUA protection in block mode", "Security controls", "Antivirus", "win", 0.7),
    ("scid-2014", 7, "Fix Microsoft Defender Antivirus cloud service connectivity", "Security controls", "Antivirus", "win", 0.96),
    ("scid-2016", 8, "Turn on cloud-delivered protection", "Security controls", "Antivirus", "win", 0.95),
    ("scid-91", 7, "Enable 'Apply UAC restrictions to local accounts on network logons'", "Accounts", "User Account Control", "win", 0.8),
    ("scid-10", 8, "Disable SMBv1 client driver", "Network", "SMB", "win", 0.92),
    ("scid-11", 8, "Disable SMBv1 server", "Network", "SMB", "win", 0.9),
    ("scid-44", 6, "Disable 'Enumerate administrator accounts on elevation'", "Accounts", "User Account Control", "win", 0.6),
    ("scid-64", 7, "Block Office applications from creating child processes", "Security controls", "Attack Surface Reduction", "ws", 0.55),
    ("scid-65", 7, "Block executable content from email client and webmail", "Security controls", "Attack Surface Reduction", "ws", 0.7),
    ("scid-66", 8, "Block credential stealing from the Windows local security authority subsystem (lsass.exe)", "Security controls", "Attack Surface Reduction", "win", 0.65),
    ("scid-67", 6, "Block JavaScript or VBScript from launching downloaded executable content", "Security controls", "Attack Surface Reduction", "ws", 0.6),
    ("scid-81", 7, "Set 'Minimum password length' to '14 or more characters'", "Accounts", "Password", "win", 0.4),
    ("scid-96", 8, "Enable 'Local Security Authority (LSA) protection'", "OS", "Credential protection", "win", 0.5),
    ("scid-2090", 6, "Turn on Microsoft Defender Firewall (domain profile)", "Network", "Firewall", "win", 0.97),
    ("scid-3001", 5, "Disable 'Allow Basic authentication' for WinRM Client", "Network", "Remote access", "win", 0.9),
    ("scid-5095", 6, "Update Microsoft Defender for Endpoint (Linux) definitions", "Security controls", "Antivirus", "lnx", 0.85),
    ("scid-6095", 5, "Enable macOS Gatekeeper", "OS", "Application control", "mac", 0.95),
]

# browser extensions: (id, name, description, risk, vendor, browsers, share, [(permission, name, risk, required)])
EXTENSIONS = [
    ("cjpalhdlnbpafiamejdnhcphjbkeiagm", "uBlock Origin", "Finally, an efficient blocker. Easy on CPU and memory.", "Medium", "Raymond Hill", "Chrome Edge", 0.15,
     [("webRequest", "Observe and analyze traffic", "Medium", True), ("<all_urls>", "Read and change all your data on all websites", "High", True), ("storage", "Store data", "Low", True), ("tabs", "Read your browsing history", "Medium", True)]),
    ("hdokiejnpimakedhajhdlcegeplioahd", "LastPass: Free Password Manager", "LastPass, an award-winning password manager, saves your passwords.", "High", "LastPass", "Chrome Edge", 0.08,
     [("<all_urls>", "Read and change all your data on all websites", "High", True), ("clipboardWrite", "Modify data you copy and paste", "Medium", True), ("cookies", "Read and modify cookies", "High", True), ("notifications", "Display notifications", "Low", False), ("webNavigation", "Read your browsing history", "Medium", True)]),
    ("kbfnbcaeplbcioakkpcpgfkobkghlhen", "Grammarly: AI Writing and Grammar Checker", "Improve your writing with Grammarly's communication assistance.", "High", "Grammarly", "Chrome Edge", 0.12,
     [("<all_urls>", "Read and change all your data on all websites", "High", True), ("cookies", "Read and modify cookies", "High", True), ("notifications", "Display notifications", "Low", True), ("storage", "Store data", "Low", True)]),
    ("efaidnbmnnnibpcajpcglclefindmkaj", "Adobe Acrobat: PDF edit, convert, sign tools", "Do more in Google Chrome with Adobe Acrobat PDF tools.", "Medium", "Adobe Inc.", "Chrome Edge", 0.3,
     [("contextMenus", "Add items to the context menu", "Low", True), ("downloads", "Manage your downloads", "Medium", True), ("tabs", "Read your browsing history", "Medium", True), ("<all_urls>", "Read and change all your data on all websites", "High", False)]),
    ("ghbmnnjooekpmoecnnnilnnbdlolhkhi", "Google Docs Offline", "Edit, create, and view your documents, spreadsheets, and presentations without internet access.", "Low", "Google", "Chrome", 0.45,
     [("storage", "Store data", "Low", True), ("unlimitedStorage", "Store unlimited data", "Low", True)]),
    ("fpnmgdkabkmnadcjpehmlllkndpkmiak", "Wayback Machine", "Reduce annoying 404 pages by automatically checking for an archived copy.", "Medium", "Internet Archive", "Chrome", 0.02,
     [("tabs", "Read your browsing history", "Medium", True), ("webRequest", "Observe and analyze traffic", "Medium", True), ("notifications", "Display notifications", "Low", True)]),
    ("bmnlcjabgnpnenekpadlanbbkooimhnj", "PayPal Honey: Automatic Coupons & Cash Back", "Save money with automatic coupons and cash back rewards.", "Critical", "PayPal", "Chrome Edge", 0.05,
     [("<all_urls>", "Read and change all your data on all websites", "High", True), ("cookies", "Read and modify cookies", "High", True), ("notifications", "Display notifications", "Low", True), ("webRequest", "Observe and analyze traffic", "Medium", True), ("tabs", "Read your browsing history", "Medium", True)]),
    ("aapbdbdomjkkjkaonfhkkikfgjllcleb", "Google Translate", "View translations easily as you browse the web.", "Medium", "Google", "Chrome", 0.1,
     [("activeTab", "Access the current tab", "Low", True), ("contextMenus", "Add items to the context menu", "Low", True), ("storage", "Store data", "Low", True)]),
    ("kgjfgplpablkjnlkjmjdecgdpfankdle", "Zoom Scheduler", "Schedule Zoom meetings directly from Google Calendar.", "High", "zoom.us", "Chrome", 0.06,
     [("cookies", "Read and modify cookies", "High", True), ("identity", "Know your email address", "Medium", True), ("notifications", "Display notifications", "Low", True), ("storage", "Store data", "Low", True)]),
    ("gpdjojdkbbmdfjfahjcgigfpmkopogic", "Pinterest Save Button", "Save ideas you find on the web to Pinterest.", "Medium", "Pinterest", "Chrome Edge", 0.02,
     [("contextMenus", "Add items to the context menu", "Low", True), ("tabs", "Read your browsing history", "Medium", True), ("notifications", "Display notifications", "Low", False)]),
    ("lmjegmlicamnimmfhcmpkclmigmmcbeh", "Application Guard Extension", "Open untrusted sites in Microsoft Defender Application Guard.", "Low", "Microsoft Corporation", "Chrome", 0.04,
     [("nativeMessaging", "Communicate with cooperating native applications", "Medium", True), ("webRequest", "Observe and analyze traffic", "Medium", True)]),
    ("ppnbnpeolgkicgegkbkbjmhlideopiji", "Microsoft Single Sign On", "Sign in on supported websites with your work account.", "Low", "Microsoft Corporation", "Chrome", 0.35,
     [("cookies", "Read and modify cookies", "High", True), ("nativeMessaging", "Communicate with cooperating native applications", "Medium", True), ("webRequest", "Observe and analyze traffic", "Medium", True)]),
    ("odfafepnkmbhccpbejgmiehpchacaeak", "uBlock Origin (Edge)", "An efficient blocker for Microsoft Edge.", "Medium", "Nicole Rolls", "Edge", 0.05,
     [("webRequest", "Observe and analyze traffic", "Medium", True), ("<all_urls>", "Read and change all your data on all websites", "High", True)]),
    ("nkbihfbeogaeaoehlefnkodbefgpgknn", "MetaMask", "An Ethereum wallet in your browser.", "Critical", "MetaMask", "Chrome", 0.01,
     [("<all_urls>", "Read and change all your data on all websites", "High", True), ("clipboardWrite", "Modify data you copy and paste", "Medium", True), ("notifications", "Display notifications", "Low", True), ("storage", "Store data", "Low", True), ("unlimitedStorage", "Store unlimited data", "Low", True)]),
]

# OAuth apps: (name, origin, publisher, privilege, [(permission, type, privilege, target)], consented users share, admin consent, status)
GRAPH = "00000003-0000-0000-c000-000000000000"
EXO = "00000002-0000-0ff1-ce00-000000000000"
OAUTH_APPS = [
    ("Zoom for Outlook", "External", "Zoom Video Communications, Inc.", "Medium",
     [("Calendars.ReadWrite", "Delegated", "Medium", GRAPH), ("User.Read", "Delegated", "Low", GRAPH), ("offline_access", "Delegated", "Low", GRAPH)], 0.3, False, "Enabled"),
    ("Adobe Acrobat", "External", "Adobe Inc.", "Medium",
     [("Files.ReadWrite.All", "Delegated", "Medium", GRAPH), ("User.Read", "Delegated", "Low", GRAPH)], 0.2, False, "Enabled"),
    ("Slack", "External", "Slack Technologies", "Medium",
     [("Calendars.Read", "Delegated", "Medium", GRAPH), ("User.Read", "Delegated", "Low", GRAPH), ("Mail.Read", "Delegated", "High", GRAPH)], 0.15, False, "Enabled"),
    ("Mail Archiver Pro", "External", "", "High",
     [("Mail.ReadWrite", "Application", "High", GRAPH), ("Mail.Send", "Application", "High", GRAPH), ("full_access_as_app", "Application", "High", EXO)], 0.0, True, "Enabled"),
    ("DocuSign", "External", "DocuSign Inc.", "Low",
     [("User.Read", "Delegated", "Low", GRAPH), ("openid", "Delegated", "Low", GRAPH), ("profile", "Delegated", "Low", GRAPH)], 0.25, False, "Enabled"),
    ("Microsoft Graph Command Line Tools", "External", "Microsoft Corporation", "High",
     [("Directory.ReadWrite.All", "Delegated", "High", GRAPH), ("User.ReadWrite.All", "Delegated", "High", GRAPH), ("Mail.Read", "Delegated", "High", GRAPH)], 0.02, False, "Enabled"),
    ("HR Directory Sync", "Internal", "", "High",
     [("User.ReadWrite.All", "Application", "High", GRAPH), ("Group.Read.All", "Application", "Medium", GRAPH)], 0.0, True, "Enabled"),
    ("Expense Reports Connector", "Internal", "", "Medium",
     [("Mail.Send", "Application", "High", GRAPH), ("User.Read.All", "Application", "Medium", GRAPH)], 0.0, True, "Enabled"),
    ("Power BI Service", "External", "Microsoft Corporation", "Low",
     [("User.Read", "Delegated", "Low", GRAPH), ("Directory.Read.All", "Delegated", "Medium", GRAPH)], 0.1, True, "Enabled"),
    ("Calendly", "External", "Calendly LLC", "Medium",
     [("Calendars.ReadWrite", "Delegated", "Medium", GRAPH), ("Mail.Read", "Delegated", "High", GRAPH), ("offline_access", "Delegated", "Low", GRAPH)], 0.03, False, "Enabled"),
    ("PDF Converter Online", "External", "", "High",
     [("Mail.Read", "Delegated", "High", GRAPH), ("Files.Read.All", "Delegated", "Medium", GRAPH), ("Contacts.Read", "Delegated", "Medium", GRAPH), ("offline_access", "Delegated", "Low", GRAPH)], 0.01, False, "Disabled"),
]

# Azure resources for the exposure graph: (kind, name pattern)
AZURE_RESOURCES = [
    ("microsoft.keyvault/vaults", "kv-{tenant}-prod"), ("microsoft.keyvault/vaults", "kv-{tenant}-dev"),
    ("microsoft.storage/storageaccounts", "st{tenant}backup"), ("microsoft.storage/storageaccounts", "st{tenant}data"),
    ("microsoft.compute/virtualmachines", "vm-{tenant}-app01"), ("microsoft.compute/virtualmachines", "vm-{tenant}-jump01"),
    ("microsoft.sql/servers", "sql-{tenant}-prod"), ("microsoft.web/sites", "{tenant}-api"),
    ("microsoft.resources/subscriptions", "{tenant}-production"), ("microsoft.resources/subscriptions", "{tenant}-development"),
]
AZURE_ROLES = ["Owner", "Contributor", "Reader", "Key Vault Secrets User", "Storage Blob Data Contributor",
               "Virtual Machine Contributor", "User Access Administrator", "SQL DB Contributor", "Website Contributor"]

ASR_RULES = ["BlockOfficeChildProcess", "BlockExecutableContentFromEmail", "BlockCredentialStealingFromLsass",
             "BlockObfuscatedScripts", "BlockWin32ApiCallsFromOfficeMacros", "BlockUntrustedUnsignedProcessesFromUsb",
             "BlockPersistenceThroughWmi", "BlockProcessCreationsFromPsexecAndWmi", "BlockAdobeReaderChildProcess",
             "BlockRansomware"]
