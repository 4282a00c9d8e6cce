"""Column builders of the device tables (one function per table), from event rows
(template, initiating process, device, time, variant) and the slice's process view."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from hunt.store.demo.columns import (compact, const_str, dict_array, dict_where, masked_dict, numeric,
                                     lex_order, scatter_dict, unique_ints)
from hunt.store.demo.device import DeviceTables, ProcView

US = 1_000_000
INIT = "__initiating_process__"     # key of the initiating process rows in a builder's columns


def _acct_of(view: ProcView, init: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    return np.where(init >= 0, view.p.acct[np.maximum(init, 0)], fallback)


def _common(dt: DeviceTables, view: ProcView, table: str, init, dev, ts) -> dict:
    cols = dt.device_cols(dev)
    cols["Timestamp"] = numeric(ts, "datetime")
    cols[INIT] = init           # the initiating process columns are added by the caller, after
    cols["ReportId"] = dt.next_report_ids(table, len(ts))     # the ambient rows are repeated
    return cols


def process_events(dt: DeviceTables, view: ProcView, rows: np.ndarray) -> dict:
    """DeviceProcessEvents for created process rows (indices into the slice's Procs)."""
    p = view.p
    rows = rows[lex_order((p.ctime[rows], p.parent[rows], p.dev[rows]))]
    parent = p.parent[rows]
    ts = p.ctime[rows] + (rows % 7) * 1_000
    cols = dt.device_cols(p.dev[rows])
    cols["Timestamp"] = numeric(ts, "datetime")
    cols["ActionType"] = const_str(len(rows), "ProcessCreated")
    cols.update(view.columns(rows, ""))
    cols.update(view.columns(parent, "InitiatingProcess"))
    cols["ReportId"] = dt.next_report_ids("DeviceProcessEvents", len(rows))
    return cols


def network_events(dt: DeviceTables, view: ProcView, rng, tpl, init, dev, ts, param) -> dict:
    n = len(tpl)
    t = dt.t
    cols = _common(dt, view, "DeviceNetworkEvents", init, dev, ts)
    act_pos = dt.net_action.sample(rng, tpl)
    cols["ActionType"] = _tpl_strings(dt, dt.net_action, act_pos, param, None, dev)
    port = dt.net_port.sample(rng, tpl)
    ports = np.array([v if isinstance(v, int) else -1 for v in dt.net_port.values], dtype=np.int64)[port]
    eph = rng.integers(49152, 65535, n)
    ports = np.where(ports < 0, eph, ports)
    direction = dt.net_dir[tpl]
    remote_ip = np.zeros(n, dtype=np.int64)
    remote_url = np.full(n, -1, dtype=np.int64)        # domain index
    remote_dev = np.full(n, -1, dtype=np.int64)
    kind_id = dt.net_to_id[tpl]
    for kid in unique_ints(kind_id):
        kind = dt.net_kinds[kid]
        m = np.nonzero(kind_id == kid)[0]
        if not kind:
            continue
        if kind == "web" or kind.startswith("svc:") or kind in ("susp", "share", "webmail", "dga"):
            g = dt.domain_groups.get(kind)
            if g is None or not len(g):
                continue
            if kind == "web":
                k = np.searchsorted(np.cumsum(dt.domain_w[g]), rng.random(len(m)) * dt.domain_w[g].sum())
                d = g[np.minimum(k, len(g) - 1)]
            else:
                d = g[rng.integers(0, len(g), len(m))]
            remote_url[m] = d
            remote_ip[m] = dt.dom_ip_first[d] + (param[m] % dt.dom_ip_count[d])
        elif kind == "public":
            remote_ip[m] = dt.ip_pub0 + rng.integers(0, dt.n_pub, len(m))
        elif kind == "lan":
            remote_ip[m] = dt.ip_lan0 + rng.integers(0, dt.n_lan, len(m))
        elif kind == "loopback":
            remote_ip[m] = dt.ip_loop
        else:
            pool = {"dc": t.dcs, "fileserver": t.role_devices.get("file", t.dcs),
                    "sqlserver": t.role_devices.get("sql", t.dcs), "webserver": t.role_devices.get("web", t.dcs),
                    "server": t.servers or t.dcs, "ws": t.workstations, "peer": t.servers + t.dcs}.get(kind, t.dcs)
            pool = np.array(pool)
            rd = pool[(mix(dev[m], param[m]) % len(pool))]
            rd = np.where(rd == dev[m], pool[(mix(dev[m], param[m] + 1) % len(pool))], rd)
            remote_dev[m] = rd
            remote_ip[m] = dt.ip_dev0 + rd
    mapped = dt.net_mapped[tpl]
    remote_ip = np.where(mapped & (remote_dev >= 0), dt.ip_dev_mapped0 + np.maximum(remote_dev, 0), remote_ip)
    local_ip = np.where(mapped, dt.ip_dev_mapped0 + dev, dt.ip_dev0 + dev)
    listen = direction == 2
    inbound = direction == 1
    remote_ip = np.where(listen, 0, remote_ip)
    local_ip = np.where(listen & ~mapped, np.where(rng.random(n) < 0.5, dt.ip_any, dt.ip_dev0 + dev), local_ip)
    cols["RemoteIP"] = dt.ips.take(remote_ip)
    cols["LocalIP"] = dt.ips.take(local_ip)
    cols["RemoteIPType"] = dt.ip_types.take(dt.ip_type_of[remote_ip])
    cols["LocalIPType"] = dt.ip_types.take(dt.ip_type_of[local_ip])
    cols["RemotePort"] = numeric(np.where(inbound, eph, ports), "int", ~listen)
    cols["LocalPort"] = numeric(np.where(inbound | listen, ports, eph), "int")
    cols["Protocol"] = dt.net_proto.take(dt.net_proto_of[tpl])
    # RemoteUrl: the domain for web traffic; an internal name sometimes
    url_int = (remote_dev >= 0) & (rng.random(n) < dt.net_url_int[tpl])
    url_idx = np.where(remote_url >= 0, remote_url, len(dt.domains) + np.maximum(remote_dev, 0))
    show = (dt.net_url[tpl] & (remote_url >= 0)) | url_int
    urls = pa.concat_arrays([dt.domains.array, dt.dev_name.array])
    cols["RemoteUrl"] = masked_dict(url_idx, show, urls)
    af = dt.net_af[tpl]
    cols["AdditionalFields"] = _optional_tpl(dt, af, param, view, init, dev)
    return cols


def file_hash_columns(r, names: pa.DictionaryArray, mask: np.ndarray):
    """SHA1/SHA256/MD5 dictionary columns and sizes of the files named in `names` (rows
    outside `mask` get empty hashes); identities are looked up once per distinct name."""
    idx = names.indices.to_numpy(zero_copy_only=False)
    used = unique_ints(idx[mask]) if mask.any() else np.zeros(0, dtype=np.int64)
    ids = [r.file_identity(v) for v in names.dictionary.take(pa.array(used)).to_pylist()]
    lookup = np.zeros(len(names.dictionary), dtype=np.int32)
    lookup[used] = np.arange(1, len(used) + 1, dtype=np.int32)
    new_idx = np.where(mask, lookup[idx], 0).astype(np.int32)
    out = {}
    for kind, col in (("sha1", "SHA1"), ("sha256", "SHA256"), ("md5", "MD5")):
        d = pa.array([""] + [f[kind] if f["name"] else "" for f in ids], type=pa.string())
        out[col] = pa.DictionaryArray.from_arrays(pa.array(new_idx), d, safe=False)
    sizes = np.array([0] + [int(f["size"]) for f in ids], dtype=np.int64)
    return out, sizes[new_idx]


def _hash_rows(param, tpl):
    from hunt.store.demo.procs import mix64
    return (mix64(param.astype(np.uint64) * np.uint64(7919) + tpl.astype(np.uint64)) >> np.uint64(2)).astype(np.int64)


def mix(a, b):
    from hunt.store.demo.procs import mix64
    return (mix64(a.astype(np.uint64) * np.uint64(2654435761) + b.astype(np.uint64)) >> np.uint64(1)).astype(np.int64)


def _tpl_strings(dt, sampler, pos, param, acct, dev):
    tplids = sampler.np[pos] if sampler.np.dtype != object else np.array(sampler.values)[pos]
    return dt.r.column(tplids, param, acct, dev)


def _optional_tpl(dt, tplids, param, view, init, dev):
    """Rendered template where tplids >= 0, empty string elsewhere."""
    valid = tplids >= 0
    if not valid.any():
        return const_str(len(tplids), "")
    acct = _acct_of(view, init, np.zeros(len(init), dtype=np.int64))
    if valid.all():
        return dt.r.column(tplids, param, acct, dev)
    return scatter_dict(len(tplids), valid, dt.r.column(tplids[valid], param[valid], acct[valid], dev[valid]))


def file_events(dt: DeviceTables, view: ProcView, rng, tpl, init, dev, ts, param) -> dict:
    n = len(tpl)
    t = dt.t
    cols = _common(dt, view, "DeviceFileEvents", init, dev, ts)
    acct = _acct_of(view, init, np.zeros(n, dtype=np.int64))
    r = dt.r
    cols["ActionType"] = _tpl_strings(dt, dt.file_action, dt.file_action.sample(rng, tpl), param, acct, dev)
    fpos = dt.file_folder.sample(rng, tpl)
    npos = dt.file_name.sample(rng, tpl)
    combo = dt.file_combo[dt.file_combo_base[tpl] + dt.file_local_folder[fpos] * dt.file_nname[tpl] + dt.file_local_name[npos]]
    cols["FolderPath"] = r.column(combo, param, acct, dev)
    name_tpl = dt.file_name_tpl[npos]
    cols["FileName"] = r.column(name_tpl, param, acct, dev)
    named = dt.file_named[tpl]
    img = dt.file_image[tpl]
    has_img = img >= 0
    hashes, size = file_hash_columns(r, cols["FileName"], named)
    if has_img.any():
        im = dt.w.images
        ii = np.maximum(img, 0)
        for col, pool in (("SHA1", im.sha1), ("SHA256", im.sha256), ("MD5", im.md5)):
            hashes[col] = dict_where(~has_img, hashes[col], dict_array(ii, pool.array))
        size = np.where(has_img, im.size[ii], size)
    cols.update(hashes)
    lo, hi = dt.file_size_rng[tpl, 0], dt.file_size_rng[tpl, 1]
    drawn = lo + (np.abs(_hash_rows(param, tpl)) % np.maximum(hi - lo, 1))
    size = np.where((hi > 0) & ~has_img, drawn, size)
    cols["FileSize"] = numeric(size, "long", (named | has_img) & (hi > 0))
    origin_pos = dt.file_origin.sample(rng, tpl)
    cols["FileOriginUrl"] = _tpl_strings(dt, dt.file_origin, origin_pos, param, acct, dev)
    cols["FileOriginReferrerUrl"] = _tpl_strings(dt, dt.file_referrer, dt.file_referrer.sample(rng, tpl), param, acct, dev)
    cols["FileOriginIP"] = _tpl_strings(dt, dt.file_origin_ip, dt.file_origin_ip.sample(rng, tpl), param, acct, dev)
    prev = _tpl_strings(dt, dt.file_prev, dt.file_prev.sample(rng, tpl), param, acct, dev)
    cols["PreviousFileName"] = prev
    smb = dt.file_smb[tpl]
    if smb.any():
        people = np.array(t.people)
        who = people[rng.integers(0, len(people), n)]
        wdev = np.maximum(dt.user_dev[who], 0)
        cols["RequestProtocol"] = masked_dict(np.zeros(n, dtype=np.int64), smb, pa.array(["SMB"]))
        cols["RequestSourceIP"] = masked_dict(dt.ip_dev0 + wdev, smb, dt.ips.array)
        cols["RequestSourcePort"] = numeric(rng.integers(49152, 65535, n), "int", smb)
        cols["RequestAccountName"] = masked_dict(who, smb, dt.acc_sam.array)
        cols["RequestAccountDomain"] = masked_dict(who, smb, dt.acc_domain.array)
        cols["RequestAccountSid"] = masked_dict(who, smb, dt.acc_sid.array)
        share = r.column(np.where(smb, dt.share_tpl, r.tpl("")), param, acct, dev)
        cols["ShareName"] = share
    else:
        cols["RequestProtocol"] = const_str(n, "Local")
    lab = rng.random(n) < dt.file_label[tpl]
    labels = pa.array(["General", "Confidential", "Highly Confidential", "Public", "Confidential\\All Employees"])
    cols["SensitivityLabel"] = masked_dict(rng.integers(0, 5, n), lab, labels)
    cols["IsAzureInfoProtectionApplied"] = numeric(lab & (rng.random(n) < 0.3), "bool")
    return cols


def registry_events(dt: DeviceTables, view: ProcView, rng, tpl, init, dev, ts, param) -> dict:
    n = len(tpl)
    cols = _common(dt, view, "DeviceRegistryEvents", init, dev, ts)
    acct = _acct_of(view, init, np.zeros(n, dtype=np.int64))
    for col, s in (("ActionType", dt.reg_action), ("RegistryKey", dt.reg_key), ("RegistryValueName", dt.reg_value),
                   ("RegistryValueType", dt.reg_vtype), ("RegistryValueData", dt.reg_data)):
        cols[col] = _tpl_strings(dt, s, s.sample(rng, tpl), param, acct, dev)
    prev_has = rng.random(n) < 0.4
    for col in ("RegistryKey", "RegistryValueName"):
        cols[col] = compact(cols[col])          # once: the Previous* columns reuse the values
    cols["PreviousRegistryKey"] = dict_where(prev_has, cols["RegistryKey"], "")
    cols["PreviousRegistryValueName"] = dict_where(prev_has, cols["RegistryValueName"], "")
    prev_data = _tpl_strings(dt, dt.reg_data, dt.reg_data.sample(rng, tpl), (param + 17) % 4096, acct, dev)
    cols["PreviousRegistryValueData"] = dict_where(prev_has, compact(prev_data), "")
    return cols


def imageload_events(dt: DeviceTables, view: ProcView, rng, tpl, init, dev, ts, param) -> dict:
    n = len(tpl)
    r = dt.r
    cols = _common(dt, view, "DeviceImageLoadEvents", init, dev, ts)
    pos = dt.img_sampler.sample(rng, tpl)
    cols["ActionType"] = const_str(n, "ImageLoaded")
    cols["FileName"] = dt.img_names.take(dt.img_name_idx[pos])
    path = r.column(dt.img_path_tpl[pos], param, None, dev)
    cols["FolderPath"] = path
    hashes, size = file_hash_columns(r, path, np.ones(n, dtype=bool))
    cols.update(hashes)
    cols["FileSize"] = numeric(size, "long")
    return cols


def device_events(dt: DeviceTables, view: ProcView, rng, tpl, init, dev, ts, param) -> dict:
    n = len(tpl)
    t = dt.t
    noinit = dt.dev_noinit[tpl]
    init = np.where(noinit, -1, init)
    cols = _common(dt, view, "DeviceEvents", init, dev, ts)
    acct_p = _acct_of(view, init, t.dev_user_np[dev].clip(0))
    cols["ActionType"] = dt.dev_action.take(dt.dev_action_of[tpl])
    cols["AdditionalFields"] = _optional_tpl(dt, dt.dev_af[tpl], param, view, init, dev)
    for col, arr in dt.dev_fields.items():
        cols[col] = _optional_tpl(dt, arr[tpl], param, view, init, dev)
    for kind, col in (("sha1", "SHA1"), ("sha256", "SHA256"), ("md5", "MD5")):
        cols[col] = _optional_tpl(dt, dt.dev_hash_tpl[kind][tpl], param, view, init, dev)
    rp = dt.dev_rport[tpl]
    if (rp >= 0).any():
        s = _optional_tpl(dt, rp, param, view, init, dev).cast(pa.string())
        cols["RemotePort"] = pa.compute.if_else(pa.array(rp >= 0), s, None).cast(pa.int32())
    lp = dt.dev_lport[tpl]
    if (lp >= 0).any():
        s = _optional_tpl(dt, lp, param, view, init, dev).cast(pa.string())
        cols["LocalPort"] = pa.compute.if_else(pa.array(lp >= 0), s, None).cast(pa.int32())
        cols["LocalIP"] = masked_dict(dt.ip_dev0 + dev, lp >= 0, dt.ips.array)
    # account columns
    mode_id = dt.dev_account_id[tpl]
    acc = np.full(n, -1, dtype=np.int64)
    for mid in unique_ints(mode_id):
        mode = dt.dev_modes[mid]
        if not mode:
            continue
        m = mode_id == mid
        if mode == "user":
            acc[m] = acct_p[m]
        elif mode == "system":
            acc[m] = t.acc_system
        elif mode == "admin":
            acc[m] = t.admins_np[param[m] % len(t.admins_np)]
        elif mode == "target":
            acc[m] = -2
    valid = acc >= 0
    ai = np.maximum(acc, 0)
    cols["AccountName"] = masked_dict(ai, valid, dt.acc_sam.array)
    cols["AccountDomain"] = masked_dict(ai, valid, dt.acc_domain.array)
    cols["AccountSid"] = masked_dict(ai, valid, dt.acc_sid.array)
    tgt = acc == -2
    if tgt.any():
        names = dt.target_names
        k = param % len(names)
        tg = pa.array(tgt)
        cols["AccountName"] = pa.compute.if_else(tg, names.array.take(pa.array(k)), cols["AccountName"].cast(pa.string()))
        cols["AccountDomain"] = pa.compute.if_else(tg, dt.dev_short.array.take(pa.array(dev)),
                                                   cols["AccountDomain"].cast(pa.string()))
        rid = pa.array(1000 + k).cast(pa.string())
        sids = pa.compute.binary_join_element_wise(dt.local_sid_base.array.take(pa.array(dev)), rid, "")
        cols["AccountSid"] = pa.compute.if_else(tg, sids, cols["AccountSid"].cast(pa.string()))
    return cols


def logon_events(dt: DeviceTables, view: ProcView, rng, tpl, init, dev, ts, param) -> dict:
    n = len(tpl)
    t = dt.t
    cols = _common(dt, view, "DeviceLogonEvents", init, dev, ts)
    mode_id = dt.logon_account_id[tpl]
    acc = np.full(n, t.acc_system, dtype=np.int64)
    bad_name = np.zeros(n, dtype=bool)
    is_adminish = np.zeros(n, dtype=bool)
    for mid in unique_ints(mode_id):
        mode = dt.logon_modes[mid]
        m = mode_id == mid
        if mode in ("admin", "local"):
            is_adminish |= m
        if mode == "user":
            u = t.dev_user_np[dev[m]]
            people = np.array(t.people)
            acc[m] = np.where(u >= 0, u, people[param[m] % len(people)])
        elif mode == "admin":
            acc[m] = t.admins_np[param[m] % len(t.admins_np)]
        elif mode == "svc":
            sv = np.array(t.service_accounts)
            acc[m] = sv[param[m] % len(sv)]
        elif mode == "local":
            la = t.dev_local_np[dev[m]]
            acc[m] = np.where(la >= 0, la, t.acc_system)
        elif mode == "dwm":
            acc[m] = t.acc_dwm
        elif mode == "machine":
            acc[m] = -3
        elif mode == "other":
            bad_name[m] = True
    fail = rng.random(n) < dt.logon_fail[tpl]
    cols["ActionType"] = pa.array(np.where(fail, "LogonFailed", "LogonSuccess")).dictionary_encode()
    cols["LogonType"] = _tpl_strings(dt, dt.logon_type, dt.logon_type.sample(rng, tpl), param, acc.clip(0), dev)
    cols["Protocol"] = _tpl_strings(dt, dt.logon_proto, dt.logon_proto.sample(rng, tpl), param, acc.clip(0), dev)
    reason = np.where(fail, np.where(bad_name, 3, rng.choice([1, 2, 2, 4, 5, 6], n)), 0)
    cols["FailureReason"] = dt.failure.take(reason)
    machine = acc == -3
    ai = acc.clip(0)
    names = dt.acc_sam.array.take(pa.array(ai))
    if machine.any():
        mdev = np.array(t.workstations)[param % len(t.workstations)]
        names = pa.compute.if_else(pa.array(machine), dt.machine_names.array.take(pa.array(mdev)), names)
    if bad_name.any():
        names = pa.compute.if_else(pa.array(bad_name), dt.bad_users.array.take(pa.array(param % len(dt.bad_users))), names)
    cols["AccountName"] = names
    cols["AccountDomain"] = pa.compute.if_else(pa.array(bad_name), "", pa.compute.if_else(
        pa.array(machine), t.domain, dt.acc_domain.array.take(pa.array(ai))))
    cols["AccountSid"] = pa.compute.if_else(pa.array(bad_name | machine), "", dt.acc_sid.array.take(pa.array(ai)))
    ladmin = dt.logon_ladmin[tpl] | (acc == t.dev_user_np[dev]) & (rng.random(n) < 0.15)
    cols["IsLocalAdmin"] = numeric(ladmin & ~fail, "bool")
    cols["LogonId"] = numeric(np.abs(mix(dev, param + acc)) % 90_000_000 + 100_000, "long", ~fail)
    rem_id = dt.logon_remote_id[tpl]
    rip = np.zeros(n, dtype=np.int64)
    rname = np.full(n, -1, dtype=np.int64)
    for rid_ in unique_ints(rem_id):
        kind = dt.logon_rkinds[rid_]
        m = rem_id == rid_
        if kind in ("none", "{pick:none|ws}"):
            if kind == "{pick:none|ws}":
                sel = m & (param % 2 == 1)
                wsl = np.array(t.workstations)
                rd = wsl[param[sel] % len(wsl)]
                rip[sel] = dt.ip_dev0 + rd
                rname[sel] = rd
            continue
        if kind == "public":
            rip[m] = dt.ip_pub0 + (mix(dev[m], param[m]) % dt.n_pub)
        elif kind in ("ws", "server", "dc"):
            pool = np.array({"ws": t.workstations, "server": t.servers or t.dcs, "dc": t.dcs}[kind])
            u = acc[m]
            own = dt.user_dev[np.maximum(u, 0)]
            rd = np.where(own >= 0, own, pool[param[m] % len(pool)])
            if kind == "ws":
                admin_ws = np.array(t.admin_ws)
                rd = np.where(is_adminish[m], admin_ws[param[m] % len(admin_ws)], rd)
            rip[m] = dt.ip_dev0 + rd
            rname[m] = rd
    cols["RemoteIP"] = dt.ips.take(rip)
    cols["RemoteIPType"] = dt.ip_types.take(dt.ip_type_of[rip])
    cols["RemotePort"] = numeric(rng.integers(49152, 65535, n), "int", rip > 0)
    cols["RemoteDeviceName"] = masked_dict(np.maximum(rname, 0), rname >= 0, dt.dev_name.array)
    lt = cols["LogonType"].cast(pa.string())
    cols["AdditionalFields"] = pa.compute.if_else(
        pa.compute.equal(lt, "Interactive"), '{"IsLocalLogon":true}',
        pa.compute.if_else(pa.compute.equal(lt, "RemoteInteractive"), '{"IsLocalLogon":false}', ""))
    return cols


BUILDERS = {"net": network_events, "file": file_events, "reg": registry_events, "img": imageload_events,
            "dev": device_events, "logon": logon_events}
