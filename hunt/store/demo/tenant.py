"""The demo tenant's cast: the company, its sites, people, accounts, devices and the
Internet around it. Built once per run from the seed (entities, not events: a Python loop
per person or device is fine here; every per-event path is vectorised elsewhere).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import numpy as np

from hunt.store.demo.config import DemoConfig
from hunt.store.demo.ids import Ids
from hunt.store.demo.vocab import names as N
from hunt.store.demo.vocab import web as W

US = 1_000_000                    # microseconds per second
DAY_US = 86_400 * US
EPOCH = _dt.datetime(1970, 1, 1)


def parse_end(text: str) -> _dt.datetime:
    """An ISO 8601 time (date or date-time, 'Z' or offset) → naive UTC datetime."""
    t = text.strip()
    if t.endswith(("Z", "z")):
        t = t[:-1] + "+00:00"
    try:
        value = _dt.datetime.fromisoformat(t)
    except ValueError:
        raise ValueError(f"'{text}' is not an ISO 8601 time (e.g. 2026-11-01T00:00:00Z)") \
            from None
    if value.tzinfo is not None:
        value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return value


def to_us(t: _dt.datetime) -> int:
    return int((t - EPOCH) / _dt.timedelta(microseconds=1))


def from_us(v: int) -> _dt.datetime:
    return EPOCH + _dt.timedelta(microseconds=int(v))


def iso(v_us: int) -> str:
    return from_us(v_us).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# -- device classes and roles ---------------------------------------------------------------
WS, SRV, DC, LNX, MAC = 0, 1, 2, 3, 4
CLASS_NAMES = ["ws", "srv", "dc", "lnx", "mac"]

# account kinds
K_SYSTEM, K_LOCALSVC, K_NETSVC, K_DWM, K_UMFD, K_USER, K_ADMIN, K_SERVICE, K_GUEST, K_LOCAL, \
    K_ROOT = range(11)

SERVER_ROLES = ["file", "sql", "web", "app", "backup", "print", "adsync", "ca", "jump", "exch"]


@dataclass
class Accounts:
    sam: list = field(default_factory=list)          # AccountName (lower case)
    domain: list = field(default_factory=list)       # AccountDomain (lower case NetBIOS)
    sid: list = field(default_factory=list)
    upn: list = field(default_factory=list)
    oid: list = field(default_factory=list)          # Entra object id ('' for local)
    display: list = field(default_factory=list)
    given: list = field(default_factory=list)
    surname: list = field(default_factory=list)
    kind: list = field(default_factory=list)
    dept: list = field(default_factory=list)
    title: list = field(default_factory=list)
    site: list = field(default_factory=list)
    manager: list = field(default_factory=list)
    enabled: list = field(default_factory=list)
    created_us: list = field(default_factory=list)
    owner: list = field(default_factory=list)        # admin account → its person; local → device
    groups: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    phone: list = field(default_factory=list)
    employee_id: list = field(default_factory=list)
    pwd_last_set_us: list = field(default_factory=list)

    def __len__(self):
        return len(self.sam)

    def add(self, **kw) -> int:
        i = len(self.sam)
        for name in self.__dataclass_fields__:
            getattr(self, name).append(kw.get(name, _ACCOUNT_DEFAULTS.get(name, "")))
        return i


_ACCOUNT_DEFAULTS = {"manager": -1, "enabled": True, "created_us": 0, "owner": -1, "site": 0,
                     "groups": (), "roles": (), "pwd_last_set_us": 0}


@dataclass
class Devices:
    name: list = field(default_factory=list)         # FQDN, lower case
    short: list = field(default_factory=list)
    id: list = field(default_factory=list)           # 40 hex
    aad_id: list = field(default_factory=list)
    cls: list = field(default_factory=list)
    role: list = field(default_factory=list)
    os_platform: list = field(default_factory=list)
    os_version: list = field(default_factory=list)
    os_build: list = field(default_factory=list)
    os_arch: list = field(default_factory=list)
    os_distribution: list = field(default_factory=list)
    ip: list = field(default_factory=list)
    ip6: list = field(default_factory=list)
    mac: list = field(default_factory=list)
    site: list = field(default_factory=list)
    user: list = field(default_factory=list)         # primary user account, -1 for none
    local_admin: list = field(default_factory=list)  # local administrator account index
    model: list = field(default_factory=list)
    vendor: list = field(default_factory=list)
    device_type: list = field(default_factory=list)  # Workstation / Server
    machine_group: list = field(default_factory=list)
    join_type: list = field(default_factory=list)
    weight: list = field(default_factory=list)       # relative activity
    internet_facing: list = field(default_factory=list)
    has: list = field(default_factory=list)          # optional software keys installed

    def __len__(self):
        return len(self.name)


@dataclass
class Site:
    code: str
    city: str
    state: str
    country: str
    iso: str
    tz: int
    lat: str
    lon: str
    index: int
    public_ips: list
    subnet: int                                       # second octet of 10.x.0.0/16


class Tenant:
    """Everything that exists before the first event: built from a DemoConfig."""

    def __init__(self, cfg: DemoConfig, end: _dt.datetime):
        self.cfg = cfg
        self.ids = Ids(cfg.seed)
        self.rng = np.random.default_rng([cfg.seed, 1])
        self.end_us = to_us(end)
        self.start_us = self.end_us - cfg.days * DAY_US
        self._org()
        self._sites()
        self._accounts()
        self._devices()
        self._internet()

    # -- organisation ------------------------------------------------------------------------
    def _org(self):
        o = N.ORGANISATIONS[self.cfg.seed % len(N.ORGANISATIONS)]
        self.org_name, self.mail_domain, self.netbios, self.ad_domain = o
        self.domain = self.netbios.lower()                       # AccountDomain
        self.tenant_short = self.mail_domain.split(".")[0].replace("-", "")
        self.onmicrosoft = f"{self.tenant_short}.onmicrosoft.com"
        self.tenant_id = self.ids.guid("tenant")
        self.domain_sid = "S-1-5-21-{}-{}-{}".format(self.ids.integer(10**9, 4 * 10**9, "sid1"),
                                                    self.ids.integer(10**9, 4 * 10**9, "sid2"),
                                                    self.ids.integer(10**8, 4 * 10**9, "sid3"))
        self.prefix = "".join(w[0] for w in self.org_name.split()).lower() + \
            self.org_name.split()[0][1].lower()

    def _sites(self):
        n_sites = 3 if self.cfg.users < 150 else 4 if self.cfg.users < 1000 else len(N.SITES)
        first = self.ids.integer(0, 2, "hq")
        chosen = [N.SITES[0]] + [N.SITES[i] for i in range(1, len(N.SITES))][first:first + n_sites - 1]
        self.sites = []
        for i, s in enumerate(chosen[:n_sites]):
            pubs = [self.ids.public_ip(["63.64.0.0/10", "12.0.0.0/8", "67.128.0.0/12",
                                        "81.128.0.0/11", "84.80.0.0/12"], "site", i, k)
                    for k in range(2)]
            self.sites.append(Site(*s, index=i, public_ips=pubs, subnet=10 + i * 10))
        # people sit mostly at the first two sites
        w = np.array([0.45, 0.3, 0.15, 0.1, 0.05, 0.05][:len(self.sites)])
        self.site_weights = w / w.sum()
        self.tz = self.sites[0].tz

    # -- accounts ----------------------------------------------------------------------------
    def _accounts(self):
        ids, rng, cfg = self.ids, self.rng, self.cfg
        A = Accounts()
        for sam, dom, sid, disp, kind in [
                ("system", "nt authority", "S-1-5-18", "SYSTEM", K_SYSTEM),
                ("local service", "nt authority", "S-1-5-19", "LOCAL SERVICE", K_LOCALSVC),
                ("network service", "nt authority", "S-1-5-20", "NETWORK SERVICE", K_NETSVC),
                ("dwm-1", "window manager", "S-1-5-90-0-1", "DWM-1", K_DWM),
                ("umfd-0", "font driver host", "S-1-5-96-0-0", "UMFD-0", K_UMFD),
                ("root", "", "", "root", K_ROOT)]:
            A.add(sam=sam, domain=dom, sid=sid, display=disp, kind=kind)
        self.acc_system, self.acc_localsvc, self.acc_netsvc, self.acc_dwm, self.acc_umfd, \
            self.acc_root = range(6)

        depts = N.DEPARTMENTS
        dw = np.array([d[1] for d in depts], dtype=float)
        dw /= dw.sum()
        used = set()
        created_lo = self.start_us - 6 * 365 * DAY_US
        people = []
        rid = 1100
        for i in range(cfg.users):
            g = N.GIVEN_NAMES[ids.integer(0, len(N.GIVEN_NAMES), "given", i)]
            s = N.SURNAMES[ids.integer(0, len(N.SURNAMES), "sur", i)]
            base = f"{g}.{s}".lower()
            local = base
            k = 2
            while local in used:
                local = f"{base}{k}"
                k += 1
            used.add(local)
            sam = (g[0] + s).lower()[:18]
            if sam in used:
                sam = (g[:2] + s).lower()[:17] + str(ids.integer(1, 9, "samdup", i))
            used.add(sam)
            d = int(rng.choice(len(depts), p=dw)) if i >= 6 else [10, 4, 5, 1, 3, 0][i]
            dept, _, titles = depts[d]
            title = titles[ids.integer(0, len(titles), "title", i)]
            site = int(rng.choice(len(self.sites), p=self.site_weights))
            created = created_lo + ids.integer(0, 6 * 365 * DAY_US - 30 * DAY_US, "created", i)
            rid += 1 + ids.integer(0, 3, "rid", i)
            groups = ["Domain Users", "All Staff", f"{dept} Team"]
            if ids.unit("vpn", i) < 0.6:
                groups.append("VPN Users")
            if dept in ("IT", "Engineering"):
                groups.append("Remote Desktop Users")
            idx = A.add(sam=sam, domain=self.domain, sid=f"{self.domain_sid}-{rid}",
                        upn=f"{local}@{self.mail_domain}", oid=ids.guid("user", i),
                        display=f"{g} {s}", given=g, surname=s, kind=K_USER, dept=dept,
                        title=title, site=site, created_us=created, groups=tuple(groups),
                        phone=f"+1 206 555 {ids.integer(1000, 9999, 'ph', i)}",
                        employee_id=str(100000 + i * 7 + ids.integer(0, 7, "emp", i)),
                        pwd_last_set_us=self.start_us - ids.integer(DAY_US, 200 * DAY_US, "pwd", i),
                        enabled=ids.unit("enabled", i) > 0.015 or i < 50)
            people.append(idx)
        self.people = people
        # managers: someone of the same department, earlier in the list
        by_dept: dict[str, list[int]] = {}
        for p in people:
            by_dept.setdefault(A.dept[p], []).append(p)
        for p in people:
            peers = by_dept[A.dept[p]]
            if peers[0] != p:
                A.manager[p] = peers[ids.integer(0, max(1, min(len(peers), 4)), "mgr", p)]
                if A.manager[p] == p:
                    A.manager[p] = peers[0]
        # admin accounts for IT and Security staff
        self.admins = []
        it_people = [p for p in people if A.dept[p] in ("IT", "Security")] or people[:3]
        for j, p in enumerate(it_people[:max(3, len(people) // 40)]):
            rid += 1
            groups = ["Domain Users", "Domain Admins" if j < 3 else "Server Operators",
                      "Remote Desktop Users"]
            roles = [N.ENTRA_ROLES[0]] if j == 0 else [N.ENTRA_ROLES[min(j, len(N.ENTRA_ROLES) - 1)]]
            if j == 1:
                roles = ["Security Administrator", "Exchange Administrator"]
            a = A.add(sam=f"adm-{A.sam[p]}", domain=self.domain, sid=f"{self.domain_sid}-{rid}",
                      upn=f"adm-{A.upn[p]}", oid=ids.guid("admin", j),
                      display=f"{A.display[p]} (Admin)", given=A.given[p], surname=A.surname[p],
                      kind=K_ADMIN, dept=A.dept[p], title=A.title[p], site=A.site[p],
                      created_us=A.created_us[p], owner=p, groups=tuple(groups),
                      roles=tuple(roles), pwd_last_set_us=self.start_us - 20 * DAY_US)
            self.admins.append(a)
        # a few business users also hold light Entra roles
        for j, p in enumerate(people[6:12]):
            A.roles[p] = (N.ENTRA_ROLES[5 + j % 6],)
        self.service_accounts = []
        for j, name in enumerate(N.SERVICE_ACCOUNTS):
            rid += 1
            a = A.add(sam=name, domain=self.domain, sid=f"{self.domain_sid}-{rid}",
                      upn=f"{name}@{self.mail_domain}", oid=ids.guid("svc", j),
                      display=name, kind=K_SERVICE, dept="IT", title="Service Account",
                      groups=("Domain Users", "Service Accounts"),
                      created_us=created_lo + j * 30 * DAY_US,
                      pwd_last_set_us=created_lo + j * 30 * DAY_US)
            self.service_accounts.append(a)
        self.guests = []
        ext = ["gmail.com", "outlook.com", "partner-consulting.com", "auditfirm.com"]
        for j in range(max(2, cfg.users // 50)):
            g = N.GIVEN_NAMES[ids.integer(0, len(N.GIVEN_NAMES), "gg", j)]
            s = N.SURNAMES[ids.integer(0, len(N.SURNAMES), "gs", j)]
            dom = ext[j % len(ext)]
            mail = f"{g}.{s}@{dom}".lower()
            a = A.add(sam=f"{g}.{s}_{dom.replace('.', '_')}#ext#".lower(), domain="",
                      sid="", upn=f"{mail.replace('@', '_')}#EXT#@{self.onmicrosoft}",
                      oid=ids.guid("guest", j), display=f"{g} {s} (Guest)", given=g, surname=s,
                      kind=K_GUEST, dept="", title="", created_us=self.start_us - 90 * DAY_US,
                      roles=(("Global Reader",) if j == 0 else ()))
            self.guests.append(a)
        self.accounts = A

    # -- devices -----------------------------------------------------------------------------
    def _devices(self):
        ids, cfg = self.ids, self.cfg
        A, D = self.accounts, Devices()
        n = cfg.devices
        n_dc = 2 if n < 400 else 3 if n < 2000 else 4
        n_srv = max(len(SERVER_ROLES), n // 14)
        n_lnx = max(2, n // 60)
        n_mac = max(1, n // 25)
        n_ws = max(3, n - n_dc - n_srv - n_lnx - n_mac)
        p = self.prefix
        plan = ([(DC, "dc")] * n_dc +
                [(SRV, SERVER_ROLES[i % len(SERVER_ROLES)]) for i in range(n_srv)] +
                [(LNX, ["web", "db", "app", "ci"][i % 4]) for i in range(n_lnx)] +
                [(MAC, "")] * n_mac + [(WS, "")] * n_ws)
        plan = plan[:max(n, len(plan))]
        role_counts: dict[str, int] = {}
        srv_count: dict[int, int] = {}
        ws_count: dict[int, int] = {}
        people = self.people
        ws_user = 0
        for i, (cls, role) in enumerate(plan):
            site = 0 if i % 3 else int(ids.integer(0, len(self.sites), "dsite", i))
            user = -1
            if cls in (WS, MAC):
                user = people[ws_user % len(people)]
                ws_user += 1
                site = A.site[user]
            role_counts[role] = role_counts.get(role, 0) + 1
            k = role_counts[role]
            if cls == DC:
                short = f"{p}-dc{k:02d}"
            elif cls == SRV:
                short = f"{p}-{role}{k:02d}"
            elif cls == LNX:
                short = f"{p}-lnx-{role}{k:02d}"
            elif cls == MAC:
                short = f"{p}-mac-{i:04d}"
            else:
                short = f"{p}-{'lt' if ids.unit('lt', i) < 0.7 else 'dt'}-{i:04d}"
            fqdn = f"{short}.{self.ad_domain}" if cls != LNX else short
            s = self.sites[site]
            if cls in (DC, SRV, LNX):
                srv_count[site] = srv_count.get(site, 0) + 1
                k2 = srv_count[site]
                ip = f"10.{s.subnet + k2 // 200}.100.{10 + k2 % 200}"
            else:
                ws_count[site] = ws_count.get(site, 0) + 1
                k2 = ws_count[site]
                ip = f"10.{s.subnet + 1 + k2 // 230}.{1 + (k2 // 230) % 3}.{20 + k2 % 230}"
            D.name.append(fqdn)
            D.short.append(short)
            D.id.append(ids.hex(40, "device", i))
            D.aad_id.append(ids.guid("aad", i) if cls in (WS, MAC, SRV) else "")
            D.cls.append(cls)
            D.role.append(role)
            if cls == WS:
                win11 = ids.unit("w11", i) < 0.55
                D.os_platform.append("Windows11" if win11 else "Windows10")
                D.os_version.append("10.0")
                D.os_build.append(22631 if win11 else 19045)
                D.os_distribution.append("")
                D.model.append(["Latitude 7440", "Latitude 5540", "ThinkPad T14 Gen 4",
                                "EliteBook 840 G10", "Surface Laptop 5", "OptiPlex 7010"][i % 6])
                D.vendor.append(["Dell Inc.", "Dell Inc.", "LENOVO", "HP", "Microsoft Corporation",
                                 "Dell Inc."][i % 6])
            elif cls in (SRV, DC):
                y22 = ids.unit("s22", i) < 0.6
                D.os_platform.append("WindowsServer2022" if y22 else "WindowsServer2019")
                D.os_version.append("10.0")
                D.os_build.append(20348 if y22 else 17763)
                D.os_distribution.append("")
                D.model.append("Virtual Machine")
                D.vendor.append("Microsoft Corporation")
            elif cls == LNX:
                D.os_platform.append("Linux")
                D.os_version.append("22.04")
                D.os_build.append(0)
                D.os_distribution.append("Ubuntu")
                D.model.append("Virtual Machine")
                D.vendor.append("Microsoft Corporation")
            else:
                D.os_platform.append("macOS")
                D.os_version.append("14.3")
                D.os_build.append(0)
                D.os_distribution.append("")
                D.model.append("MacBookPro18,3")
                D.vendor.append("Apple Inc.")
            D.os_arch.append("64-bit")
            D.ip.append(ip)
            D.ip6.append("fe80::" + ids.hex(4, "ip6a", i) + ":" + ids.hex(4, "ip6b", i) + ":" +
                         ids.hex(4, "ip6c", i) + ":" + ids.hex(4, "ip6d", i))
            mac = ids.hex(12, "mac", i)
            D.mac.append("-".join(mac[j:j + 2] for j in range(0, 12, 2)).upper())
            D.site.append(site)
            D.user.append(user)
            D.device_type.append("Workstation" if cls in (WS, MAC) else "Server")
            D.machine_group.append({WS: "Workstations", MAC: "macOS", DC: "Domain Controllers",
                                    SRV: "Servers", LNX: "Linux Servers"}[cls])
            D.join_type.append("Hybrid Azure AD Join" if cls == WS else
                               "Azure AD Registered" if cls == MAC else "Domain Joined"
                               if cls in (SRV, DC) else "")
            w = float(np.exp(ids.unit("dw", i) * 1.6 - 0.8))
            if cls in (SRV, DC):
                w *= 2.2 if role in ("file", "sql", "exch", "web", "dc") else 1.3
            D.weight.append(w)
            D.internet_facing.append(cls in (SRV, LNX) and role in ("web", "exch"))
            has = set()
            if cls == WS:
                u = lambda k: ids.unit(k, i)  # noqa: E731
                if u("chrome") < 0.55: has.add("chrome")
                if u("firefox") < 0.08: has.add("firefox")
                if u("zoom") < 0.35: has.add("zoom")
                if u("slack") < 0.2: has.add("slack")
                if u("acro") < 0.6: has.add("acrord32")
                if u("7z") < 0.3: has.add("7zip")
                if u("tv") < 0.05: has.add("teamviewer")
                if u("ad") < 0.02: has.add("anydesk")
                if u("ccm") < 0.5: has.add("ccmexec")
                else: has.add("intune")
                dept = A.dept[user] if user >= 0 else ""
                if dept in ("Engineering",) or (dept == "IT" and u("dev") < 0.5):
                    has.update({"dev", "git", "python", "code"})
                    if u("dock") < 0.5: has.add("docker")
                    if u("wsl") < 0.4: has.add("wsl")
                    if u("java") < 0.3: has.add("java")
                if dept in ("IT", "Security"):
                    has.update({"sysinternals", "admintools", "putty"})
                    if u("nmap") < 0.4: has.add("nmap")
                    if u("wsh") < 0.3: has.add("wireshark")
            if cls == SRV and ids.unit("ccm", i) < 0.7:
                has.add("ccmexec")
            if cls == SRV and role == "backup":
                has.add("veeam")
            if cls == SRV and role == "web":
                has.add("tomcat" if ids.unit("tc", i) < 0.5 else "iis")
            D.has.append(frozenset(has))
        self.devices = D
        # a local administrator account for every Windows device
        for i in range(len(D)):
            if D.cls[i] in (WS, SRV, DC):
                sam = "administrator" if D.cls[i] != WS else "localadmin"
                msid = "S-1-5-21-{}-{}-{}".format(ids.integer(10**9, 4 * 10**9, "m1", i),
                                                  ids.integer(10**9, 4 * 10**9, "m2", i),
                                                  ids.integer(10**8, 4 * 10**9, "m3", i))
                a = A.add(sam=sam, domain=D.short[i], sid=f"{msid}-500", display=sam,
                          kind=K_LOCAL, owner=i)
            else:
                a = self.acc_root if D.cls[i] == LNX else -1
            D.local_admin.append(a)
        self.n_dc = n_dc
        self.dcs = [i for i in range(len(D)) if D.cls[i] == DC]
        self.servers = [i for i in range(len(D)) if D.cls[i] == SRV]
        self.workstations = [i for i in range(len(D)) if D.cls[i] == WS]
        self.device_of_user: dict[int, int] = {}
        for i in range(len(D)):
            if D.user[i] >= 0:
                self.device_of_user.setdefault(D.user[i], i)
        self.role_devices: dict[str, list[int]] = {}
        for i in range(len(D)):
            self.role_devices.setdefault(D.role[i] or CLASS_NAMES[D.cls[i]], []).append(i)
        # admin workstation: the first IT person's device
        it = [p for p in self.people if A.dept[p] == "IT"]
        self.admin_ws = [self.device_of_user[p] for p in it if p in self.device_of_user][:3] or \
            self.workstations[:1]

    # -- Internet ----------------------------------------------------------------------------
    def _internet(self):
        ids = self.ids
        self.domain_ips: dict[str, list[str]] = {}

        def ips(domain, provider, k=2):
            if domain not in self.domain_ips:
                prefixes = W.PROVIDERS.get(provider, W.PROVIDERS["misc"])
                self.domain_ips[domain] = [ids.public_ip(prefixes, "dom", domain, j)
                                           for j in range(k)]
            return self.domain_ips[domain]

        for d, prov, _ in W.BROWSING:
            ips(d, prov, 3)
        for group, domains in W.SERVICE.items():
            prov = W.SERVICE_PROVIDER.get(group, "microsoft")
            for d in domains:
                ips(self.expand(d), prov)
        for d, prov in W.SUSPICIOUS:
            ips(d, prov, 1)
        for d in W.PASTE_AND_SHARE + W.WEBMAIL:
            ips(d, "cloudflare")
        self.ip_of = ips

    def expand(self, text: str) -> str:
        return text.replace("{tenant}", self.tenant_short)

    # -- helpers -----------------------------------------------------------------------------
    def site_of_device(self, i: int) -> Site:
        return self.sites[self.devices.site[i]]

    def day_starts(self) -> list[int]:
        """Start (µs) of every calendar day (UTC) the period touches."""
        first = self.start_us - self.start_us % DAY_US
        out = []
        d = first
        while d < self.end_us:
            out.append(d)
            d += DAY_US
        return out
