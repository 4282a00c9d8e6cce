"""Internet destinations: who the demo tenant's devices and people talk to.

Domains carry a provider (which network their addresses come from) and a weight. The
suspicious ones are invented names; the popular ones are the ordinary Internet.
"""

PROVIDERS = {
    "microsoft": ["13.64.0.0/11", "20.33.0.0/16", "20.190.128.0/18", "40.96.0.0/13",
                  "52.96.0.0/12", "52.112.0.0/14", "204.79.197.0/24"],
    "google": ["142.250.0.0/15", "172.217.0.0/16", "216.58.192.0/19", "34.64.0.0/10"],
    "akamai": ["23.32.0.0/11", "104.64.0.0/10", "2.16.0.0/13"],
    "cloudflare": ["104.16.0.0/13", "172.64.0.0/13", "162.158.0.0/15"],
    "aws": ["3.208.0.0/12", "18.204.0.0/14", "52.0.0.0/11", "54.144.0.0/12"],
    "fastly": ["151.101.0.0/16", "199.232.0.0/16"],
    "github": ["140.82.112.0/20", "185.199.108.0/22"],
    "zoom": ["170.114.0.0/16", "206.247.0.0/16"],
    "meta": ["157.240.0.0/16", "31.13.64.0/18"],
    "misc": ["93.184.0.0/16", "151.139.0.0/16", "192.229.128.0/17", "199.59.148.0/22"],
    "hosting": ["45.32.0.0/16", "45.76.0.0/16", "64.227.0.0/16", "138.68.0.0/16",
                "159.65.0.0/16", "167.99.0.0/16", "5.252.176.0/21", "91.92.240.0/20",
                "194.26.29.0/24", "146.70.0.0/16", "80.66.88.0/22"],
}

# Browsing: (domain, provider, weight). Weighted by how much office staff visit them.
BROWSING = [
    ("www.office.com", "microsoft", 40), ("outlook.office.com", "microsoft", 60),
    ("www.bing.com", "microsoft", 25), ("www.google.com", "google", 70),
    ("www.youtube.com", "google", 20), ("mail.google.com", "google", 6),
    ("www.linkedin.com", "microsoft", 18), ("www.wikipedia.org", "misc", 10),
    ("en.wikipedia.org", "misc", 10), ("www.amazon.com", "aws", 10),
    ("www.salesforce.com", "aws", 9), ("login.salesforce.com", "aws", 7),
    ("www.reddit.com", "fastly", 6), ("www.nytimes.com", "fastly", 5),
    ("www.bbc.co.uk", "akamai", 5), ("www.cnn.com", "fastly", 4),
    ("www.weather.com", "akamai", 4), ("stackoverflow.com", "cloudflare", 8),
    ("github.com", "github", 9), ("docs.microsoft.com", "microsoft", 8),
    ("learn.microsoft.com", "microsoft", 10), ("www.microsoft.com", "microsoft", 12),
    ("support.microsoft.com", "microsoft", 4), ("portal.azure.com", "microsoft", 5),
    ("admin.microsoft.com", "microsoft", 2), ("security.microsoft.com", "microsoft", 2),
    ("www.dropbox.com", "aws", 3), ("app.box.com", "aws", 2),
    ("www.zoom.us", "zoom", 4), ("app.slack.com", "aws", 5), ("www.atlassian.com", "aws", 3),
    ("mycompany.atlassian.net", "aws", 6), ("www.adobe.com", "akamai", 3),
    ("www.canva.com", "cloudflare", 2), ("www.glassdoor.com", "cloudflare", 1),
    ("www.indeed.com", "cloudflare", 1), ("www.ups.com", "akamai", 3),
    ("www.fedex.com", "akamai", 3), ("www.dhl.com", "akamai", 3), ("www.maersk.com", "akamai", 2),
    ("news.ycombinator.com", "misc", 1), ("www.espn.com", "akamai", 2),
    ("www.paypal.com", "akamai", 1), ("docs.google.com", "google", 4),
    ("drive.google.com", "google", 3), ("translate.google.com", "google", 2),
    ("chat.openai.com", "cloudflare", 3), ("copilot.microsoft.com", "microsoft", 3),
    ("www.x.com", "misc", 2), ("www.facebook.com", "meta", 2), ("www.instagram.com", "meta", 1),
    ("web.whatsapp.com", "meta", 2), ("pastebin.com", "cloudflare", 0.15),
    ("wetransfer.com", "aws", 0.5), ("mega.nz", "misc", 0.1), ("www.speedtest.net", "akamai", 0.5),
]

