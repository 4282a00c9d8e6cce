"""The non-device families of a day: identity (Defender for Identity, Entra sign-ins), mail
(Defender for Office 365), cloud apps (Defender for Cloud Apps), alerts; the snapshot
tables (IdentityInfo, DeviceInfo, DeviceNetworkInfo, DeviceFileCertificateInfo); and the
file-intelligence store behind FileProfile().

People act when their device is on (the device family's on-windows), from the office's
public address, from home, or from a phone; every table names the same accounts, devices,
addresses and message ids.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from hunt.store.demo import tenant as TN
from hunt.store.demo.columns import (Strings, choose, const_str, dict_array, numeric, stable_order)
from hunt.store.demo.ids import guid_strings, hex_strings
from hunt.store.demo.templates import TemplateTable
from hunt.store.demo.vocab import cloud as VC
from hunt.store.demo.vocab import identity as VID
from hunt.store.demo.vocab import names as N
from hunt.store.demo.mailgen import MailGen
from hunt.store.demo.inventory import Inventory

US = TN.US
HOUR = 3600 * US


class Families:
    def __init__(self, gen):
        self.gen = gen
        t = self.t = gen.t
        self.r = gen.r
        self.cat = gen.catalog
        A, D = t.accounts, t.devices
        self.people = np.array(t.people, dtype=np.int64)
        self.acc = {k: Strings(getattr(A, k)) for k in ("sam", "domain", "upn", "sid", "oid", "display")}
        self.dev = {k: Strings(getattr(D, k)) for k in ("name", "short", "ip", "id")}
        self.user_dev = np.full(len(A), -1, dtype=np.int64)
        for a, d in t.device_of_user.items():
            self.user_dev[a] = d
        self._places()
        self.tables = {
            "IdentityLogonEvents": TemplateTable(self.r, self.cat.table("IdentityLogonEvents"), VID.IDENTITY_LOGON, self.acc, self.dev),
            "IdentityQueryEvents": TemplateTable(self.r, self.cat.table("IdentityQueryEvents"), VID.IDENTITY_QUERY, self.acc, self.dev),
            "IdentityDirectoryEvents": TemplateTable(self.r, self.cat.table("IdentityDirectoryEvents"), VID.IDENTITY_DIRECTORY, self.acc, self.dev),
            "CloudAppEvents": TemplateTable(self.r, self.cat.table("CloudAppEvents"), VC.CLOUD, self.acc, self.dev),
        }
        self.mail = MailGen(self)
        self.inventory = Inventory(self)
        apps = VID.APPS
        self.app_names = Strings([a[0] for a in apps])
        self.app_ids = Strings([a[1] for a in apps])
        self.app_w = np.array([a[2] for a in apps])
        self.ua = Strings([u[0] for u in VID.USER_AGENTS])
        self.ua_browser = Strings([u[1] for u in VID.USER_AGENTS])
        self.ua_os = Strings([u[2] for u in VID.USER_AGENTS])
        self.ua_w = np.array([u[3] for u in VID.USER_AGENTS])

    # -- places and addresses ------------------------------------------------------------------
    def _places(self):
        t, ids = self.t, self.t.ids
        A = t.accounts
        n = len(A)
        sites = t.sites
        # office egress, home ISP, phone carrier: one address each per person
        office_ip, home_ip, mobile_ip = [], [], []
        city, state, country, lat, lon, home_isp = [], [], [], [], [], []
        for a in range(n):
            s = sites[A.site[a]] if isinstance(A.site[a], int) else sites[0]
            office_ip.append(s.public_ips[a % len(s.public_ips)])
            home_ip.append(ids.public_ip(["24.0.0.0/12", "71.192.0.0/12", "73.0.0.0/11", "86.128.0.0/11", "98.192.0.0/11"], "home", a))
            mobile_ip.append(ids.public_ip(["172.56.0.0/14", "174.192.0.0/11", "208.54.0.0/16"], "mob", a))
            home_isp.append(N.ISPS_HOME[ids.integer(0, len(N.ISPS_HOME), "isp", a)])
            city.append(s.city)
            state.append(s.state)
            country.append(s.iso)
            lat.append(s.lat)
            lon.append(s.lon)
        self.ip_office, self.ip_home, self.ip_mobile = Strings(office_ip), Strings(home_ip), Strings(mobile_ip)
        self.city, self.state, self.country = Strings(city), Strings(state), Strings(country)
        self.lat, self.lon = Strings(lat), Strings(lon)
        self.home_isp = Strings(home_isp)
        self.corp_isp = Strings([f"{t.org_name} Corporate Network"])
        # addresses of background noise from the Internet (password guessing, scanners)
        self.noise_ips = Strings([ids.public_ip(["45.32.0.0/16", "185.100.84.0/22", "91.92.240.0/20", "194.26.29.0/24",
                                                 "141.98.10.0/24", "80.94.95.0/24", "103.149.0.0/16"], "noise", i)
                                  for i in range(400)])
        fp = N.FOREIGN_PLACES
        self.noise_country = Strings([fp[i % len(fp)][3] for i in range(400)])
        self.noise_city = Strings([fp[i % len(fp)][0] for i in range(400)])

    # -- sampling people ----------------------------------------------------------------------------
    def user_activity(self, dday, a: int, b: int) -> np.ndarray:
        """Weight of each person (index into self.people) for [a, b): their device's time awake,
        a default working day for people without a device."""
        dev = self.user_dev[self.people]
        has = dev >= 0
        on = np.where(has, dday.on[np.maximum(dev, 0)], dday.day_start + (8 - self.t.tz) * HOUR)
        off = np.where(has, dday.off[np.maximum(dev, 0)], dday.day_start + (17 - self.t.tz) * HOUR)
        wd = int((dday.day_start // TN.DAY_US + 3) % 7)
        if wd >= 5:
            off = np.where(has, off, on)
        on = np.clip(on, dday.lo, dday.hi)
        off = np.clip(off, dday.lo, dday.hi)
        o = np.clip(np.minimum(off, b) - np.maximum(on, a), 0, None).astype(np.float64)
        # a little activity outside working hours (phones, evenings)
        o += (b - a) * 0.02
        return o, on, off

    def sample_people(self, rng, n: int, dday, a: int, b: int):
        w, on, off = self.user_activity(dday, a, b)
        k = choose(rng, n, w)
        s = np.maximum(on[k], a)
        e = np.minimum(off[k], b)
        inside = e > s
        t = np.where(inside, s + (rng.random(n) * np.maximum(e - s, 1)).astype(np.int64),
                     a + (rng.random(n) * (b - a)).astype(np.int64))
        acct = self.people[k]
        return acct, t, inside

    def day(self, day, dday) -> "FamilyDay":
        return FamilyDay(self, day, dday)

    def write_static(self, names) -> dict:
        return self.inventory.write_file_profile(names)


class FamilyDay:
    def __init__(self, fam: Families, day, dday):
        self.f, self.day, self.dday = fam, day, dday
        self.t = fam.t

    def rng(self, si: int, k: int):
        return np.random.default_rng([self.t.cfg.seed, 31, self.day.index, si, k])

    def slice(self, si: int, a: int, b: int, budgets: dict) -> dict:
        out = {}
        f = self.f
        out.update(self.identity(si, a, b, budgets))
        out.update(self.signins(si, a, b, budgets))
        out.update(f.mail.slice(self, si, a, b, budgets))
        out.update(self.cloud(si, a, b, budgets))
        out.update(f.inventory.alerts(self, si, a, b, budgets))
        return out

    def snapshots(self) -> dict:
        return self.f.inventory.snapshots(self)

    # -- context -----------------------------------------------------------------------------------
    def where_from(self, rng, acct: np.ndarray, at_office: np.ndarray) -> dict:
        """IP, ISP and place of each person's action: office, home or phone."""
        f = self.f
        n = len(acct)
        u = rng.random(n)
        office = at_office & (u < 0.75)
        mobile = ~office & (u > 0.85)
        ipi = np.where(office, 0, np.where(mobile, 2, 1))
        base = np.where(office, acct, np.where(mobile, acct + 2 * len(f.acc["sam"]), acct + len(f.acc["sam"])))
        ips = pa.concat_arrays([f.ip_office.array, f.ip_home.array, f.ip_mobile.array])
        isp = np.where(office, 0, np.where(mobile, 1, 2))
        isps = pa.array([f"{self.t.org_name}", "T-Mobile USA", ""])
        return {"ip": dict_array(base, ips), "ip_kind": ipi,
                "isp": pa.DictionaryArray.from_arrays(pa.array(np.where(isp == 2, 3 + acct, isp).astype(np.int32)),
                                                      pa.concat_arrays([isps, f.home_isp.array]), safe=False),
                "country": f.country.take(acct), "city": f.city.take(acct), "state": f.state.take(acct),
                "lat": f.lat.take(acct), "lon": f.lon.take(acct)}

    # -- Defender for Identity ---------------------------------------------------------------------
    def identity(self, si, a, b, budgets) -> dict:
        f, t = self.f, self.t
        out = {}
        dcs = np.array(t.dcs)
        for k, table in enumerate(("IdentityLogonEvents", "IdentityQueryEvents", "IdentityDirectoryEvents")):
            want = budgets.get(table, 0)
            if want <= 0:
                continue
            n = max(1, int(np.ceil(want / REPEAT[table])))
            rng = self.rng(si, 10 + k)
            acct, ts, inside = f.sample_people(rng, n, self.dday, a, b)
            tt = f.tables[table]
            kind = choose(rng, n, tt.weight)
            # some activity by admins and service accounts
            adm = rng.random(n) < 0.08
            if len(t.admins):
                acct = np.where(adm, np.array(t.admins)[rng.integers(0, len(t.admins), n)], acct)
            svc = rng.random(n) < 0.05
            acct = np.where(svc & (table == "IdentityLogonEvents"),
                            np.array(t.service_accounts)[rng.integers(0, len(t.service_accounts), n)], acct)
            dev = f.user_dev[acct]
            dev = np.where(dev >= 0, dev, np.array(t.workstations)[rng.integers(0, len(t.workstations), n)])
            owner = np.array(t.accounts.owner)[acct]
            dev = np.where((owner >= 0) & (np.array(t.accounts.kind)[acct] == TN.K_ADMIN),
                           np.array(t.admin_ws)[rng.integers(0, len(t.admin_ws), n)], dev)
            dc = dcs[rng.integers(0, len(dcs), n)]
            peer = dcs[(np.searchsorted(dcs, dc) + 1) % len(dcs)]
            tgt = np.array(t.servers + t.dcs)[rng.integers(0, len(t.servers) + len(t.dcs), n)]
            people = f.people
            tu = people[rng.integers(0, len(people), n)]
            param = rng.integers(0, 4096, n)
            place = self.where_from(rng, acct, inside)
            ctx = {"src": f.dev["name"].take(dev), "ip": f.dev["ip"].take(dev), "dc": f.dev["name"].take(dc),
                   "dc_ip": f.dev["ip"].take(dc), "dc_peer": f.dev["name"].take(peer), "dc_peer_ip": f.dev["ip"].take(peer),
                   "target": f.dev["name"].take(tgt), "target_upn": f.acc["upn"].take(tu),
                   "target_display": f.acc["display"].take(tu), "device_name": f.dev["name"].take(dev)}
            if table == "IdentityLogonEvents":
                cloud = np.array([tt.names[i] == "cloud_logon" for i in range(len(tt.names))])[kind]
                ctx["ip"] = _dict_where(cloud, place["ip"], ctx["ip"])
                ctx["country"] = place["country"]
                ctx["isp"] = _dict_where(cloud, place["isp"], const_str(n, "INTERNAL_NETWORK"))
                ctx["os"] = const_str(n, "Windows")
            cols = tt.build(rng, kind, acct, dev, param, ctx)
            out[table] = _replicate(rng, cols, ts, b, want, table, ("ReportId",))
        return out

    # -- Entra ID sign-ins ---------------------------------------------------------------------------
    def signins(self, si, a, b, budgets) -> dict:
        f, t = self.f, self.t
        want = budgets.get("EntraIdSignInEvents", 0)
        if want <= 0:
            return {}
        n = max(1, int(np.ceil(want / REPEAT["EntraIdSignInEvents"])))
        rng = self.rng(si, 20)
        acct, ts, inside = f.sample_people(rng, n, self.dday, a, b)
        guests = np.array(t.guests)
        g = rng.random(n) < 0.01
        if len(guests):
            acct = np.where(g, guests[rng.integers(0, len(guests), n)], acct)
        place = self.where_from(rng, acct, inside)
        app = choose(rng, n, f.app_w)
        ua = choose(rng, n, f.ua_w)
        errs = np.array([e for e, _ in VID.SIGNIN_ERRORS])
        err = errs[choose(rng, n, [w for _, w in VID.SIGNIN_ERRORS])]
        dev = f.user_dev[acct]
        has_dev = dev >= 0
        di = np.maximum(dev, 0)
        cols = {
            "Timestamp": numeric(ts, "datetime"), "Application": f.app_names.take(app), "ApplicationId": f.app_ids.take(app),
            "LogonType": pa.array(np.where(rng.random(n) < 0.3, '["interactiveUser"]', '["nonInteractiveUser"]')).dictionary_encode(),
            "EndpointCall": _pool(rng, n, VID.ENDPOINT_CALLS), "ErrorCode": numeric(err, "int"),
            "CorrelationId": guid_strings(rng, n), "SessionId": guid_strings(rng, n), "RequestId": guid_strings(rng, n),
            "AccountDisplayName": f.acc["display"].take(acct), "AccountObjectId": f.acc["oid"].take(acct),
            "AccountUpn": f.acc["upn"].take(acct), "IsExternalUser": numeric(g.astype(int), "int"), "IsGuestUser": numeric(g, "bool"),
            "LastPasswordChangeTimestamp": numeric(np.array(t.accounts.pwd_last_set_us)[acct], "datetime"),
            "ResourceDisplayName": f.app_names.take(app), "ResourceId": f.app_ids.take(app), "ResourceTenantId": const_str(n, t.tenant_id),
            "DeviceName": _masked(f.dev["name"], di, has_dev & (rng.random(n) < 0.8)),
            "OSPlatform": f.ua_os.take(ua), "DeviceTrustType": _masked(pa.array(["Hybrid Azure AD joined"]), np.zeros(n, np.int64), has_dev),
            "IsManaged": numeric(has_dev.astype(int), "int"), "IsCompliant": numeric(has_dev.astype(int), "int"),
            "AuthenticationProcessingDetails": const_str(n, '[{"key":"Legacy TLS (TLS 1.0, 1.1, 3DES)","value":"False"},{"key":"Oauth Scope Info","value":"[\\"openid\\",\\"profile\\",\\"email\\"]"}]'),
            "AuthenticationRequirement": pa.array(np.where(rng.random(n) < 0.25, "multiFactorAuthentication", "singleFactorAuthentication")).dictionary_encode(),
            "RiskLevelAggregated": numeric(np.where(rng.random(n) < 0.02, 10, 1), "int"),
            "RiskLevelDuringSignIn": numeric(np.where(rng.random(n) < 0.01, 10, 0), "int"),
            "RiskState": numeric(np.zeros(n, np.int64), "int"), "RiskEventTypes": const_str(n, "[]"),
            "UserAgent": f.ua.take(ua), "ClientAppUsed": _pool(rng, n, VID.CLIENT_APPS), "Browser": f.ua_browser.take(ua),
            "ConditionalAccessPolicies": const_str(n, '[{"id":"' + t.ids.guid("ca1") + '","displayName":"Require MFA for admins","result":"notApplied"},{"id":"' + t.ids.guid("ca2") + '","displayName":"Block legacy authentication","result":"success"}]'),
            "ConditionalAccessStatus": numeric(np.where(err == 53003, 1, 0), "int"),
            "IPAddress": place["ip"], "Country": place["country"], "State": place["state"], "City": place["city"],
            "Latitude": place["lat"], "Longitude": place["lon"],
            "NetworkLocationDetails": pa.array(np.where(place["ip_kind"] == 0, '[{"networkType":"namedNetwork","networkNames":["Corporate offices"]}]', "[]")).dictionary_encode(),
            "ReportId": _report_ids(rng, n), "EntraIdDeviceId": _masked(pa.array(t.devices.aad_id), di, has_dev),
            "AadDeviceId": _masked(pa.array(t.devices.aad_id), di, has_dev), "TenantId": const_str(n, t.tenant_id),
            "Type": const_str(n, "EntraIdSignInEvents"), "SourceSystem": const_str(n, "Azure"), "TimeGenerated": numeric(ts, "datetime"),
            "UniqueTokenId": hex_strings(rng, n, 22), "IsSignInThroughGlobalSecureAccess": numeric(np.zeros(n, bool), "bool"),
            "AlternateSignInName": f.acc["upn"].take(acct), "TokenIssuerType": const_str(n, "AzureAD"),
        }
        n, cols = _replicate(rng, cols, ts, b, want, "EntraIdSignInEvents", ("ReportId", "CorrelationId", "RequestId", "UniqueTokenId"))
        ts_col = cols["Timestamp"]
        cols["TimeGenerated"] = ts_col
        beta = dict(cols)
        beta["TokenIssuerType"] = numeric(np.zeros(n, np.int64), "int")
        beta["RiskDetails"] = numeric(np.zeros(n, np.int64), "int")
        beta.pop("Type", None)
        beta.pop("TimeGenerated", None)
        beta["ReportId"] = _report_ids(rng, n)
        return {"EntraIdSignInEvents": (n, cols), "AADSignInEventsBeta": (n, beta)}

    # -- cloud apps ----------------------------------------------------------------------------------------
    def cloud(self, si, a, b, budgets) -> dict:
        f, t = self.f, self.t
        want = budgets.get("CloudAppEvents", 0)
        if want <= 0:
            return {}
        n = max(1, int(np.ceil(want / REPEAT["CloudAppEvents"])))
        rng = self.rng(si, 40)
        acct, ts, inside = f.sample_people(rng, n, self.dday, a, b)
        tt = f.tables["CloudAppEvents"]
        kind = choose(rng, n, tt.weight)
        admin_kinds = np.array([tt.names[i] in ("aad_user_admin", "defender_admin", "azure_mgmt") for i in range(len(tt.names))])
        adm = admin_kinds[kind]
        if len(t.admins):
            acct = np.where(adm, np.array(t.admins)[rng.integers(0, len(t.admins), n)], acct)
        dev = f.user_dev[acct]
        dev = np.where(dev >= 0, dev, 0)
        place = self.where_from(rng, acct, inside)
        ua = choose(rng, n, f.ua_w)
        mobile = place["ip_kind"] == 2
        ctx = {"ip": place["ip"], "country": place["country"], "city": place["city"], "isp": place["isp"],
               "ua": f.ua.take(ua), "os": f.ua_os.take(ua),
               "devtype": pa.array(np.where(mobile, "Mobile", "Desktop")).dictionary_encode(),
               "proxy": numeric(np.zeros(n, bool), "bool"),
               "ipcat": pa.array(np.where(place["ip_kind"] == 0, "Corporate", "")).dictionary_encode()}
        param = rng.integers(0, 4096, n)
        cols = tt.build(rng, kind, acct, dev, param, ctx)
        return {"CloudAppEvents": _replicate(rng, cols, ts, b, want, "CloudAppEvents", ("ReportId",))}


