"""Processes: the image catalogue, the long-lived processes of each device-day, and the
short-lived ones of a time slice, as arrays (one row per process instance).

Every event that names an initiating process points at a row here, so the chain
    event.InitiatingProcess* == process.* and process.InitiatingProcess* == parent.*
holds by construction (same PID, creation time, image, command line, account).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hunt.store.demo import tenant as TN
from hunt.store.demo.columns import PoolSampler, Strings, choose, stable_order, unique_ints
from hunt.store.demo.vocab import behaviours as VB
from hunt.store.demo.vocab import images as VI
from hunt.store.demo.vocab import sessions as VS

US = TN.US
INTEGRITY = ["", "System", "High", "Medium", "Low"]
ELEVATION = ["", "TokenElevationTypeDefault", "TokenElevationTypeFull", "TokenElevationTypeLimited"]
_INTEG_OF = {v: i for i, v in enumerate(INTEGRITY)}


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a vectorised integer hash (uint64 in, uint64 out)."""
    z = np.asarray(x, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


class Images:
    """The executable catalogue as arrays: one entry per image (see vocab/images.py)."""

    def __init__(self, tenant, renderer):
        self.keys = [r[0] for r in VI.IMAGES]
        self.index = {k: i for i, k in enumerate(self.keys)}
        n = len(VI.IMAGES)
        self.name = Strings([r[1] for r in VI.IMAGES])
        sep = ["/" if r[2].startswith("/") else "\\" for r in VI.IMAGES]
        paths = [(r[2] + sep[i] + r[1]) if r[2] else "" for i, r in enumerate(VI.IMAGES)]
        self.path_tpl = np.array([renderer.tpl(p) for p in paths], dtype=np.int64)
        self.company = Strings([r[3] for r in VI.IMAGES])
        self.product = Strings([r[4] for r in VI.IMAGES])
        self.description = Strings([r[5] for r in VI.IMAGES])
        self.version = Strings([r[6] for r in VI.IMAGES])
        self.original = Strings([r[1] if r[3] else "" for r in VI.IMAGES])
        self.internal = Strings([r[1].rsplit(".", 1)[0] if r[3] else "" for r in VI.IMAGES])
        hashes = [tenant.ids.file_hashes("image", r[1], r[6], r[2]) if r[0] not in ("system", "registry")
                  else ("", "", "") for r in VI.IMAGES]
        self.sha1 = Strings([h[0] for h in hashes])
        self.sha256 = Strings([h[1] for h in hashes])
        self.md5 = Strings([h[2] for h in hashes])
        self.size = np.array([r[8] for r in VI.IMAGES], dtype=np.int64)
        signers = [VI.SIGNERS.get(r[7], VI.SIGNERS[""]) for r in VI.IMAGES]
        self.signer_key = [r[7] for r in VI.IMAGES]
        self.signer = Strings([s[0] for s in signers])
        self.issuer = Strings([s[1] for s in signers])
        self.signer_type = Strings([s[2] if r[7] else "Unknown" for s, r in zip(signers, VI.IMAGES)])
        self.sig_status = Strings(["Valid" if r[7] else "Unsigned" for r in VI.IMAGES])
        self.root_ms = np.array([s[3] for s in signers], dtype=bool)
        self.rows = VI.IMAGES
        self.n = n

    def id(self, key: str) -> int:
        return self.index[key]

    def add(self, tenant, renderer, key, name, folder, company="", product="", description="",
            version="", signer="", size=0) -> int:
        """Register an extra image (attack tools, dropped payloads) and return its id."""
        if key in self.index:
            return self.index[key]
        row = (key, name, folder, company, product, description, version, signer, size)
        VI_ROWS = list(self.rows) + [row]
        self.rows = VI_ROWS
        i = len(self.keys)
        self.keys.append(key)
        self.index[key] = i
        sep = "/" if folder.startswith("/") else "\\"
        self.path_tpl = np.append(self.path_tpl, renderer.tpl(folder + sep + name))
        h = tenant.ids.file_hashes("image", name, version, folder, key)
        for attr, val in [("name", name), ("company", company), ("product", product),
                          ("description", description), ("version", version),
                          ("original", name if company else ""),
                          ("internal", name.rsplit(".", 1)[0] if company else ""),
                          ("sha1", h[0]), ("sha256", h[1]), ("md5", h[2])]:
            old = getattr(self, attr)
            setattr(self, attr, Strings(old.values + [val]))
        s = VI.SIGNERS.get(signer, VI.SIGNERS[""])
        self.signer_key.append(signer)
        self.signer = Strings(self.signer.values + [s[0]])
        self.issuer = Strings(self.issuer.values + [s[1]])
        self.signer_type = Strings(self.signer_type.values + [s[2] if signer else "Unknown"])
        self.sig_status = Strings(self.sig_status.values + ["Valid" if signer else "Unsigned"])
        self.root_ms = np.append(self.root_ms, s[3])
        self.size = np.append(self.size, size)
        self.n += 1
        return i


@dataclass
class Procs:
    """Process instances (struct of arrays)."""
    dev: np.ndarray
    image: np.ndarray
    cmd_tpl: np.ndarray
    param: np.ndarray
    acct: np.ndarray
    pid: np.ndarray
    ctime: np.ndarray
    parent: np.ndarray          # row of the parent in the same table, -1 for none
    integ: np.ndarray
    logon: np.ndarray
    sess: np.ndarray
    uid: np.ndarray
    remote_dev: np.ndarray      # RDP client device for remote sessions, -1 otherwise

    @property
    def n(self) -> int:
        return len(self.dev)

    @staticmethod
    def empty() -> "Procs":
        z = np.zeros(0, dtype=np.int64)
        return Procs(*(z.copy() for _ in range(13)))

    @staticmethod
    def concat(parts: list["Procs"]) -> "Procs":
        parts = [p for p in parts if p is not None and p.n]
        if not parts:
            return Procs.empty()
        out = {}
        base = 0
        parents = []
        for p in parts:
            parents.append(np.where(p.parent >= 0, p.parent + base, -1))
            base += p.n
        for f in Procs.__dataclass_fields__:
            if f == "parent":
                out[f] = np.concatenate(parents)
            else:
                out[f] = np.concatenate([getattr(p, f) for p in parts])
        return Procs(**out)

    @staticmethod
    def stack(parts: list["Procs"]) -> "Procs":
        """Concatenate tables whose parent fields are already absolute row numbers."""
        parts = [p for p in parts if p is not None and p.n]
        if not parts:
            return Procs.empty()
        return Procs(**{f: np.concatenate([getattr(p, f) for p in parts])
                        for f in Procs.__dataclass_fields__})

    def select(self, idx: np.ndarray) -> "Procs":
        return Procs(**{f: getattr(self, f)[idx] for f in Procs.__dataclass_fields__})


def _accounts_for(rule: str, tenant, dev: np.ndarray, parent_acct, salt: int):
    """Vectorised account choice for an account rule."""
    n = len(dev)
    if rule == "parent":
        return parent_acct.copy()
    if rule == "system":
        return np.full(n, tenant.acc_system, dtype=np.int64)
    if rule == "localsvc":
        return np.full(n, tenant.acc_localsvc, dtype=np.int64)
    if rule == "netsvc":
        return np.full(n, tenant.acc_netsvc, dtype=np.int64)
    if rule == "dwm":
        return np.full(n, tenant.acc_dwm, dtype=np.int64)
    if rule == "umfd":
        return np.full(n, tenant.acc_umfd, dtype=np.int64)
    if rule == "root":
        return np.full(n, tenant.acc_root, dtype=np.int64)
    if rule == "user":
        u = tenant.dev_user_np[dev]
        fallback = parent_acct if parent_acct is not None else np.full(n, tenant.acc_system)
        return np.where(u >= 0, u, fallback)
    if rule == "admin":
        adm = tenant.admins_np
        return adm[(mix64(dev.astype(np.uint64) * np.uint64(7919) + np.uint64(salt)) %
                    np.uint64(len(adm))).astype(np.int64)]
    if rule == "local":
        la = tenant.dev_local_np[dev]
        return np.where(la >= 0, la, tenant.acc_system)
    if rule.startswith("svc:"):
        name = rule[4:]
        if name == "localsvc":
            return np.full(n, tenant.acc_localsvc, dtype=np.int64)
        A = tenant.accounts
        for a in tenant.service_accounts:
            if A.sam[a] == name:
                return np.full(n, a, dtype=np.int64)
        return np.full(n, tenant.acc_system, dtype=np.int64)
    raise ValueError(f"unknown account rule {rule!r}")


def logon_ids(acct: np.ndarray, dev: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Logon session ids: well-known for system accounts, a hash of (device, account, boot)."""
    h = mix64(dev.astype(np.uint64) * np.uint64(1_000_003) + acct.astype(np.uint64) * np.uint64(97)
              + k.astype(np.uint64) * np.uint64(13))
    lid = (h % np.uint64(90_000_000)).astype(np.int64) + 100_000
    lid = np.where(acct == 0, 999, lid)
    lid = np.where(acct == 1, 997, lid)
    lid = np.where(acct == 2, 996, lid)
    return lid


class World:
    """Process machinery shared by the device tables for the whole run."""

    def __init__(self, tenant, renderer):
        self.t = tenant
        self.r = renderer
        self.images = Images(tenant, renderer)
        D = tenant.devices
        self.ndev = len(D)
        self.cls = np.array(D.cls, dtype=np.int64)
        tenant.dev_user_np = np.array(D.user, dtype=np.int64)
        tenant.dev_local_np = np.array(D.local_admin, dtype=np.int64)
        tenant.admins_np = np.array(tenant.admins or tenant.people[:1], dtype=np.int64)
        self._req_cache: dict[str, np.ndarray] = {}
        self._session_specs()
        self._behaviour_specs()
        # boot schedule: workstations about weekly, servers about monthly
        ids = tenant.ids
        # workstations reboot for patches every couple of weeks, servers monthly-ish
        period_days = np.where(np.isin(self.cls, [TN.WS, TN.MAC]), 12 + np.arange(self.ndev) % 9,
                               np.where(self.cls == TN.LNX, 45, 32))
        self.boot_period = period_days.astype(np.int64) * TN.DAY_US
        phase = np.array([ids.integer(0, int(p), "bootphase", i) for i, p in enumerate(period_days)],
                         dtype=np.int64)
        tz = np.array([tenant.sites[s].tz for s in D.site], dtype=np.int64)
        # boots at 06:30-07:30 local on workstations, 02:00-04:00 local on servers
        hour = np.where(np.isin(self.cls, [TN.WS, TN.MAC]), 6.5, 2.0)
        jitter = np.array([ids.unit("bootj", i) for i in range(len(D))])
        self.boot_phase = ((phase * 24 + hour - tz) * 3600 * US + (jitter * 3600 * US)).astype(np.int64)
        self.tz = tz

    # -- requirements ------------------------------------------------------------------------
    def has(self, req: str) -> np.ndarray:
        m = self._req_cache.get(req)
        if m is None:
            D = self.t.devices
            if not req:
                m = np.ones(self.ndev, dtype=bool)
            elif req.startswith("role:"):
                role = req[5:]
                m = np.array([r == role for r in D.role], dtype=bool)
            else:
                m = np.array([req in h for h in D.has], dtype=bool)
            self._req_cache[req] = m
        return m

    # -- session specs -----------------------------------------------------------------------
    def _session_specs(self):
        specs = []
        for s in VS.SESSION:
            key, image, parent, acct, cmd, integ, classes, when, req = s
            cls_set = {TN.CLASS_NAMES.index(c) for c in classes.split()}
            specs.append(dict(key=key, image=self.images.id(image), parent=parent, acct=acct,
                              cmd=self.r.tpl(cmd), integ=_INTEG_OF.get(integ, 0),
                              classes=cls_set, when=when, req=req))
        self.sessions = specs
        self.session_keys = [s["key"] for s in specs]
        self.svchost_keys = [s["key"] for s in specs if s["key"].startswith("svc_")]

    def session_mask(self, spec) -> np.ndarray:
        m = spec.get("_mask")
        if m is None:
            m = spec["_mask"] = np.isin(self.cls, list(spec["classes"])) & self.has(spec["req"])
        return m

    def sessions_for_day(self, day_ref: np.ndarray) -> tuple[Procs, dict]:
        """The long-lived processes alive at `day_ref` (µs per device): boot chain from the
        last boot before it, then the user's programs started at logon."""
        k = (day_ref - self.boot_phase) // self.boot_period
        boot = self.boot_phase + k * self.boot_period
        parts, index = [], {}
        base = 0
        logon_delay = (60 + (mix64(np.arange(self.ndev, dtype=np.uint64) * np.uint64(31) + k.astype(np.uint64))
                             % np.uint64(240)).astype(np.int64)) * US
        for si, s in enumerate(self.sessions):
            m = self.session_mask(s)
            if s["parent"] is not None:
                pidx = index.get(s["parent"])
                if pidx is None:
                    continue
                m &= pidx >= 0
            dev = np.nonzero(m)[0].astype(np.int64)
            col = np.full(self.ndev, -1, dtype=np.int64)
            if not len(dev):
                index[s["key"]] = col
                continue
            n = len(dev)
            h = mix64(dev.astype(np.uint64) * np.uint64(1_000_033) + k[dev].astype(np.uint64) * np.uint64(7_777)
                      + np.uint64(si * 131 + 17))
            if s["key"] in ("system", "l_systemd", "m_launchd"):
                pid = np.where(s["key"] == "system", 4, 1) * np.ones(n, dtype=np.int64)
            else:
                pid = ((h % np.uint64(9_800)).astype(np.int64) + 100) * 4
            if s["when"] == "boot":
                ctime = boot[dev] + si * 1_700_000 + (h % np.uint64(900_000)).astype(np.int64)
            else:
                ctime = boot[dev] + logon_delay[dev] + si * 2_300_000 + (h % np.uint64(1_500_000)).astype(np.int64)
            parent = index[s["parent"]][dev] if s["parent"] is not None else np.full(n, -1, dtype=np.int64)
            parent_acct = None
            acct = _accounts_for(s["acct"], self.t, dev, parent_acct, si)
            sess = np.where(s["when"] == "logon", 1, 0) * np.ones(n, dtype=np.int64)
            if s["key"] in ("csrss", "winlogon", "dwm", "fontdrvhost"):
                sess[:] = 1
            p = Procs(dev=dev, image=np.full(n, s["image"], dtype=np.int64),
                      cmd_tpl=np.full(n, s["cmd"], dtype=np.int64),
                      param=(h >> np.uint64(20) & np.uint64(4095)).astype(np.int64),
                      acct=acct, pid=pid, ctime=ctime, parent=parent,
                      integ=np.full(n, s["integ"], dtype=np.int64),
                      logon=logon_ids(acct, dev, k[dev]), sess=sess,
                      uid=(h >> np.uint64(8)).astype(np.int64) & np.int64((1 << 50) - 1),
                      remote_dev=np.full(n, -1, dtype=np.int64))
            col[dev] = base + np.arange(n)
            index[s["key"]] = col
            parts.append(p)
            base += n
        procs = Procs.stack(parts)
        return procs, index

    # -- behaviours --------------------------------------------------------------------------
    def _behaviour_specs(self):
        r = self.r
        specs = []
        self.beh_index = {}
        for b in VB.BEHAVIOURS:
            cmds = b["cmd"] if isinstance(b["cmd"], list) else [(b["cmd"], 1.0)]
            parents = b["parent"]
            if isinstance(parents, str):
                parents = [(parents, 1.0)]
            s = dict(b)
            s["image_id"] = self.images.id(b["image"])
            s["cmd_opts"] = [(r.tpl(c), w) for c, w in cmds]
            s["parents"] = parents or []
            s["integ_id"] = _INTEG_OF.get(b["integ"], -1) if b["integ"] else -1
            self.beh_index[b["key"]] = len(specs)
            specs.append(s)
        self.behaviours = specs
        for s in specs:
            s["kid_ids"] = [(self.beh_index[k], p) for k, p in s["kids"]]
        self.cmd_sampler = PoolSampler([s["cmd_opts"] for s in specs])
        self.parent_sampler = PoolSampler([s["parents"] or [(None, 1)] for s in specs])
        self.parent_keys = sorted({v for v in self.parent_sampler.values if v is not None}) + [None]
        self.parent_code = np.array([self.parent_keys.index(v) for v in self.parent_sampler.values], dtype=np.int64)
        # expected rows per start (the behaviour and its descendants)
        exp = np.ones(len(specs))
        for _ in range(6):
            for i, s in enumerate(specs):
                exp[i] = 1 + sum(p * exp[k] for k, p in s["kid_ids"])
        self.beh_rows = exp
        self.beh_req = [s["req"] for s in specs]
        self.beh_by_req = {}
        for i, s in enumerate(specs):
            if s["req"]:
                self.beh_by_req.setdefault(s["req"], []).append(i)
        self.beh_image = np.array([s["image_id"] for s in specs], dtype=np.int64)
        self.beh_rules = sorted({s["acct"] for s in specs})
        self.beh_rule_id = np.array([self.beh_rules.index(s["acct"]) for s in specs], dtype=np.int64)
        self.beh_integ = np.array([s["integ_id"] for s in specs], dtype=np.int64)

    def scheduled(self, day_lo: int, day_hi: int, working: np.ndarray, on: np.ndarray, off: np.ndarray,
                  sess_index: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(behaviour, device, time) of the scheduled behaviours (`at`) falling in [day_lo, day_hi):
        a seed-stable device among those allowed that has the parent process; on people's
        devices the time moves into the device's working hours when it is used that day."""
        t = self.t
        out_b, out_d, out_t = [], [], []
        if not getattr(self, "incidents", True):
            return (np.array([], dtype=np.int64), np.array([], dtype=np.int64),
                    np.array([], dtype=np.int64))
        span = t.end_us - t.start_us
        for bi, s in enumerate(self.behaviours):
            if not s["at"]:
                continue
            allowed = self.allowed(s["on"] or "ws") & self.has(s["req"])
            pkey = s["parents"][0][0] if s["parents"] else None
            if pkey is not None and pkey in sess_index:
                allowed &= sess_index[pkey] >= 0
            devs = np.flatnonzero(allowed)
            if not len(devs):
                continue
            for k, hours in enumerate(s["at"]):
                ts = t.end_us - int(hours * 3600 * US)
                if ts < t.start_us or not (day_lo <= ts < day_hi) or span <= 0:
                    continue
                busy = devs[working[devs]] if np.isin(self.cls[devs], [TN.WS, TN.MAC]).all() else devs
                pool = busy if len(busy) else devs
                d = int(pool[t.ids.integer(0, len(pool), "sched", s["key"], k)])
                if self.cls[d] in (TN.WS, TN.MAC) and working[d] and off[d] > on[d]:
                    ts = int(on[d]) + (ts - day_lo) * (int(off[d]) - int(on[d])) // max(1, day_hi - day_lo)
                out_b.append(bi)
                out_d.append(d)
                out_t.append(ts)
        return (np.array(out_b, dtype=np.int64), np.array(out_d, dtype=np.int64),
                np.array(out_t, dtype=np.int64))

    def allowed(self, on: str) -> np.ndarray:
        m = np.zeros(self.ndev, dtype=bool)
        for w in on.split():
            if w in TN.CLASS_NAMES:
                m |= self.cls == TN.CLASS_NAMES.index(w)
            elif w == "admin":
                m[np.array(self.t.admin_ws, dtype=np.int64)] = True
            elif w.startswith("has:"):
                m |= self.has(w[4:])
            else:
                m |= self.has(w)
        return m

    def behaviour_weights(self, cls: int, frac: float) -> np.ndarray:
        name = TN.CLASS_NAMES[cls]
        w = np.array([s["w"].get(name, 0.0) if s["parents"] and s["since"] <= frac < s["until"] else 0.0
                      for s in self.behaviours])
        return w

    def spawn(self, rng, sess: Procs, sess_index: dict, dev: np.ndarray, t: np.ndarray,
              cls_frac: float, proc_base: int, fixed=None):
        """Start short-lived processes: one level-1 behaviour per (device, time) row, then
        their kids. Returns (Procs, behaviour id per row, list of attached event requests)."""
        n = len(dev)
        beh = np.zeros(n, dtype=np.int64)
        for c in range(len(TN.CLASS_NAMES)):
            m = self.cls[dev] == c
            if not m.any():
                continue
            w = self.behaviour_weights(c, cls_frac)
            if w.sum() <= 0:
                beh[m] = -1
                continue
            beh[m] = choose(rng, int(m.sum()), w)
        # requirement fallback: a device without the software runs its class's commonest job
        for req, ids in self.beh_by_req.items():
            m = np.isin(beh, ids) & ~self.has(req)[dev]
            beh[m] = -1
        if fixed is not None and len(fixed[0]):
            beh = np.concatenate([beh, fixed[0]])
            dev = np.concatenate([dev, fixed[1]])
            t = np.concatenate([t, fixed[2]])
            n = len(beh)
        # parent session process
        ok = beh >= 0
        par_pos = self.parent_sampler.sample(rng, np.where(ok, beh, 0))
        pcode = self.parent_code[par_pos]
        parent = np.full(n, -1, dtype=np.int64)
        for code in unique_ints(pcode[ok]):
            pkey = self.parent_keys[code]
            if pkey is None:
                continue
            m = ok & (pcode == code)
            col = sess_index.get(pkey)
            if col is not None:
                parent[m] = col[dev[m]]
        keep = ok & (parent >= 0)
        dev, t, beh, parent = dev[keep], t[keep], beh[keep], parent[keep]
        t = np.maximum(t, sess.ctime[parent] + 2 * US)
        groups = [(beh, parent, dev, t)]
        beh_all, events = [], []
        base = proc_base
        level = 0
        earlier = Procs.empty()
        while groups and level < 5:
            next_groups = []
            level_parts = []
            for g_beh, g_parent, g_dev, g_t in groups:
                if not len(g_beh):
                    continue
                p = self._instances(rng, g_beh, g_parent, g_dev, g_t, sess, earlier)
                rows = np.arange(base, base + p.n)
                base += p.n
                level_parts.append(p)
                beh_all.append(g_beh)
                events.append((g_beh, rows, g_dev, g_t))
                kid_rows = self._kids(rng, g_beh, rows, g_dev, g_t)
                next_groups.extend(kid_rows)
            earlier = Procs.stack([earlier] + level_parts)
            if next_groups:
                groups = [tuple(np.concatenate([g[i] for g in next_groups]) for i in range(4))]
            else:
                groups = []
            level += 1
        procs = earlier         # every level's processes, in order
        return procs, (np.concatenate(beh_all) if beh_all else np.zeros(0, dtype=np.int64)), events

    def _kids(self, rng, g_beh, rows, g_dev, g_t):
        out = []
        order = stable_order(g_beh)
        sb = g_beh[order]
        cuts = np.flatnonzero(np.diff(sb)) + 1
        for s0, e0 in zip(np.concatenate([[0], cuts]), np.concatenate([cuts, [len(sb)]])):
            kids = self.behaviours[int(sb[s0])]["kid_ids"]
            if not kids:
                continue
            sel = order[s0:e0]
            for kid, prob in kids:
                m = rng.random(len(sel)) < prob
                if not m.any():
                    continue
                ks = sel[m]
                kt = g_t[ks] + (rng.exponential(1.5, len(ks)) * US).astype(np.int64) + 50_000
                out.append((np.full(len(ks), kid, dtype=np.int64), rows[ks], g_dev[ks], kt))
        return out

    def _instances(self, rng, beh, parent, dev, t, sess: Procs, earlier: Procs):
        n = len(beh)

        def parent_field(f):
            # parent may be a session row (< sess.n) or an earlier short-lived row
            out = np.empty(n, dtype=np.int64)
            in_sess = parent < sess.n
            out[in_sess] = getattr(sess, f)[parent[in_sess]]
            if (~in_sess).any():
                out[~in_sess] = getattr(earlier, f)[parent[~in_sess] - sess.n]
            return out

        p_acct = parent_field("acct")
        p_integ = parent_field("integ")
        p_logon = parent_field("logon")
        p_sess = parent_field("sess")
        acct = p_acct.copy()
        integ = p_integ.copy()
        image = self.beh_image[beh]
        rule_id = self.beh_rule_id[beh]
        for rid in unique_ints(rule_id):
            rule = self.beh_rules[rid]
            if rule == "parent":
                continue
            m = rule_id == rid
            acct[m] = _accounts_for(rule, self.t, dev[m], p_acct[m], 11)
        bi = self.beh_integ[beh]
        integ = np.where(bi >= 0, bi, integ)
        sys_acc = acct <= 2
        integ = np.where(sys_acc & (integ >= 3), 1, integ)
        integ = np.where(~sys_acc & (integ == 1), 2, integ)
        cmd_pos = self.cmd_sampler.sample(rng, beh)
        cmd_tpl = np.array(self.cmd_sampler.values, dtype=np.int64)[cmd_pos]
        param = rng.integers(0, 4096, n)
        pid = (rng.integers(100, 12_000, n) * 4).astype(np.int64)
        logon = np.where(acct == p_acct, p_logon, logon_ids(acct, dev, np.zeros(n, dtype=np.int64)))
        uid = rng.integers(1 << 40, 1 << 50, n)
        p = Procs(dev=dev.astype(np.int64), image=image.astype(np.int64), cmd_tpl=cmd_tpl, param=param,
                  acct=acct, pid=pid, ctime=t.astype(np.int64), parent=parent.astype(np.int64),
                  integ=integ.astype(np.int64), logon=logon, sess=p_sess, uid=uid,
                  remote_dev=np.full(n, -1, dtype=np.int64))
        return p