# Background services of software on the devices: (domain, provider)
SERVICE = {
    "defender": ["winatp-gw-eus.microsoft.com", "winatp-gw-cus.microsoft.com",
                 "us-v20.events.data.microsoft.com", "eu-v20.events.data.microsoft.com",
                 "x.cp.wd.microsoft.com", "unitedstates.x.cp.wd.microsoft.com",
                 "definitionupdates.microsoft.com", "wdcp.microsoft.com",
                 "automatedirstrprdeus.blob.core.windows.net"],
    "windows": ["settings-win.data.microsoft.com", "v10.events.data.microsoft.com",
                "ctldl.windowsupdate.com", "fe3cr.delivery.mp.microsoft.com",
                "slscr.update.microsoft.com", "dl.delivery.mp.microsoft.com",
                "login.live.com", "arc.msn.com", "www.msftconnecttest.com",
                "time.windows.com", "crl.microsoft.com", "ocsp.digicert.com",
                "displaycatalog.mp.microsoft.com", "client.wns.windows.com"],
    "office": ["officeclient.microsoft.com", "ecs.office.com", "nexusrules.officeapps.live.com",
               "roaming.officeapps.live.com", "officecdn.microsoft.com",
               "self.events.data.microsoft.com", "messaging.engagement.office.com"],
    "outlook": ["outlook.office365.com", "substrate.office.com", "attachments.office.net",
                "outlook.office.com"],
    "teams": ["teams.microsoft.com", "teams.events.data.microsoft.com",
              "api.flightproxy.teams.microsoft.com", "presence.teams.microsoft.com",
              "statics.teams.cdn.office.net"],
    "onedrive": ["{tenant}-my.sharepoint.com", "{tenant}.sharepoint.com",
                 "g.live.com", "oneclient.sfx.ms", "skyapi.live.net"],
    "auth": ["login.microsoftonline.com", "aadcdn.msauth.net", "login.windows.net",
             "device.login.microsoftonline.com", "enterpriseregistration.windows.net"],
    "intune": ["manage.microsoft.com", "enrollment.manage.microsoft.com",
               "fef.msuc03.manage.microsoft.com"],
    "edge": ["edge.microsoft.com", "config.edge.skype.com", "nav.smartscreen.microsoft.com",
             "msedge.b.tlu.dl.delivery.mp.microsoft.com", "ntp.msn.com"],
    "chrome": ["update.googleapis.com", "clients2.google.com", "safebrowsing.googleapis.com",
               "accounts.google.com", "optimizationguide-pa.googleapis.com"],
    "firefox": ["aus5.mozilla.org", "firefox.settings.services.mozilla.com",
                "incoming.telemetry.mozilla.org"],
    "zoom": ["zoom.us", "us04web.zoom.us", "log.zoom.us"],
    "slack": ["slack.com", "edgeapi.slack.com", "wss-primary.slack.com"],
    "adobe": ["acroipm2.adobe.com", "geo2.adobe.com", "cc-api-data.adobe.io"],
    "dev": ["github.com", "api.github.com", "raw.githubusercontent.com", "objects.githubusercontent.com",
            "pypi.org", "files.pythonhosted.org", "registry.npmjs.org", "api.nuget.org",
            "marketplace.visualstudio.com", "update.code.visualstudio.com", "hub.docker.com",
            "download.docker.com", "dev.azure.com"],
    "teamviewer": ["router15.teamviewer.com", "master5.teamviewer.com", "client.teamviewer.com"],
    "anydesk": ["relay-1a2b3c4d.net.anydesk.com", "boot.net.anydesk.com"],
    "linux": ["archive.ubuntu.com", "security.ubuntu.com", "packages.microsoft.com",
              "api.snapcraft.io", "ntp.ubuntu.com"],
    "mac": ["swscan.apple.com", "gdmf.apple.com", "mesu.apple.com", "api.apple-cloudkit.com",
            "gateway.icloud.com"],
    "mdi": ["{tenant}sensorapi.atp.azure.com", "{tenant}.atp.azure.com"],
    "veeam": ["repository.veeam.com", "vbr.veeam.com"],
    "p2p": ["torrent.ubuntu.com", "tracker.opentrackr.org", "bttracker.debian.org", "dht.transmissionbt.com"],
    "telegram": ["api.telegram.org", "web.telegram.org", "core.telegram.org", "cdn4.telegram-cdn.org"],
    "dropbox": ["client.dropbox.com", "d.dropbox.com", "bolt.dropbox.com", "content.dropboxapi.com"],
    "adsync": ["adminwebservice.microsoftonline.com", "provisioningapi.microsoftonline.com",
               "login.microsoftonline.com"],
}

SERVICE_PROVIDER = {
    "google": "google", "chrome": "google", "firefox": "fastly", "zoom": "zoom", "slack": "aws",
    "adobe": "akamai", "dev": "github", "teamviewer": "misc", "anydesk": "misc",
    "linux": "misc", "mac": "akamai", "veeam": "aws",
}

# Rare, dubious or malicious destinations seen in background noise (invented names)
SUSPICIOUS = [
    ("free-pdf-converter.xyz", "hosting"), ("cdn-update-service.top", "hosting"),
    ("docs-viewer-online.xyz", "hosting"), ("statcounter-metrics.tk", "hosting"),
    ("win-updates-check.ml", "hosting"), ("bestcoupons-deals.top", "hosting"),
    ("adserver-tracking.xyz", "hosting"), ("mediafire-download.cf", "hosting"),
    ("cryptomine-pool.ru", "hosting"), ("driver-booster-free.com", "hosting"),
    ("torrent-search.tk", "hosting"), ("file-share-secure.top", "hosting"),
]

PASTE_AND_SHARE = ["pastebin.com", "paste.ee", "transfer.sh", "anonfiles.com", "gofile.io",
                   "temp.sh", "api.telegram.org", "discord.com", "cdn.discordapp.com",
                   "ngrok-free.app", "trycloudflare.com", "raw.githubusercontent.com"]

# algorithmically generated names a loader cycles through (invented)
DGA = ["kqzvtrmwpl.tk", "hxwqnbfzua.tk", "pvlmzoqrte.tk", "wjdkgtsyxe.tk", "zrqhvbnmlo.tk", "ubtcqpwzen.tk",
       "oqmzxklpwa.top", "yrnvbcqlsd.top", "feqwzjtrkm.xyz", "lkxmqpzvno.xyz"]

WEBMAIL = ["mail.google.com", "outlook.live.com", "mail.yahoo.com", "mail.proton.me"]

# Common ports of outbound business traffic
WEB_PORTS = [(443, 92), (80, 8)]