# -- helpers ------------------------------------------------------------------------------------------

# activity repeats: the same person, device and object again a little later (token refreshes,
# repeated Kerberos validations, mailbox syncs, file re-opens)
REPEAT = {"IdentityLogonEvents": 3.0, "IdentityQueryEvents": 2.5, "IdentityDirectoryEvents": 1.0,
          "EntraIdSignInEvents": 2.5, "CloudAppEvents": 2.5}
GAP = {"IdentityLogonEvents": 900.0, "IdentityQueryEvents": 300.0, "IdentityDirectoryEvents": 60.0,
       "EntraIdSignInEvents": 1800.0, "CloudAppEvents": 240.0}


def _replicate(rng, cols: dict, ts: np.ndarray, b: int, want: int, table: str, unique_cols=()):
    """Rows repeated to about `want` in all, copies later in time; per-row ids re-drawn; sorted
    by time. Returns (n, cols)."""
    from hunt.store.demo.day import repeat_rows
    n0 = len(ts)
    rep = want / max(n0, 1)
    counts = np.maximum(1, rng.poisson(max(rep - 1, 0), n0) + 1) if rep > 1.01 else np.ones(n0, dtype=np.int64)
    n, out = repeat_rows(rng, cols, counts, ts, np.full(n0, b - 1), GAP[table])
    tsn = out["Timestamp"].to_numpy(zero_copy_only=False).astype("datetime64[us]").astype(np.int64)
    for c in unique_cols:
        out[c] = guid_strings(rng, n) if c != "UniqueTokenId" else hex_strings(rng, n, 22)
    order = stable_order(tsn)
    return n, _take(out, order)


