"""Mail flow of a slice: EmailEvents (one row per recipient), EmailAttachmentInfo,
EmailUrlInfo, EmailPostDeliveryEvents (ZAP and remediation) and UrlClickEvents (Safe Links),
sharing message ids, addresses, file names and URLs."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hunt.store.demo import tenant as TN
from hunt.store.demo.columns import Strings, choose, const_str, masked_dict, numeric, stable_order
from hunt.store.demo.ids import guid_strings, hex_strings
from hunt.store.demo.vocab import mail as VM
from hunt.store.demo.vocab import names as N

US = TN.US
CATS = ["partner", "vendor", "newsletter", "bulk", "spam", "phish", "malware", "internal", "outbound"]
CAT_W = np.array([20, 14, 10, 9, 6, 2.2, 0.8, 26, 12], dtype=float)
ATTACH_P = {"partner": 0.35, "vendor": 0.25, "newsletter": 0.02, "bulk": 0.02, "spam": 0.05, "phish": 0.25,
            "malware": 0.95, "internal": 0.3, "outbound": 0.35}
URL_P = {"partner": 0.4, "vendor": 0.8, "newsletter": 1.0, "bulk": 1.0, "spam": 0.9, "phish": 0.85, "malware": 0.3,
         "internal": 0.35, "outbound": 0.3}


class MailGen:
    def __init__(self, fam):
        self.f = fam
        t = self.t = fam.t
        r = self.r = fam.r
        self.doms = {c: [(d, w) for d, k, w in VM.SENDER_DOMAINS if k == c] for c in CATS}
        self.subject_tpl = {c: [r.tpl(s) for s in VM.SUBJECTS.get(c, VM.SUBJECTS["partner"])] for c in CATS}
        self.url_tpl = {c: [r.tpl(s) for s in VM.URL_TEMPLATES.get(c, VM.URL_TEMPLATES["partner"])] for c in CATS}
        self.att = {k: [(r.tpl(n), ft, w) for n, ft, w in v] for k, v in VM.ATTACHMENTS.items()}
        dm = [("", "")]
        for c in CATS:
            for d, _ in self.doms[c]:
                dm.append((d, c))
        self.domains = Strings([d for d, _ in dm])
        self.domain_cat = [c for _, c in dm]
        self.dom_index = {d: i for i, (d, _) in enumerate(dm)}
        self.sender_ip = Strings([t.ids.public_ip(["40.107.0.0/16", "52.100.0.0/14", "209.85.128.0/17", "167.89.0.0/17",
                                                   "198.2.128.0/18", "185.225.68.0/22", "45.14.224.0/22"], "smtp", d)
                                  for d, _ in dm])
        self.locals = Strings(VM.SENDER_LOCALS)
        g, s = N.GIVEN_NAMES, N.SURNAMES
        self.ext_people = Strings([f"{g[i * 7 % len(g)]}.{s[i * 13 % len(s)]}".lower() for i in range(500)])
        self.ext_display = Strings([f"{g[i * 7 % len(g)]} {s[i * 13 % len(s)]}" for i in range(500)])
        self.sender_objid = Strings(["", *[t.ids.guid("sender", i) for i in range(10)]])
        # verdict vocabularies (codes in slice())
        self.threats = Strings(["", "Phish", "Malware", "Spam"])
        self.threat_names = Strings(["", "Trojan:HTML/Phish.AN!MTB"])
        self.actions = Strings(["Delivered", "Blocked", "Junked", "Replaced", "Moved to junk folder"])
        self.email_actions = Strings(["No action", "Send to quarantine", "Move to JMF", "Replace attachment"])
        self.locations = Strings(["Inbox/folder", "Quarantine", "Junk folder", "On-premises/external"])
        self.policies = Strings(["", "Antiphish", "Antimalware", "Antispam"])
        self.directions = Strings(["Intra-org", "Outbound", "Inbound"])
        self.confidence = Strings(['{"Phish":null,"Spam":"Normal"}', '{"Phish":"High","Spam":null}',
                                   '{"Phish":null,"Spam":"Normal"}', '{"Phish":null,"Spam":"High"}'])
        self.auth = Strings(['{"SPF":"pass","DKIM":"pass","DMARC":"pass","CompAuth":"pass"}',
                             '{"SPF":"fail","DKIM":"none","DMARC":"fail","CompAuth":"fail"}'])
        det, self.det_base = [""], {}
        for name in ("Phish", "Malware", "Spam"):
            self.det_base[name] = len(det)
            det.extend(o.replace("{{", "{").replace("}}", "}") for o in VM.DETECTION_METHODS[name])
        self.detections = Strings(det)

    def slice(self, fd, si, a, b, budgets) -> dict:
        n_rows = budgets.get("EmailEvents", 0)
        if n_rows <= 0:
            return {}
        f, t, r = self.f, self.t, self.r
        rng = fd.rng(si, 30)
        m = max(1, int(n_rows / 1.22))
        cat = choose(rng, m, CAT_W)
        # senders (messages) and their time
        sender_acct, ts, inside = f.sample_people(rng, m, fd.dday, a, b)
        dom_idx = np.zeros(m, dtype=np.int64)
        for ci, c in enumerate(CATS[:7]):
            mm = cat == ci
            if mm.any():
                opts = self.doms[c]
                k = choose(rng, int(mm.sum()), [w for _, w in opts])
                dom_idx[mm] = np.array([self.dom_index[d] for d, _ in opts])[k]
        # recipients: people for inbound and internal, outsiders for outbound
        nrec = 1 + (rng.random(m) < 0.15).astype(int) + (rng.random(m) < 0.05).astype(int)
        nrec = np.where(cat == CATS.index("bulk"), nrec + (rng.random(m) < 0.3) * 3, nrec)
        row_msg = np.repeat(np.arange(m), nrec)
        n = len(row_msg)
        rec_acct, _, _ = f.sample_people(rng, n, fd.dday, a, b)
        rcat = cat[row_msg]
        outbound = rcat == CATS.index("outbound")
        msg_id = guid_strings(rng, m)
        ext_i = rng.integers(0, len(self.ext_people), m)
        # addresses
        upn = f.acc["upn"].array
        ext_dom = np.where(cat == CATS.index("outbound"),
                           np.array([self.dom_index[d] for d, _ in self.doms["partner"]])[rng.integers(0, len(self.doms["partner"]), m)],
                           dom_idx)
        local = np.where(np.isin(cat, [CATS.index("partner")]), 0, 1)
        person_addr = pc.binary_join_element_wise(self.ext_people.array.take(pa.array(ext_i)), "@",
                                                  self.domains.array.take(pa.array(ext_dom)), "")
        role_addr = pc.binary_join_element_wise(self.locals.array.take(pa.array(rng.integers(0, len(self.locals), m))), "@",
                                                self.domains.array.take(pa.array(ext_dom)), "")
        ext_addr = pc.if_else(pa.array(local == 0), person_addr, role_addr)
        internal_sender = (cat == CATS.index("internal")) | (cat == CATS.index("outbound"))
        sender_addr = pc.if_else(pa.array(internal_sender), upn.take(pa.array(sender_acct)), ext_addr)
        sender_dom = pc.if_else(pa.array(internal_sender), pa.scalar(t.mail_domain), self.domains.array.take(pa.array(ext_dom)))
        sender_disp = pc.if_else(pa.array(internal_sender), f.acc["display"].array.take(pa.array(sender_acct)),
                                 pc.if_else(pa.array(local == 0), self.ext_display.array.take(pa.array(ext_i)),
                                            pc.utf8_capitalize(self.domains.array.take(pa.array(ext_dom)))))
        # recipient: the outsider's address (outbound) or the person's, as codes into both
        recipient = pa.DictionaryArray.from_arrays(
            pa.array(np.where(outbound, row_msg, m + rec_acct).astype(np.int32)),
            pa.concat_arrays([person_addr, upn]), safe=False)
        # verdicts
        u = rng.random(m)
        phish, malware, spam, bulk = (cat == CATS.index(x) for x in ("phish", "malware", "spam", "bulk"))
        delivered = np.ones(m, dtype=bool)
        junk = np.zeros(m, dtype=bool)
        blocked = np.zeros(m, dtype=bool)
        replaced = np.zeros(m, dtype=bool)
        junk |= bulk & (u < 0.35)
        junk |= spam & (u < 0.85)
        blocked |= spam & (u >= 0.85)
        blocked |= phish & (u < 0.7)
        junk |= phish & (u >= 0.7) & (u < 0.9)
        blocked |= malware & (u < 0.85)
        replaced |= malware & (u >= 0.85) & (u < 0.95)
        delivered = ~(junk | blocked | replaced)
        missed = delivered & (phish | malware)
        # verdict strings as codes into small dictionaries (THREATS, ACTIONS, LOCATIONS, DETECTIONS)
        threat = np.where(phish, 1, np.where(malware, 2, np.where((spam | (bulk & junk)), 3, 0)))
        threat = np.where(missed, 0, threat)        # not caught at delivery time
        action = np.where(blocked, 1, np.where(junk, 2, np.where(replaced, 3, 0)))
        location = np.where(blocked, 1, np.where(junk, 2, 0))
        det = np.zeros(m, dtype=np.int64)
        for ti, name in ((1, "Phish"), (2, "Malware"), (3, "Spam")):
            mm = threat == ti
            if mm.any():
                opts = VM.DETECTION_METHODS[name]
                det[mm] = self.det_base[name] + rng.integers(0, len(opts), int(mm.sum()))
        has_att = rng.random(m) < np.array([ATTACH_P[c] for c in CATS])[cat]
        has_url = rng.random(m) < np.array([URL_P[c] for c in CATS])[cat]
        n_att = np.where(has_att, 1 + (rng.random(m) < 0.2), 0)
        n_url = np.where(has_url, 1 + (rng.random(m) < 0.4) + (rng.random(m) < 0.2), 0)
        param = rng.integers(0, 4096, m)
        subj_t = np.zeros(m, dtype=np.int64)
        for ci, c in enumerate(CATS):
            mm = cat == ci
            if mm.any():
                opts = np.array(self.subject_tpl[c])
                subj_t[mm] = opts[rng.integers(0, len(opts), int(mm.sum()))]
        subject = r.column(subj_t, param, sender_acct, np.zeros(m, np.int64))
        cluster = (subj_t * 7919 + cat * 104729 + (param % 7)).astype(np.int64) + 3_000_000_000_000
        auth_fail = (phish & (rng.random(m) < 0.4)) | (spam & (rng.random(m) < 0.5))
        direction = np.where(cat == CATS.index("internal"), 0, np.where(cat == CATS.index("outbound"), 1, 2))
        imid = pc.binary_join_element_wise("<", hex_strings(rng, m, 24), "@", sender_dom, ">", "")
        R = row_msg
        ev = {
            "Timestamp": numeric(ts[R], "datetime"), "NetworkMessageId": _by(msg_id, R), "InternetMessageId": _by(imid, R),
            "SenderMailFromAddress": _by(sender_addr, R), "SenderFromAddress": _by(sender_addr, R),
            "SenderDisplayName": _by(sender_disp, R),
            "SenderObjectId": masked_dict(sender_acct[R], internal_sender[R], f.acc["oid"].array),
            "SenderMailFromDomain": _by(sender_dom, R), "SenderFromDomain": _by(sender_dom, R),
            "SenderIPv4": masked_dict(dom_idx[R], ~internal_sender[R], self.sender_ip.array),
            "RecipientEmailAddress": recipient, "RecipientObjectId": masked_dict(rec_acct, ~outbound, f.acc["oid"].array),
            "Subject": pa.DictionaryArray.from_arrays(pa.array(subject.indices.to_numpy(zero_copy_only=False)[R]), subject.dictionary, safe=False),
            "EmailClusterId": numeric(cluster[R], "long"), "EmailDirection": self.directions.take(direction[R]),
            "DeliveryAction": self.actions.take(action[R]),
            "DeliveryLocation": self.locations.take(np.where(outbound, 3, location[R])),
            "ThreatTypes": self.threats.take(threat[R]),
            "ThreatNames": self.threat_names.take((malware[R] & ~missed[R]).astype(np.int64)),
            "DetectionMethods": self.detections.take(det[R]),
            "ConfidenceLevel": self.confidence.take(threat[R]),
            "BulkComplaintLevel": numeric(np.where(bulk[R], 6 + rng.integers(0, 3, n), np.where(cat[R] == CATS.index("newsletter"), 4, 0)), "int"),
            "EmailAction": self.email_actions.take(action[R]),
            "EmailActionPolicy": self.policies.take(np.where(blocked[R] | junk[R], np.where(phish[R], 1, np.where(malware[R], 2, 3)), 0)),
            "AuthenticationDetails": self.auth.take(auth_fail[R].astype(np.int64)), "AttachmentCount": numeric(n_att[R], "int"),
            "UrlCount": numeric(n_url[R], "int"), "EmailLanguage": const_str(n, "en"), "Connectors": const_str(n, ""),
            "OrgLevelAction": const_str(n, ""), "UserLevelAction": const_str(n, ""),
            "ReportId": guid_strings(rng, n),
            "LatestDeliveryLocation": self.locations.take(np.where(outbound, 3, np.where(missed[R], 2, location[R]))),
            "LatestDeliveryAction": self.actions.take(np.where(missed[R], 4, action[R])),
            "OriginalThreatTypes": self.threats.take(threat[R]),
            "RecipientDomain": pa.DictionaryArray.from_arrays(
                pa.array(np.where(outbound, ext_dom[R], len(self.domains)).astype(np.int32)),
                pa.concat_arrays([self.domains.array, pa.array([t.mail_domain])]), safe=False),
            "EmailSize": numeric(rng.integers(4_000, 90_000, n) + n_att[R] * rng.integers(20_000, 2_000_000, n), "long"),
            "IsFirstContact": numeric(((cat[R] >= 4) & (cat[R] <= 6)).astype(int), "int"),
            "To": recipient, "Cc": const_str(n, ""), "AdditionalFields": const_str(n, "{}"),
        }
        order = stable_order(ts[R])
        out = {"EmailEvents": (n, _take(ev, order))}
        # attachments: per recipient row
        att_rows = np.repeat(np.arange(n), n_att[R])
        if len(att_rows):
            am = R[att_rows]
            bad = (malware | (phish & (rng.random(m) < 0.6)))[am]
            pools = {False: self.att["business"], True: self.att["malicious"]}
            tpl = np.zeros(len(att_rows), dtype=np.int64)
            ftype = np.empty(len(att_rows), dtype=object)
            for flag in (False, True):
                mm = bad == flag
                if mm.any():
                    opts = pools[flag]
                    k = choose(rng, int(mm.sum()), [w for _, _, w in opts])
                    tpl[mm] = np.array([o[0] for o in opts])[k]
                    ftype[mm] = np.array([o[1] for o in opts], dtype=object)[k]
            names = r.column(tpl, param[am] + np.arange(len(am)) % 2, sender_acct[am], np.zeros(len(am), np.int64))
            from hunt.store.demo.devtables import file_hash_columns
            hashes, sizes = file_hash_columns(r, names, np.ones(len(am), dtype=bool))
            pa_rows = pa.array(att_rows)
            att_threat = np.where(malware[am] & ~missed[am], "Malware", "")
            att = {"Timestamp": numeric(ts[am], "datetime"), "NetworkMessageId": msg_id.take(pa.array(am)),
                   "SenderFromAddress": sender_addr.take(pa.array(am)), "SenderDisplayName": sender_disp.take(pa.array(am)),
                   "SenderObjectId": ev["SenderObjectId"].take(pa_rows), "RecipientEmailAddress": recipient.take(pa_rows),
                   "RecipientObjectId": ev["RecipientObjectId"].take(pa_rows), "FileName": names,
                   "FileType": pa.array(ftype.astype(str)).dictionary_encode(), "SHA256": hashes["SHA256"],
                   "FileSize": numeric(sizes, "long"), "ThreatTypes": pa.array(att_threat).dictionary_encode(),
                   "ThreatNames": pa.array(np.where(att_threat == "Malware", "TrojanDownloader:O97M/Emotet.RV!MTB", "")).dictionary_encode(),
                   "DetectionMethods": pa.array(np.where(att_threat == "Malware", '{"Malware":["File detonation"]}', "")).dictionary_encode(),
                   "ReportId": guid_strings(rng, len(am))}
            out["EmailAttachmentInfo"] = (len(am), att)
        # URLs: per message
        url_msg = np.repeat(np.arange(m), n_url)
        if len(url_msg):
            tpl = np.zeros(len(url_msg), dtype=np.int64)
            for ci, c in enumerate(CATS):
                mm = cat[url_msg] == ci
                if mm.any():
                    opts = np.array(self.url_tpl[c])
                    tpl[mm] = opts[rng.integers(0, len(opts), int(mm.sum()))]
            uparam = (param[url_msg] * 3 + np.arange(len(url_msg))) % 4096
            urls = r.column(tpl, uparam, sender_acct[url_msg], np.zeros(len(url_msg), np.int64))
            url_str = urls.cast(pa.string())
            host = pc.extract_regex(url_str, r"^https?://(?P<h>[^/:?]+)").field("h")
            chain = hex_strings(rng, len(url_msg), 16)
            ui = {"Timestamp": numeric(ts[url_msg], "datetime"), "NetworkMessageId": msg_id.take(pa.array(url_msg)),
                  "Url": urls, "UrlDomain": pc.dictionary_encode(host), "UrlLocation": pa.array(np.where(rng.random(len(url_msg)) < 0.93, "Body", np.where(rng.random(len(url_msg)) < 0.5, "Attachment", "QRCode"))).dictionary_encode(),
                  "UrlChainId": chain, "UrlChainPosition": numeric(np.zeros(len(url_msg), np.int64), "int"),
                  "ReportId": guid_strings(rng, len(url_msg))}
            out["EmailUrlInfo"] = (len(url_msg), ui)
            # clicks by recipients of delivered mail with links
            first_url = np.cumsum(n_url) - n_url
            rows_with = np.nonzero((n_url[R] > 0) & delivered[R] & ~outbound)[0]
            p_click = np.where(missed[R[rows_with]], 0.35, np.where(cat[R[rows_with]] <= 1, 0.3, 0.08))
            clicked = rows_with[rng.random(len(rows_with)) < p_click]
            if len(clicked):
                cm = R[clicked]
                k = len(clicked)
                cts = np.minimum(ts[cm] + (rng.exponential(1800, k) * US).astype(np.int64) + 20 * US, b - 1)
                cu = url_str.take(pa.array(first_url[cm]))
                blockedc = missed[cm] & (rng.random(k) < 0.7)
                place = fd.where_from(rng, rec_acct[clicked], np.ones(k, dtype=bool))
                out["UrlClickEvents"] = (k, {
                    "Timestamp": numeric(cts, "datetime"), "Url": cu,
                    "ActionType": pa.array(np.where(blockedc, "ClickBlocked", "ClickAllowed")).dictionary_encode(),
                    "AccountUpn": upn.take(pa.array(rec_acct[clicked])),
                    "Workload": pa.array(np.where(rng.random(k) < 0.9, "Email", np.where(rng.random(k) < 0.5, "Teams", "Office"))).dictionary_encode(),
                    "NetworkMessageId": msg_id.take(pa.array(cm)),
                    "ThreatTypes": pa.array(np.where(blockedc, np.where(phish[cm], "Phish", "Malware"), "")).dictionary_encode(),
                    "DetectionMethods": pa.array(np.where(blockedc, '["URL detonation reputation"]', "")).dictionary_encode(),
                    "IPAddress": place["ip"], "IsClickedThrough": numeric(blockedc & (rng.random(k) < 0.2), "bool"),
                    "UrlChain": pc.binary_join_element_wise('["', cu, '"]', ""), "ReportId": guid_strings(rng, k),
                    "AppName": const_str(k, "Outlook"), "AppVersion": const_str(k, "16.0.17328.20162"),
                    "TenantId": const_str(k, t.tenant_id), "Type": const_str(k, "UrlClickEvents"),
                    "SourceSystem": const_str(k, "Azure"), "TimeGenerated": numeric(cts, "datetime")})
        # post-delivery: ZAP of missed threats, some manual remediation and user reports
        zap_rows = np.nonzero(missed[R])[0]
        extra = np.nonzero(delivered[R] & (cat[R] == CATS.index("spam")) & (rng.random(n) < 0.2))[0]
        pd_rows = np.concatenate([zap_rows, extra])
        if len(pd_rows):
            pm = R[pd_rows]
            k = len(pd_rows)
            pts = np.minimum(ts[pm] + (rng.exponential(3600, k) * US).astype(np.int64) + 300 * US, b - 1)
            is_zap = np.arange(k) < len(zap_rows)
            kind = np.where(is_zap, np.where(phish[pm], "Phish ZAP", "Malware ZAP"), "Spam ZAP")
            out["EmailPostDeliveryEvents"] = (k, {
                "Timestamp": numeric(pts, "datetime"), "NetworkMessageId": msg_id.take(pa.array(pm)),
                "InternetMessageId": imid.take(pa.array(pm)), "Action": pa.array(np.where(is_zap & malware[pm], "Soft delete", "Moved to junk folder")).dictionary_encode(),
                "ActionType": pa.array(kind).dictionary_encode(), "ActionTrigger": const_str(k, "Special action"),
                "ActionResult": const_str(k, "Success"), "RecipientEmailAddress": recipient.take(pa.array(pd_rows)),
                "DeliveryLocation": pa.array(np.where(is_zap & malware[pm], "Deleted items", "Junk folder")).dictionary_encode(),
                "ThreatTypes": pa.array(np.where(phish[pm], "Phish", np.where(malware[pm], "Malware", "Spam"))).dictionary_encode(),
                "DetectionMethods": pa.array(np.where(phish[pm], '{"Phish":["URL detonation reputation"]}', np.where(malware[pm], '{"Malware":["File detonation"]}', '{"Spam":["Advanced filter"]}'))).dictionary_encode(),
                "ReportId": guid_strings(rng, k), "SenderFromAddress": sender_addr.take(pa.array(pm)),
                "EmailDirection": const_str(k, "Inbound"), "SourceLocation": const_str(k, "Inbox")})
        return out


def _by(values: pa.Array, rows: np.ndarray) -> pa.DictionaryArray:
    """values[rows] as a dictionary array (no strings copied)."""
    return pa.DictionaryArray.from_arrays(pa.array(np.asarray(rows, dtype=np.int32)), values, safe=False)


def _take(cols: dict, order: np.ndarray) -> dict:
    from hunt.store.demo.families import _take as take
    return take(cols, order)
