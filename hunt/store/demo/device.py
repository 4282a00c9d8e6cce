"""The device tables of one time slice: DeviceProcessEvents, DeviceNetworkEvents,
DeviceFileEvents, DeviceRegistryEvents, DeviceImageLoadEvents, DeviceEvents,
DeviceLogonEvents — all vectorised over the slice's rows.

A slice's rows come from two places: events attached to the short-lived processes started
in the slice (procs.World.spawn) and ambient events of long-lived processes (the
`AMBIENT` schedule), sampled per device in proportion to its activity in the slice.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

import pyarrow.compute as pc

from hunt.store.demo import tenant as TN

from hunt.store.demo.columns import (PoolSampler, Strings, _dict_key, choose, distinct_values, unique_ints,
                                     encoded, mark, numeric, prune)
from hunt.store.demo.procs import ELEVATION, INTEGRITY, Procs
from hunt.store.demo.vocab import devevents as VE
from hunt.store.demo.vocab import web as W

US = TN.US
TABLE_OF = {"net": "DeviceNetworkEvents", "file": "DeviceFileEvents", "reg": "DeviceRegistryEvents",
            "img": "DeviceImageLoadEvents", "dev": "DeviceEvents", "logon": "DeviceLogonEvents"}
TEMPLATES = {"net": VE.NET, "file": VE.FILE, "reg": VE.REG, "img": VE.IMG, "dev": VE.DEV,
             "logon": VE.LOGON}


def _pool(v, default=""):
    if v is None:
        return [(default, 1.0)]
    if isinstance(v, list):
        return [(x[0], x[1]) for x in v]
    return [(v, 1.0)]


class Rows:
    """Event rows of one table before columns: template, initiator, device, time, variant."""

    def __init__(self):
        self.parts = []

    def add(self, tpl, init, dev, ts, param, ambient: bool = False):
        if len(tpl):
            self.parts.append((np.asarray(tpl, np.int64), np.asarray(init, np.int64),
                               np.asarray(dev, np.int64), np.asarray(ts, np.int64),
                               np.asarray(param, np.int64),
                               np.full(len(tpl), ambient, dtype=bool)))

    def __len__(self):
        return sum(len(p[0]) for p in self.parts)

    def arrays(self, with_flag: bool = False):
        """Rows grouped by device, then initiating process, then time: runs of equal values
        make the Parquet pages small and cheap to encode."""
        if not self.parts:
            z = np.zeros(0, dtype=np.int64)
            return (z, z, z, z, z, np.zeros(0, dtype=bool)) if with_flag else (z, z, z, z, z)
        cols = [np.concatenate([p[i] for p in self.parts]) for i in range(6)]
        sec = (cols[3] // 1_000_000) % 86_400
        key = (cols[2] << np.int64(42)) + ((cols[1] + 1) << np.int64(17)) + sec
        order = np.argsort(key)
        out = tuple(np.take(c, order) for c in cols)
        return out if with_flag else out[:5]


class DeviceTables:
    """Compiled templates and the per-slice table builders."""

    def __init__(self, world, catalog):
        self.w = world
        self.t = world.t
        self.r = world.r
        self.cat = catalog
        t = self.t
        D = t.devices
        self.dev_name = Strings(D.name)
        self.dev_id = Strings(D.id)
        self.dev_short = Strings(D.short)
        self.machine_names = Strings([x + "$" for x in D.short])
        A0 = t.accounts
        self.user_dev = np.full(len(A0), -1, dtype=np.int64)
        for a, d in t.device_of_user.items():
            self.user_dev[a] = d
        self.local_sid_base = Strings([A0.sid[a][:-4] + "-" if a >= 0 and A0.sid[a].endswith("-500") else ""
                                       for a in D.local_admin])
        A = t.accounts
        self.acc_sam = Strings(A.sam)
        self.acc_domain = Strings(A.domain)
        self.acc_sid = Strings(A.sid)
        self.acc_upn = Strings(A.upn)
        self.acc_oid = Strings(A.oid)
        self.integ = Strings(INTEGRITY)
        self.elev = Strings(ELEVATION)
        self._ips()
        self._domains()
        self.tpl_names = {k: list(v) for k, v in TEMPLATES.items()}
        self.tpl_id = {k: {n: i for i, n in enumerate(v)} for k, v in TEMPLATES.items()}
        self._compile()
        self._ambient()
        self.report_id = {}

    # -- addresses ---------------------------------------------------------------------------
    def _ips(self):
        t = self.t
        D = t.devices
        ips = [""] + list(D.ip) + ["::ffff:" + ip for ip in D.ip] + ["127.0.0.1", "::1", "0.0.0.0"]
        self.ip_dev0 = 1
        self.ip_dev_mapped0 = 1 + len(D)
        self.ip_loop = 1 + 2 * len(D)
        self.ip_any = self.ip_loop + 2
        rng = np.random.default_rng([t.cfg.seed, 77])
        pub = [t.ids.public_ip(W.PROVIDERS["hosting"] + W.PROVIDERS["misc"], "pub", i) for i in range(600)]
        self.ip_pub0 = len(ips)
        ips += pub
        self.n_pub = len(pub)
        lan = []
        for s in t.sites:
            for _ in range(400):
                lan.append(f"10.{s.subnet + int(rng.integers(0, 3))}.{int(rng.integers(0, 4))}.{int(rng.integers(2, 254))}")
        self.ip_lan0 = len(ips)
        self.n_lan = len(lan)
        ips += lan
        self.ip_base = len(ips)
        self.ips_list = ips

    def _domains(self):
        t = self.t
        doms = []
        groups: dict[str, list[int]] = {}

        def add(group, d, w=1.0):
            d = t.expand(d)
            doms.append((d, w))
            groups.setdefault(group, []).append(len(doms) - 1)

        for d, prov, w in W.BROWSING:
            add("web", d, w)
        for g, ds in W.SERVICE.items():
            for d in ds:
                add("svc:" + g, d)
        for d, _ in W.SUSPICIOUS:
            add("susp", d)
        for d in W.PASTE_AND_SHARE:
            add("share", d)
        for d in W.WEBMAIL:
            add("webmail", d)
        for d in W.DGA:
            add("dga", d)
        self.domains = Strings([d for d, _ in doms])
        self.domain_w = np.array([w for _, w in doms])
        self.domain_groups = {g: np.array(v) for g, v in groups.items()}
        # every domain's addresses appended to the IP pool
        first, count = [], []
        for d, _ in doms:
            lst = t.domain_ips.get(d) or t.ip_of(d, "misc", 2)
            first.append(len(self.ips_list))
            count.append(len(lst))
            self.ips_list.extend(lst)
        self.dom_ip_first = np.array(first)
        self.dom_ip_count = np.array(count)
        self.ips = Strings(self.ips_list)
        ipt = []
        for ip in self.ips_list:
            if not ip:
                ipt.append("")
            elif ip.startswith("::ffff:"):
                ipt.append("FourToSixMapping")
            elif ip in ("127.0.0.1", "::1"):
                ipt.append("Loopback")
            elif ip == "0.0.0.0":
                ipt.append("Reserved")
            elif ip.startswith(("10.", "192.168.")) or ip.startswith(tuple(f"172.{i}." for i in range(16, 32))):
                ipt.append("Private")
            else:
                ipt.append("Public")
        self.ip_type_of = np.array([{"": 0, "Private": 1, "Public": 2, "Loopback": 3, "FourToSixMapping": 4,
                                     "Reserved": 5}[x] for x in ipt])
        self.ip_types = Strings(["", "Private", "Public", "Loopback", "FourToSixMapping", "Reserved"])

    # -- template compilation ----------------------------------------------------------------
    def _sampler(self, table, field, default="", tpl=True, fn=None):
        groups = []
        for name in self.tpl_names[table]:
            spec = TEMPLATES[table][name]
            v = spec.get(field)
            if fn is not None:
                v = fn(spec)
            opts = _pool(v, default)
            if tpl:
                opts = [(self.r.tpl(x) if isinstance(x, (str, tuple)) else x, w) for x, w in opts]
            groups.append(opts)
        s = PoolSampler(groups)
        s.np = np.array([v if v is not None else -1 for v in s.values], dtype=object)
        try:
            s.np = np.array(s.values, dtype=np.int64)
        except (TypeError, ValueError):
            pass
        return s

    def _compile(self):
        r = self.r
        # network
        self.net_action = self._sampler("net", "action", fn=lambda sp: sp.get("action") or {
            "in": "InboundConnectionAccepted", "listen": "ListeningConnectionCreated"}.get(sp.get("dir", "out"), "ConnectionSuccess"))
        self.net_port = self._sampler("net", "ports", 443, tpl=False)
        self.net_to = [VE.NET[n].get("to", "") for n in self.tpl_names["net"]]
        self.net_kinds = sorted(set(self.net_to))
        self.net_to_id = np.array([self.net_kinds.index(k) for k in self.net_to])
        self.net_dir = np.array([{"out": 0, "in": 1, "listen": 2}[VE.NET[n].get("dir", "out")] for n in self.tpl_names["net"]])
        self.net_proto = Strings(["Tcp", "Udp", "Icmp"])
        self.net_proto_of = np.array([["Tcp", "Udp", "Icmp"].index(VE.NET[n].get("proto", "Tcp")) for n in self.tpl_names["net"]])
        self.net_url = np.array([bool(VE.NET[n].get("url")) for n in self.tpl_names["net"]])
        self.net_url_int = np.array([float(VE.NET[n].get("url_internal", 0)) for n in self.tpl_names["net"]])
        self.net_mapped = np.array([bool(VE.NET[n].get("mapped")) for n in self.tpl_names["net"]])
        self.net_af = np.array([r.tpl(("json", VE.NET[n]["af"])) if VE.NET[n].get("af") else -1 for n in self.tpl_names["net"]])
        # file
        f = self.tpl_names["file"]
        combos, base, nname = [], [], []
        for n in f:
            spec = VE.FILE[n]
            folders = _pool(spec.get("folder"))
            names = _pool(spec.get("name"))
            base.append(len(combos))
            nname.append(len(names))
            for fo, _ in folders:
                for na, _ in names:
                    sep = "/" if fo.startswith("/") else "\\"
                    combos.append(r.tpl(fo + sep + na))
        self.file_combo = np.array(combos)
        self.file_combo_base = np.array(base)
        self.file_nname = np.array(nname)
        self.file_folder = self._sampler("file", "folder", tpl=False)
        self.file_name = self._sampler("file", "name", tpl=False)
        self.file_name_tpl = np.array([r.tpl(v) for v in self.file_name.values])
        self.file_local_folder = self._local_positions(self.file_folder)
        self.file_local_name = self._local_positions(self.file_name)
        mode = []
        for n in f:
            m = VE.FILE[n].get("file", "named")
            mode.append(m)
        self.file_mode = mode
        self.file_named = np.array([m == "named" for m in mode])
        self.file_hash_tpl = {}
        for kind in ("sha1", "sha256", "md5", "size"):
            self.file_hash_tpl[kind] = np.array([r.tpl((kind, v)) for v in self.file_name.values])
        self.file_action = self._sampler("file", "action", "FileCreated")
        self.file_origin = self._sampler("file", "origin")
        self.file_referrer = self._sampler("file", "referrer")
        self.file_origin_ip = self._sampler("file", "origin", fn=lambda s: ("host_ip", s["origin"]) if s.get("origin") else "")
        self.file_prev = self._sampler("file", "prev")
        self.file_smb = np.array([bool(VE.FILE[n].get("smb")) for n in f])
        self.file_label = np.array([float(VE.FILE[n].get("label", 0)) for n in f])
        self.file_size_rng = np.array([VE.FILE[n].get("size", (0, 0)) for n in f], dtype=np.int64)
        self.file_image = np.array([self.w.images.id(VE.FILE[n]["file"][6:]) if VE.FILE[n].get("file", "").startswith("image:") else -1 for n in f])
        self.share_tpl = r.tpl("{share}")
        # registry
        self.reg_action = self._sampler("reg", "action", "RegistryValueSet")
        self.reg_key = self._sampler("reg", "key")
        self.reg_value = self._sampler("reg", "value")
        self.reg_vtype = self._sampler("reg", "vtype")
        self.reg_data = self._sampler("reg", "data")
        # image loads
        groups, folders = [], []
        for n in self.tpl_names["img"]:
            opts = []
            for name, folder, wgt in VE.IMG[n]["dlls"]:
                sep = "/" if folder.startswith("/") else "\\"
                opts.append(((name, r.tpl(folder + sep + name), r.tpl(("sha1", folder + sep + name)),
                              r.tpl(("sha256", folder + sep + name)), r.tpl(("md5", folder + sep + name)),
                              r.tpl(("size", folder + sep + name))), wgt))
            groups.append(opts)
        self.img_sampler = PoolSampler(groups)
        vals = self.img_sampler.values
        self.img_names = Strings(sorted({v[0] for v in vals}))
        self.img_name_idx = np.array([self.img_names.index(v[0]) for v in vals])
        self.img_path_tpl = np.array([v[1] for v in vals])
        self.img_sha1_tpl = np.array([v[2] for v in vals])
        self.img_sha256_tpl = np.array([v[3] for v in vals])
        self.img_md5_tpl = np.array([v[4] for v in vals])
        self.img_size_tpl = np.array([v[5] for v in vals])
        # DeviceEvents
        d = self.tpl_names["dev"]
        self.dev_action = Strings(sorted({VE.DEV[n]["action"] for n in d}))
        self.dev_action_of = np.array([self.dev_action.index(VE.DEV[n]["action"]) for n in d])
        self.dev_af = np.array([r.tpl(("json", VE.DEV[n]["af"])) if "af" in VE.DEV[n] else -1 for n in d])
        self.dev_noinit = np.array([bool(VE.DEV[n].get("noinit")) for n in d])
        self.dev_fields = {}
        for col, key in [("FileName", "file"), ("FolderPath", "folder"), ("RemoteUrl", "url"), ("RemoteIP", "rip"),
                         ("ProcessCommandLine", "cmd"), ("FileOriginUrl", "fileorigin")]:
            self.dev_fields[col] = np.array([r.tpl(VE.DEV[n][key]) if key in VE.DEV[n] else -1 for n in d])
        self.dev_rport = np.array([r.tpl(VE.DEV[n]["rport"]) if "rport" in VE.DEV[n] else -1 for n in d])
        self.dev_lport = np.array([r.tpl(VE.DEV[n]["lport"]) if "lport" in VE.DEV[n] else -1 for n in d])
        self.dev_account = [VE.DEV[n].get("account", "") for n in d]
        self.dev_modes = sorted(set(self.dev_account))
        self.dev_account_id = np.array([self.dev_modes.index(m) for m in self.dev_account])
        self.dev_hash_tpl = {k: np.array([r.tpl((k, VE.DEV[n]["folder"])) if "folder" in VE.DEV[n] else -1 for n in d])
                             for k in ("sha1", "sha256", "md5")}
        self.target_names = Strings(["support", "helpdesk", "backupadmin", "tempuser", "scanner", "adm1n", "svc_local",
                                     "kiosk", "testuser", "audit"])
        # logons
        lg = self.tpl_names["logon"]
        self.logon_type = self._sampler("logon", "type")
        self.logon_proto = self._sampler("logon", "protocol")
        self.logon_account = [VE.LOGON[n]["account"] for n in lg]
        self.logon_remote = [VE.LOGON[n]["remote"] for n in lg]
        self.logon_modes = sorted(set(self.logon_account))
        self.logon_account_id = np.array([self.logon_modes.index(m) for m in self.logon_account])
        self.logon_rkinds = sorted(set(self.logon_remote))
        self.logon_remote_id = np.array([self.logon_rkinds.index(m) for m in self.logon_remote])
        self.logon_fail = np.array([VE.LOGON[n].get("fail", 0.0) for n in lg])
        self.logon_ladmin = np.array([bool(VE.LOGON[n].get("localadmin")) for n in lg])
        self.logon_remote_tpl = np.array([r.tpl(VE.LOGON[n]["remote"]) for n in lg])
        self.failure = Strings(["", "InvalidUserNameOrPassword", "WrongPassword", "UnknownUser", "AccountDisabled",
                                "UnauthorizedLogonType", "AccountLocked", "PasswordExpired"])
        self.bad_users = Strings(["administrator", "admin", "user", "test", "guest", "root", "scanner", "backup",
                                  "sql", "support", "oracle", "ubuntu", "postgres", "ftpuser", "info"])

    @staticmethod
    def _local_positions(sampler):
        """Position of each flattened option inside its own group."""
        local = np.zeros(len(sampler.values), dtype=np.int64)
        for g in range(len(sampler.offs) - 1):
            local[sampler.offs[g]:sampler.offs[g + 1]] = np.arange(sampler.offs[g + 1] - sampler.offs[g])
        return local

    def _ambient(self):
        self.amb = {}
        for table, entries in VE.AMBIENT.items():
            per_cls = []
            for c, cname in enumerate(TN.CLASS_NAMES):
                tpl, init, req, w = [], [], [], []
                for name, init_key, weights, rq in entries:
                    wt = weights.get(cname, 0.0)
                    if wt > 0:
                        tpl.append(self.tpl_id[table][name])
                        init.append(init_key)
                        req.append(rq)
                        w.append(wt)
                per_cls.append((np.array(tpl, dtype=np.int64), init, req, np.array(w)))
            self.amb[table] = per_cls

    # -- sampling ------------------------------------------------------------------------------
    def ambient_rows(self, rng, table: str, n: int, dev: np.ndarray, ts: np.ndarray,
                     sess_index: dict, rows: Rows):
        """n ambient events (devices/times given) initiated by long-lived processes; returns
        how many were kept (a template whose process the device lacks is dropped)."""
        if n <= 0:
            return 0
        tpl = np.full(n, -1, dtype=np.int64)
        init = np.full(n, -1, dtype=np.int64)
        cls = self.w.cls[dev]
        for c, (tpls, inits, reqs, wts) in enumerate(self.amb[table]):
            m = np.nonzero(cls == c)[0]
            if not len(m) or not len(tpls):
                continue
            k = choose(rng, len(m), wts)
            tpl[m] = tpls[k]
            for j in unique_ints(k):
                key = inits[j]
                mm = m[k == j]
                if key == "svchost_any":
                    sk = self.w.svchost_keys
                    pick = rng.integers(0, len(sk), len(mm))
                    for j, skey in enumerate(sk):
                        col = sess_index.get(skey)
                        sel = mm[pick == j]
                        if col is not None and len(sel):
                            init[sel] = col[dev[sel]]
                    continue
                col = sess_index.get(key)
                if col is not None:
                    init[mm] = col[dev[mm]]
                # software requirements
                rq = reqs[j]
                if rq:
                    bad = ~self.w.has(rq)[dev[mm]]
                    init[mm[bad]] = -1
        ok = (tpl >= 0) & (init >= 0)
        noinit_ok = np.zeros(n, dtype=bool)
        if table == "dev":
            noinit_ok = (tpl >= 0) & self.dev_noinit[np.maximum(tpl, 0)]
        keep = ok | noinit_ok
        rows.add(tpl[keep], np.where(ok[keep], init[keep], -1), dev[keep], ts[keep],
                 rng.integers(0, 4096, int(keep.sum())), ambient=True)
        return int(keep.sum())

    # -- common columns --------------------------------------------------------------------------
    def device_cols(self, dev: np.ndarray) -> dict:
        return {"DeviceId": self.dev_id.take(dev), "DeviceName": self.dev_name.take(dev)}

    def next_report_ids(self, table: str, n: int) -> np.ndarray:
        start = self.report_id.get(table, 1000 + 7919 * len(table))
        self.report_id[table] = start + n
        return np.arange(start, start + n, dtype=np.int64)


class ProcView:
    """Per-instance strings and numbers of a slice's process table, gathered per event.

    Every attribute is kept as codes into a dictionary of distinct values with one more row
    (the last) for "no process" (empty string / null): per image for the image's attributes,
    per account for the account's, per process for the rest. A column for event rows is a
    gather of codes, already compact (no dictionary pass over the rows)."""

    IMAGE = ("name", "sha1", "sha256", "md5", "company", "product", "version", "internal", "original",
             "description", "signer_type", "sig_status")
    ACCOUNT = ("acct_domain", "acct_sam", "acct_sid", "acct_upn", "acct_oid")

    def __init__(self, dt: DeviceTables, procs: Procs, head=None):
        """head: (n, command lines, paths) already rendered for the first n processes."""
        self.dt = dt
        self.p = procs
        r = dt.r
        im = dt.w.images
        self.k = procs.n
        h = head[0] if head is not None and head[0] <= procs.n else 0
        tail = slice(h, None)
        cmd = r.column(procs.cmd_tpl[tail], procs.param[tail], procs.acct[tail], procs.dev[tail])
        path = r.column(im.path_tpl[procs.image[tail]], None, procs.acct[tail], procs.dev[tail])
        if h:
            cmd, path = _concat_dict(head[1], cmd), _concat_dict(head[2], path)
        self.cmd_idx, self.cmd_dict = encoded(cmd)
        self.path_idx, self.path_dict = encoded(path)
        self.uid = pa.array(procs.uid, type=pa.int64()).cast(pa.string())
        self.uid_distinct = len(unique_ints(procs.uid)) == self.k     # distinct numbers: strings too
        par = procs.parent
        self.parent_row = np.append(np.where(par >= 0, par, self.k), self.k)    # k: none
        self.n_img = len(im.name)
        self.n_acct = len(dt.acc_sam)
        self.img = np.append(procs.image, self.n_img).astype(np.int32)          # n_img: none
        self.acct = np.append(procs.acct, self.n_acct).astype(np.int32)         # n_acct: none
        self._coded: dict = {}
        self._num: dict = {}

    # -- codes ---------------------------------------------------------------------------------
    def coded(self, name: str) -> tuple:
        """(int32 codes, dictionary of distinct values) of an attribute: per image (length
        images + 1), per account (accounts + 1) or per process (k + 1); the last row codes ''."""
        c = self._coded.get(name)
        if c is None:
            c = self._coded[name] = self._build_coded(name)
        return c

    def _build_coded(self, name: str):
        dt, p, im = self.dt, self.p, self.dt.w.images
        if name in self.IMAGE:
            pool = getattr(im, name)
            return _codes_into(np.arange(self.n_img), pool.array)
        if name in self.ACCOUNT:
            pool = {"acct_domain": dt.acc_domain, "acct_sam": dt.acc_sam, "acct_sid": dt.acc_sid,
                    "acct_upn": dt.acc_upn, "acct_oid": dt.acc_oid}[name]
            return _codes_into(np.arange(self.n_acct), pool.array)
        if name == "integ":
            return _codes_into(p.integ, dt.integ.array)
        if name == "elev":
            return _codes_into(np.where(p.integ == 2, 2, np.where(p.acct <= 2, 1, 3)), dt.elev.array)
        if name == "cmd":
            return _codes_into(self.cmd_idx, self.cmd_dict)
        if name == "path":
            return _codes_into(self.path_idx, self.path_dict)
        if name == "uid":
            return _codes_into(np.arange(self.k), self.uid, known=self.uid_distinct)
        raise KeyError(name)

    def values(self, name: str) -> np.ndarray:
        """Per-process numbers, length k + 1 (the last is a placeholder for null)."""
        v = self._num.get(name)
        if v is None:
            p = self.p
            if name.startswith("parent:"):
                v = self.values(name[7:])[self.parent_row]
            else:
                v = np.append(getattr(p, name), 0).astype(np.int64, copy=False)
            self._num[name] = v
        return v

    # -- columns -------------------------------------------------------------------------------
    def columns(self, idx: np.ndarray, prefix: str, with_parent: bool = True) -> dict:
        """Columns describing process rows `idx` (-1 = none): prefix '' for the created process
        (DeviceProcessEvents names), 'InitiatingProcess' for the initiator."""
        k = self.k
        n = len(idx)
        ii = np.where(idx >= 0, idx, k) if n and idx.min() < 0 else np.asarray(idx)
        valid_bits, nulls = _validity(ii < k)
        rows: dict = {}

        def rows_of(kind):
            """The event rows' image / account / parent image (codes into the per-kind tables),
            and the tables' rows they use."""
            v = rows.get(kind)
            if v is None:
                if kind == "img":
                    r = np.take(self.img, ii)
                elif kind == "acct":
                    r = np.take(self.acct, ii)
                elif kind == "pimg":
                    r = np.take(self.img, np.take(self.parent_row, ii))
                else:
                    r = ii
                v = rows[kind] = [r, None]
            return v

        def text(name, kind):
            codes, d = self.coded(name)
            rv = rows_of(kind)
            if prune(len(d), n):
                if rv[1] is None:
                    rv[1] = unique_ints(rv[0])
                codes, d = _only_used(codes, d, rv[1])
            return mark(pa.DictionaryArray.from_arrays(pa.array(np.take(codes, rv[0]), type=pa.int32()), d, safe=False))

        def number(name, typ, bits=valid_bits, nn=nulls):
            vals = np.take(self.values(name), ii)
            return pa.Array.from_buffers(typ, n, [bits, pa.py_buffer(vals)], null_count=nn)

        i64, ts = pa.int64(), pa.timestamp("us")
        im = self.dt.w.images
        out = {}
        ip = prefix
        out["FileName" if prefix == "" else ip + "FileName"] = text("name", "img")
        out[(ip + "FolderPath") if ip else "FolderPath"] = text("path", "proc")
        for col, attr in [("SHA1", "sha1"), ("SHA256", "sha256"), ("MD5", "md5")]:
            out[(ip + col) if ip else col] = text(attr, "img")
        size = np.take(np.append(im.size, 0).astype(np.int64), rows_of("img")[0])
        out[(ip + "FileSize") if ip else "FileSize"] = pa.Array.from_buffers(i64, n, [valid_bits, pa.py_buffer(size)],
                                                                             null_count=nulls)
        vp = ip if ip else "Process"
        for col, attr in [("CompanyName", "company"), ("ProductName", "product"), ("ProductVersion", "version"),
                          ("InternalFileName", "internal"), ("OriginalFileName", "original"),
                          ("FileDescription", "description")]:
            out[vp + "VersionInfo" + col] = text(attr, "img")
        out[ip + "Id" if ip else "ProcessId"] = number("pid", i64)
        out[(ip + "CommandLine") if ip else "ProcessCommandLine"] = text("cmd", "proc")
        out[(ip + "CreationTime") if ip else "ProcessCreationTime"] = number("ctime", ts)
        ap = ip + "Account" if ip else "Account"
        out[ap + "Domain"] = text("acct_domain", "acct")
        out[ap + "Name"] = text("acct_sam", "acct")
        out[ap + "Sid"] = text("acct_sid", "acct")
        out[ap + "Upn"] = text("acct_upn", "acct")
        out[ap + "ObjectId"] = text("acct_oid", "acct")
        out[(ip + "LogonId") if ip else "LogonId"] = number("logon", i64)
        out[(ip + "IntegrityLevel") if ip else "ProcessIntegrityLevel"] = text("integ", "proc")
        out[(ip + "TokenElevation") if ip else "ProcessTokenElevation"] = text("elev", "proc")
        out[(ip + "UniqueId") if ip else "ProcessUniqueId"] = text("uid", "proc")
        sess = number("sess", i64)
        if ip:
            out[ip + "SessionId"] = sess
            out[ip + "SignerType"] = text("signer_type", "img")
            out[ip + "SignatureStatus"] = text("sig_status", "img")
            out["IsInitiatingProcessRemoteSession"] = numeric(np.zeros(n, dtype=bool), "bool")
        else:
            out["CreatedProcessSessionId"] = sess
            out["IsProcessRemoteSession"] = numeric(np.zeros(n, dtype=bool), "bool")
        if with_parent and ip:
            pbits, pnulls = _validity(np.take(self.parent_row, ii) < k)
            out[ip + "ParentId"] = number("parent:pid", i64, pbits, pnulls)
            out[ip + "ParentFileName"] = text("name", "pimg")
            out[ip + "ParentCreationTime"] = number("parent:ctime", ts, pbits, pnulls)
        return out