def _pool(rng, n, pool):
    vals = Strings([v for v, _ in pool])
    return vals.take(choose(rng, n, [w for _, w in pool]))


def _masked(strings, idx, valid):
    arr = strings.array if isinstance(strings, Strings) else strings
    from hunt.store.demo.columns import masked_dict
    return masked_dict(idx, valid, arr)


def _dict_where(mask, a, b):
    from hunt.store.demo.columns import dict_where
    if not isinstance(a, pa.DictionaryArray):
        a = pa.compute.dictionary_encode(a)
    if not isinstance(b, pa.DictionaryArray):
        b = pa.compute.dictionary_encode(b)
    return dict_where(mask, a, b)


def _report_ids(rng, n):
    return guid_strings(rng, n)


def _take(cols: dict, order: np.ndarray) -> dict:
    """Rows in another order (a permutation: compact dictionary columns stay compact)."""
    from hunt.store.demo.columns import is_marked, mark, take_rows
    out = {}
    po = pa.array(order)
    for k, v in cols.items():
        if isinstance(v, pa.DictionaryArray):
            out[k] = pa.DictionaryArray.from_arrays(pa.array(np.take(v.indices.to_numpy(zero_copy_only=False), order)), v.dictionary, safe=False)
            if is_marked(v):
                mark(out[k])
        elif isinstance(v, (pa.Array, pa.ChunkedArray)):
            out[k] = take_rows(v, order, po)
        else:
            out[k] = v
    return out
