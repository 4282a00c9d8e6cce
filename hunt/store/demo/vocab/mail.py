"""Mail flow vocabulary: senders, subjects, attachments, links, verdicts."""

# External correspondents: (domain, kind, weight). kind: partner | vendor | newsletter | bulk | spam | phish | malware
SENDER_DOMAINS = [
    ("northbridge-supply.com", "partner", 10), ("atlas-freight.com", "partner", 8), ("bluecrest-consulting.com", "partner", 6),
    ("meridian-legal.com", "partner", 3), ("oakfield-bank.com", "partner", 4), ("summit-insurance.com", "partner", 3),
    ("docusign.net", "vendor", 5), ("salesforce.com", "vendor", 4), ("zoom.us", "vendor", 3), ("atlassian.net", "vendor", 4),
    ("github.com", "vendor", 3), ("microsoft.com", "vendor", 6), ("linkedin.com", "newsletter", 6), ("adobe.com", "vendor", 2),
    ("fedex.com", "vendor", 3), ("ups.com", "vendor", 3), ("dhl.com", "vendor", 3), ("amazon.com", "vendor", 3),
    ("news.techdigest.io", "newsletter", 5), ("e.marketwatch.com", "newsletter", 3), ("mailchimpapp.net", "bulk", 6),
    ("sendgrid.net", "bulk", 5), ("hubspotemail.net", "bulk", 4), ("eventbrite.com", "newsletter", 2),
    ("gmail.com", "partner", 4), ("outlook.com", "partner", 3), ("yahoo.com", "partner", 1),
    ("cheap-meds-online.ru", "spam", 1.5), ("lottery-winner-claim.top", "spam", 1), ("crypto-profit-now.xyz", "spam", 1.2),
    ("seo-rank-boost.biz", "spam", 1), ("invoice-portal-secure.com", "phish", 0.5), ("docu-sign-review.net", "phish", 0.4),
    ("microsoft-365-verify.com", "phish", 0.4), ("sharepoint-files-access.top", "phish", 0.3), ("dhl-delivery-notice.info", "phish", 0.3),
    ("payroll-update-hr.com", "phish", 0.2), ("secure-invoices-mail.xyz", "malware", 0.3), ("shipping-docs-archive.top", "malware", 0.2),
]
SENDER_LOCALS = ["info", "noreply", "no-reply", "support", "billing", "accounts", "sales", "news", "notifications",
                 "hello", "team", "service", "invoices", "ar", "orders", "updates", "security", "admin"]

SUBJECTS = {
    "partner": ["RE: {stem}", "FW: {stem}", "{stem} - follow up", "Meeting next week", "Quick question about {stem}",
                "Updated {stem}", "RE: RE: {stem}", "Signed contract", "Call notes", "Introductions", "Invoice {n:10000-99999}",
                "Purchase order {n:4000-9999}", "Shipment {n:100000-999999} update"],
    "vendor": ["Your receipt from {pick:Zoom|Adobe|Atlassian|GitHub}", "Please DocuSign: {stem}", "[JIRA] ({pick:OPS|FIN|ENG}-{n:100-999}) {stem}",
               "Your {pick:Microsoft|Azure} invoice is ready", "Tracking number {n:100000000-999999999}", "Password reset request",
               "Security alert for your account", "Your order has shipped", "Welcome to {pick:Zoom|Slack|Salesforce}",
               "Your order {pick:ORD|PO|W}{n:100000000-999999999} has shipped", "License renewal notice LIC{n:1000000000-9999999999}",
               "Your free trial {pick:TR|ZT}{n:100000000-999999999} ends soon"],
    "newsletter": ["Weekly digest: {stem}", "This week in tech", "5 trends shaping logistics", "Your network update",
                   "Invitation: webinar on {stem}", "Top stories for you", "Monthly newsletter"],
    "bulk": ["Don't miss our spring sale", "Last chance: 40% off", "New features you'll love", "Your {n:2-9} unread notifications",
             "Exclusive offer for {given}", "Join us at the summit"],
    "spam": ["You have won $1,000,000!!!", "Lose weight fast", "Cheap pharmacy - 80% off", "Make money from home",
             "Crypto investment opportunity", "URGENT business proposal", "Your SEO ranking report"],
    "phish": ["Action required: verify your mailbox", "Your password expires today", "Shared document: {stem}",
              "You have {n:2-9} undelivered messages", "Invoice {n:10000-99999} overdue - payment required",
              "DHL: parcel held at customs", "HR: updated payroll information required", "Voicemail received from +1 {n:200-999} {n:100-999}-{n:1000-9999}"],
    "malware": ["Invoice {n:10000-99999}", "Remittance advice", "Shipping documents", "Scanned document {n:1000-9999}",
                "Payment confirmation", "Statement of account"],
    "internal": ["RE: {stem}", "{stem}", "FW: {stem}", "Team lunch Friday", "Reminder: timesheets due", "Out of office",
                 "Please review: {stem}", "Updated {stem}", "IT maintenance this weekend", "Welcome our new colleague",
                 "Quarterly all-hands", "Action items from today", "Holiday schedule"],
    "outbound": ["RE: {stem}", "{stem}", "FW: {stem}", "Proposal: {stem}", "Invoice {n:10000-99999}", "Meeting follow-up",
                 "Quote request", "Thank you"],
}