def _concat_dict(a: pa.DictionaryArray, b: pa.DictionaryArray) -> pa.DictionaryArray:
    """a's rows then b's, over both dictionaries (which may share values: made distinct later)."""
    idx = np.concatenate([a.indices.to_numpy(zero_copy_only=False),
                          b.indices.to_numpy(zero_copy_only=False) + np.int32(len(a.dictionary))])
    return pa.DictionaryArray.from_arrays(pa.array(idx.astype(np.int32, copy=False)),
                                          pa.concat_arrays([a.dictionary, b.dictionary]), safe=False)


def _validity(valid: np.ndarray):
    """(validity bitmap buffer or None, null count) of a boolean mask."""
    nulls = len(valid) - int(np.count_nonzero(valid))
    if nulls == 0:
        return None, 0
    return pa.py_buffer(np.packbits(valid, bitorder="little")), nulls


def _codes_into(idx: np.ndarray, pool: pa.Array, known: bool = False):
    """Per-row positions into `pool` → (int32 codes into a dictionary of distinct values with
    one more row at the end coding the empty string, that dictionary)."""
    canon, distinct = distinct_values(pool, known=known)
    codes = np.asarray(idx) if canon is None else canon[idx]
    empty, d = _with_empty(distinct)
    return np.append(codes, empty).astype(np.int32), d


