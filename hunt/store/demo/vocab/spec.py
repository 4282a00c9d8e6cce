"""The behaviour spec constructor shared by the behaviour vocabularies."""


def B(key, image, parent, cmd, w=None, acct="parent", integ=None, kids=(), ev=(), req="",
      since=0.0, until=1.0, at=(), on=""):
    """`at`: hours before the end of the period when the behaviour happens once (incidents
    and chores on a schedule, besides or instead of the random starts `w`); `on`: which
    devices may host it: a class (ws srv dc lnx mac), 'role:<role>', 'has:<software>' or
    'admin' (IT staff workstations), several separated by spaces."""
    return {"key": key, "image": image, "parent": parent, "cmd": cmd, "w": w or {},
            "acct": acct, "integ": integ, "kids": list(kids), "ev": list(ev), "req": req,
            "since": since, "until": until, "at": list(at), "on": on}