ATTACHMENTS = {
    "business": [("{stem}.pdf", "pdf", 10), ("{stem}.docx", "docx", 6), ("{stem}.xlsx", "xlsx", 6), ("{stem}.pptx", "pptx", 2),
                 ("image00{n:1-9}.png", "png", 8), ("Outlook-{hex:8}.png", "png", 4), ("{stem}.zip", "zip", 1),
                 ("{stem}.csv", "csv", 1), ("invite.ics", "ics", 2), ("{stem}.msg", "msg", 0.5)],
    "malicious": [("Invoice_{n:1000-9999}.zip", "zip", 3), ("{stem}.html", "html", 3), ("Remittance_{n:1000-9999}.htm", "html", 2),
                  ("scan_{n:100-999}.iso", "iso", 1), ("{stem}.docm", "docm", 2), ("Statement_{n:100-999}.xlsm", "xlsm", 1.5),
                  ("{stem}.one", "one;onenote", 1), ("payment_{n:100-999}.js", "js", 1), ("DHL_Shipment_{n:10000-99999}.img", "img", 0.5),
                  ("{stem}.lnk", "lnk", 0.3), ("setup_{hex:6}.exe", "exe", 0.2), ("{stem}.vbs", "vbs", 0.2), ("order_{n:100-999}.jnlp", "jnlp", 0.1)],
}

URL_TEMPLATES = {
    "partner": ["https://{tenant}.sharepoint.com/:{pick:w|x|b}:/r/{site_url}/Shared%20Documents/{stem}", "https://www.{pick:northbridge-supply.com|atlas-freight.com}/portal/orders/{n:1000-9999}"],
    "vendor": ["https://{pick:zoom.us/j/{n:10000000-99999999}|www.docusign.net/Signing/EmailStart.aspx?a={guid}|github.com/{tenant}/api/pull/{n:10-999}|{tenant}.atlassian.net/browse/OPS-{n:100-999}}"],
    "newsletter": ["https://{pick:news.techdigest.io|e.marketwatch.com|www.linkedin.com}/{pick:article|story|comm/feed}/{n:100000-999999}",
                   "https://click.{pick:mailchimpapp.net|sendgrid.net}/ls/click?upn={hex:24}"],
    "bulk": ["https://click.{pick:mailchimpapp.net|sendgrid.net|hubspotemail.net}/ls/click?upn={hex:32}", "https://www.{pick:eventbrite.com|adobe.com}/e/{n:100000-999999}",
             "https://t.{pick:e.marketwatch.com|news.techdigest.io|info.hubspotemail.net}/r/?id={hex:12},{hex:8},{n:1000-9999}"],
    "spam": ["http://{pick:cheap-meds-online.ru|lottery-winner-claim.top|crypto-profit-now.xyz|seo-rank-boost.biz}/{pick:offer|claim|go|lp}?id={n:1000-9999}"],
    "phish": ["https://{pick:microsoft-365-verify.com|sharepoint-files-access.top|docu-sign-review.net|invoice-portal-secure.com|dhl-delivery-notice.info|payroll-update-hr.com}/{pick:login|auth|verify|secure/session|doc/view}?id={hex:10}",
              "https://{pick:storage.googleapis.com|firebasestorage.googleapis.com|{hex:8}.ipfs.dweb.link|forms.office.com}/{pick:o365|sso|review}/{hex:12}.html"],
    "malware": ["https://{pick:secure-invoices-mail.xyz|shipping-docs-archive.top}/d/{hex:12}", "https://{pick:docs-viewer-online.xyz|mediafire-download.cf}/file/{hex:10}/{stem}.zip"],
    "internal": ["https://{tenant}.sharepoint.com/{site_url}/SitePages/{pick:Home|News|Policies|Benefits}.aspx", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_{hex:32}%40thread.v2/0"],
    "outbound": ["https://{tenant}.sharepoint.com/:{pick:w|x|b}:/s/{pick:Sales|Projects}/{hex:22}"],
}

THREAT_NAMES = {"malware": ["Trojan:HTML/Phish.AN!MTB", "TrojanDownloader:JS/Nemucod", "Trojan:Win32/Qakbot.PE!MTB", "Trojan:O97M/Sadoca.C!ml",
                            "Trojan:Win32/AgentTesla!ml", "TrojanDownloader:O97M/Emotet.RV!MTB"],
                "phish": ["Phish", ""]}
DETECTION_METHODS = {
    "Phish": ['{{"Phish":["URL detonation reputation"]}}', '{{"Phish":["Advanced filter"]}}', '{{"Phish":["URL malicious reputation"]}}',
              '{{"Phish":["Impersonation domain"]}}', '{{"Phish":["Spoof DMARC"]}}', '{{"Phish":["General filter"]}}'],
    "Malware": ['{{"Malware":["File detonation"]}}', '{{"Malware":["Antimalware protection"]}}', '{{"Malware":["File reputation"]}}',
                '{{"Malware":["URL detonation"]}}'],
    "Spam": ['{{"Spam":["Advanced filter"]}}', '{{"Spam":["Bulk"]}}', '{{"Spam":["Mixed analysis detection"]}}', '{{"Spam":["Fingerprint matching"]}}'],
}