_EMPTY: dict = {}


def _with_empty(d: pa.Array):
    """(position of '' in a dictionary of distinct values, the dictionary, '' appended if absent)."""
    small = d.nbytes <= (1 << 20)        # vocabularies: cached (the slice's own: computed once by the view)
    key = _dict_key(d) if small else None
    hit = _EMPTY.get(key) if small else None
    if hit is None:
        pos = pc.index(d, "").as_py()
        if pos < 0:
            hit = (d, len(d), pa.concat_arrays([d, pa.array([""], type=pa.string())]))
        else:
            hit = (d, pos, d)
        if small:
            if len(_EMPTY) > 256:
                _EMPTY.clear()
            _EMPTY[key] = hit
    return hit[1], hit[2]


def _only_used(codes: np.ndarray, d: pa.Array, rows: np.ndarray):
    """codes/dictionary keeping only the entries `rows` (positions into codes) use (remapped
    codes for all rows)."""
    used = np.zeros(len(d), dtype=bool)
    used[codes[rows]] = True
    if used.all():
        return codes, d
    keep = np.flatnonzero(used)
    remap = np.zeros(len(d), dtype=np.int32)
    remap[keep] = np.arange(len(keep), dtype=np.int32)
    return remap[codes], d.take(pa.array(keep))


def _masked_take(arr: pa.Array, i: np.ndarray, valid: np.ndarray):
    taken = arr.take(pa.array(i))
    if valid.all():
        return taken
    return pa.compute.if_else(pa.array(valid), taken, pa.scalar("", pa.string()))
