"""Python bodies of KQL's geo_* functions.

Kusto measures on a sphere of radius 6,371,010 m with geodesic (great-circle) edges, the model
of Google's S2 library; the `s2geometry` package (S2's own Python bindings) gives the same
figures to the last digit (areas, centroids, distances, cell ids). H3 cells come from Uber's
`h3` package; geohash is a few lines here. Each function takes one row's Python values and
returns a Python value (GeoJSON as text) or None for Kusto's null; `geo.install` wraps them
into Arrow UDFs.

GeoJSON rules (Kusto's docs): coordinates are [longitude, latitude] with longitude in
[-180, 180] and latitude in [-90, 90]; a line needs two points; a polygon ring needs at least
three distinct vertices with the first equal to the last; a ring encloses the smaller of the two
regions it divides the sphere into.
"""
from __future__ import annotations

import json
import math
from typing import Optional

import s2geometry as s2

EARTH_RADIUS = 6371010.0          # S2Earth::RadiusMeters(), what Kusto measures with


class Invalid(ValueError):
    """An argument Kusto rejects: the function gives null."""


# ------------------------------------------------------------------ values in and out


def _finite(*vals) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
               for v in vals)


def valid_lnglat(lng, lat) -> bool:
    return _finite(lng, lat) and -180 <= lng <= 180 and -90 <= lat <= 90


def point(lng, lat) -> s2.S2Point:
    return s2.S2LatLng.FromDegrees(lat, lng).ToPoint()


def lnglat(p: s2.S2Point) -> tuple[float, float]:
    ll = s2.S2LatLng(p)
    return ll.lng().degrees(), ll.lat().degrees()


def meters(angle: s2.S1Angle) -> float:
    return angle.radians() * EARTH_RADIUS


def dump(value) -> str:
    return json.dumps(value, separators=(",", ":"), allow_nan=False)


def point_json(lng, lat) -> str:
    return dump({"type": "Point", "coordinates": [lng, lat]})


def point_json_of(p: s2.S2Point) -> str:
    return point_json(*lnglat(p))


def parse_geo(text) -> dict:
    if text is None:
        raise Invalid
    try:
        value = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        raise Invalid
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        raise Invalid
    return value


def _coord(c) -> tuple[float, float]:
    if not isinstance(c, list) or len(c) < 2 or not valid_lnglat(c[0], c[1]):
        raise Invalid
    return float(c[0]), float(c[1])


def _dedup(coords: list) -> list:
    out = []
    for c in coords:
        if not out or out[-1] != c:
            out.append(c)
    return out


def line_parts(geo: dict) -> list[list[tuple[float, float]]]:
    """The coordinate lists of a LineString / MultiLineString (each at least two points)."""
    kind, coords = geo.get("type"), geo.get("coordinates")
    if kind == "LineString":
        parts = [coords]
    elif kind == "MultiLineString" and isinstance(coords, list) and coords:
        parts = coords
    else:
        raise Invalid
    out = []
    for part in parts:
        if not isinstance(part, list) or len(part) < 2:
            raise Invalid
        pts = [_coord(c) for c in part]
        if len(_dedup(pts)) < 2:
            raise Invalid
        out.append(pts)
    return out


def polygon_parts(geo: dict) -> list[list[list[tuple[float, float]]]]:
    """Polygon / MultiPolygon as a list of polygons, each a list of closed rings."""
    kind, coords = geo.get("type"), geo.get("coordinates")
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon" and isinstance(coords, list) and coords:
        polys = coords
    else:
        raise Invalid
    out = []
    for rings in polys:
        if not isinstance(rings, list) or not rings:
            raise Invalid
        parsed = []
        for ring in rings:
            if not isinstance(ring, list) or len(ring) < 4:
                raise Invalid
            pts = [_coord(c) for c in ring]
            if pts[0] != pts[-1]:
                raise Invalid
            if len(set(pts)) < 3:
                raise Invalid
            parsed.append(pts)
        out.append(parsed)
    return out


def s2_loop(ring: list[tuple[float, float]]) -> s2.S2Loop:
    verts = _dedup(ring[:-1])
    while len(verts) > 1 and verts[0] == verts[-1]:
        verts.pop()
    if len(verts) < 3:
        raise Invalid
    loop = s2.S2Loop([point(x, y) for x, y in verts])
    if not loop.IsValid():
        raise Invalid
    loop.Normalize()              # the smaller of the two regions
    return loop


def s2_polygon(geo: dict) -> s2.S2Polygon:
    """The region of a Polygon, or of a MultiPolygon (the union of its polygons)."""
    result = None
    for rings in polygon_parts(geo):
        poly = s2.S2Polygon()
        poly.InitNested([s2_loop(r) for r in rings])
        if not poly.IsValid():
            raise Invalid
        if result is None:
            result = poly
        else:
            union = s2.S2Polygon()
            union.InitToUnion(result, poly)
            result = union
    return result


def add_points(points) -> s2.S2Point:
    x = y = z = 0.0
    for p in points:
        x, y, z = x + p.x(), y + p.y(), z + p.z()
    return s2.S2Point_FromRaw(x, y, z)


def s2_polyline(pts: list[tuple[float, float]]) -> s2.S2Polyline:
    line = s2.S2Polyline()
    line.InitFromS2Points([point(x, y) for x, y in _dedup(pts)])
    return line


def polygon_geojson(rings_of_polys: list) -> str:
    """GeoJSON text of polygons given as lists of rings of (lng, lat) (rings not closed)."""
    polys = [[[list(c) for c in ring] + [list(ring[0])] for ring in rings]
             for rings in rings_of_polys]
    if len(polys) == 1:
        return dump({"type": "Polygon", "coordinates": polys[0]})
    return dump({"type": "MultiPolygon", "coordinates": polys})


def _loops_to_geojson(poly: s2.S2Polygon) -> Optional[str]:
    """GeoJSON of an S2Polygon: each shell with the holes nested directly inside it."""
    if poly.num_loops() == 0:
        return None
    shells = []
    for i in range(poly.num_loops()):
        loop = poly.loop(i)
        ring = [lnglat(loop.vertex(k)) for k in range(loop.num_vertices())]
        if loop.is_hole():
            ring = ring[:1] + ring[1:][::-1]      # holes run clockwise in GeoJSON
            shells[-1].append(ring)
        else:
            shells.append([ring])
    return polygon_geojson(shells)


def line_geojson(parts: list[list[tuple[float, float]]]) -> str:
    if len(parts) == 1:
        return dump({"type": "LineString", "coordinates": [list(c) for c in parts[0]]})
    return dump({"type": "MultiLineString", "coordinates": [[list(c) for c in p] for p in parts]})


# ------------------------------------------------------------------ points and distances


def distance_2points(lng1, lat1, lng2, lat2):
    if not (valid_lnglat(lng1, lat1) and valid_lnglat(lng2, lat2)):
        return None
    return meters(s2.S1Angle(point(lng1, lat1), point(lng2, lat2)))


def point_in_circle(lng, lat, clng, clat, radius):
    d = distance_2points(lng, lat, clng, clat)
    if d is None or not _finite(radius) or radius < 0:
        return None
    return d <= radius


def _azimuth(p1: s2.S2Point, p2: s2.S2Point) -> Optional[float]:
    """Initial bearing from p1 to p2 in radians, clockwise from north, in [0, 2*pi)."""
    lng1, lat1 = (math.radians(v) for v in lnglat(p1))
    lng2, lat2 = (math.radians(v) for v in lnglat(p2))
    dl = lng2 - lng1
    y = math.sin(dl) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dl)
    if abs(x) < 1e-15 and abs(y) < 1e-15:
        return None
    return math.atan2(y, x) % (2 * math.pi)


def azimuth(lng1, lat1, lng2, lat2):
    if not (valid_lnglat(lng1, lat1) and valid_lnglat(lng2, lat2)):
        return None
    p1, p2 = point(lng1, lat1), point(lng2, lat2)
    if s2.S1Angle(p1, p2).radians() < 1e-15:
        return None
    return _azimuth(p1, p2)


def angle(lng1, lat1, lng2, lat2, lng3, lat3):
    """The angle at p2 between the geodesics to p1 and to p3, in [0, 2*pi], measured
    clockwise from the p1 edge; null when p2 equals p1 or p3."""
    if not all(valid_lnglat(*p) for p in ((lng1, lat1), (lng2, lat2), (lng3, lat3))):
        return None
    a, b, c = point(lng1, lat1), point(lng2, lat2), point(lng3, lat3)
    if s2.S1Angle(a, b).radians() < 1e-15 or s2.S1Angle(c, b).radians() < 1e-15:
        return None
    az1, az3 = _azimuth(b, a), _azimuth(b, c)
    if az1 is None or az3 is None:
        return None
    return (az3 - az1) % (2 * math.pi)


# ------------------------------------------------------------------ S2 cells


def point_to_s2cell(lng, lat, level=11):
    if level is None:
        return None
    if not valid_lnglat(lng, lat) or not 0 <= level <= 30:
        return None
    cell = s2.S2CellId(s2.S2LatLng.FromDegrees(lat, lng)).parent(int(level))
    return cell.ToToken()


def _s2cell(token) -> s2.S2CellId:
    if not isinstance(token, str) or not token or len(token) > 16:
        raise Invalid
    if any(ch not in "0123456789abcdefABCDEF" for ch in token):
        raise Invalid
    cell = s2.S2CellId.FromToken(token)
    if not cell.is_valid():
        raise Invalid
    return cell


def s2cell_to_central_point(token):
    return point_json_of(_s2cell(token).ToPoint())


def s2cell_to_polygon(token):
    cell = s2.S2Cell(_s2cell(token))
    return polygon_geojson([[[lnglat(cell.GetVertex(i)) for i in range(4)]]])


def s2cell_neighbors(token):
    cell = _s2cell(token)
    return dump([n.ToToken() for n in cell.GetAllNeighbors(cell.level())])


MAX_S2_CELLS = 65536


def polygon_to_s2cells(text, level=11):
    if level is None or not 0 <= level <= 30:
        return None
    poly = s2_polygon(parse_geo(text))
    if poly.GetArea() / s2.S2Cell.AverageArea(int(level)) > MAX_S2_CELLS:
        return None                      # the covering would pass Kusto's limit
    cov = s2.S2RegionCoverer()
    cov.set_min_level(int(level))
    cov.set_max_level(int(level))
    cov.set_max_cells(MAX_S2_CELLS)
    cells = cov.GetCovering(poly)
    if len(cells) >= MAX_S2_CELLS:
        return None
    return dump([c.ToToken() for c in cells])


# ------------------------------------------------------------------ geohash

_B32 = "0123456789bcdefghjkmnpqrstuvwxyz"


def point_to_geohash(lng, lat, accuracy=5):
    if accuracy is None or not valid_lnglat(lng, lat) or not 1 <= accuracy <= 18:
        return None
    lo = [-180.0, -90.0]
    hi = [180.0, 90.0]
    val = [lng, lat]
    out, bits, ch, axis = [], 0, 0, 0
    while len(out) < accuracy:
        mid = (lo[axis] + hi[axis]) / 2
        ch <<= 1
        if val[axis] >= mid:
            ch |= 1
            lo[axis] = mid
        else:
            hi[axis] = mid
        axis ^= 1
        bits += 1
        if bits == 5:
            out.append(_B32[ch])
            bits, ch = 0, 0
    return "".join(out)


def _geohash_box(gh) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a geohash."""
    if not isinstance(gh, str) or not 1 <= len(gh) <= 18:
        raise Invalid
    lo = [-180.0, -90.0]
    hi = [180.0, 90.0]
    axis = 0
    for ch in gh.lower():
        v = _B32.find(ch)
        if v < 0:
            raise Invalid
        for shift in range(4, -1, -1):
            mid = (lo[axis] + hi[axis]) / 2
            if (v >> shift) & 1:
                lo[axis] = mid
            else:
                hi[axis] = mid
            axis ^= 1
    return lo[0], lo[1], hi[0], hi[1]


def geohash_to_central_point(gh):
    w, s, e, n = _geohash_box(gh)
    return point_json((w + e) / 2, (s + n) / 2)


def geohash_to_polygon(gh):
    w, s, e, n = _geohash_box(gh)
    return polygon_geojson([[[(w, s), (e, s), (e, n), (w, n)]]])


# the order Kusto lists neighbours in (docs: 'sunny'): SW, NW, SE, N, W, NE, E, S
_GEOHASH_STEPS = ((-1, -1), (-1, 1), (1, -1), (0, 1), (-1, 0), (1, 1), (1, 0), (0, -1))


def geohash_neighbors(gh):
    w, s, e, n = _geohash_box(gh)
    dw, dh = e - w, n - s
    cx, cy = (w + e) / 2, (s + n) / 2
    out = []
    for dx, dy in _GEOHASH_STEPS:
        lat = cy + dy * dh
        if not -90 < lat < 90:
            continue
        lng = (cx + dx * dw + 180) % 360 - 180
        out.append(point_to_geohash(lng, lat, len(gh)))
    return dump(out)


# ------------------------------------------------------------------ H3


def _h3():
    import h3
    return h3


def _h3cell(cell):
    h3 = _h3()
    if not isinstance(cell, str) or not cell:
        raise Invalid
    try:
        ok = h3.is_valid_cell(cell)
    except (ValueError, TypeError):
        ok = False
    if not ok:
        raise Invalid
    return cell.lower()


def point_to_h3cell(lng, lat, resolution=6):
    if resolution is None or not valid_lnglat(lng, lat) or not 0 <= resolution <= 15:
        return None
    return _h3().latlng_to_cell(lat, lng, int(resolution))


def h3cell_to_central_point(cell):
    lat, lng = _h3().cell_to_latlng(_h3cell(cell))
    return point_json(lng, lat)


def _h3_ring(cell) -> list[tuple[float, float]]:
    return [(lng, lat) for lat, lng in _h3().cell_to_boundary(cell)]


def h3cell_to_polygon(cell):
    return polygon_geojson([[_h3_ring(_h3cell(cell))]])


def h3cell_neighbors(cell):
    c = _h3cell(cell)
    return dump([n for n in _h3().grid_disk(c, 1) if n != c])


def h3cell_level(cell):
    return _h3().get_resolution(_h3cell(cell))


def h3cell_parent(cell, resolution=None):
    c = _h3cell(cell)
    level = _h3().get_resolution(c)
    res = level - 1 if resolution is None else int(resolution)
    if not 0 <= res <= level:
        return None
    return _h3().cell_to_parent(c, res)


MAX_H3_CHILDREN = 2 ** 16


def h3cell_children(cell, resolution=None):
    c = _h3cell(cell)
    level = _h3().get_resolution(c)
    res = level + 1 if resolution is None else int(resolution)
    if not level <= res <= 15 or 7 ** (res - level) > MAX_H3_CHILDREN:
        return None
    return dump(list(_h3().cell_to_children(c, res)))


def h3cell_rings(cell, distance):
    c = _h3cell(cell)
    if distance is None or not 0 <= distance <= 142:
        return None
    h3 = _h3()
    return dump([[c]] + [list(h3.grid_ring(c, k)) for k in range(1, int(distance) + 1)])


MAX_H3_POLYGON_CELLS = 61680


def polygon_to_h3cells(text, resolution=6, radius=0.0):
    if resolution is None or not 0 <= resolution <= 15:
        return None
    if radius is not None and (not _finite(radius) or radius < 0):
        return None
    geo = parse_geo(text)
    parts = polygon_parts(geo)
    h3 = _h3()
    if radius:
        buffered = parse_geo(buffer_polygon(s2_polygon(geo), radius, 0.1))
        parts = polygon_parts(buffered)
    cells = []
    seen = set()
    for rings in parts:
        shell = [(lat, lng) for lng, lat in rings[0]]
        holes = [[(lat, lng) for lng, lat in r] for r in rings[1:]]
        for c in h3.polygon_to_cells(h3.LatLngPoly(shell, *holes), int(resolution)):
            if c not in seen:
                seen.add(c)
                cells.append(c)
    if len(cells) > MAX_H3_POLYGON_CELLS:
        return None
    return dump(cells)


# ------------------------------------------------------------------ lines


def line_length(text):
    parts = line_parts(parse_geo(text))
    return sum(meters(s2_polyline(p).GetLength()) for p in parts)


def line_centroid(text):
    parts = line_parts(parse_geo(text))
    total = add_points(s2_polyline(p).GetCentroid() for p in parts)
    if total.Norm() == 0:
        return None
    return point_json_of(total.Normalize())


def _closest_on_lines(parts, q: s2.S2Point):
    best = None
    for p in parts:
        line = s2_polyline(p)
        proj, _ = line.Project(q)
        d = s2.S1Angle(proj, q).radians()
        if best is None or d < best[0]:
            best = (d, proj)
    return best


def distance_point_to_line(lng, lat, text):
    if not valid_lnglat(lng, lat):
        return None
    parts = line_parts(parse_geo(text))
    return _closest_on_lines(parts, point(lng, lat))[0] * EARTH_RADIUS


def closest_point_on_line(lng, lat, text):
    if not valid_lnglat(lng, lat):
        return None
    parts = line_parts(parse_geo(text))
    return point_json_of(_closest_on_lines(parts, point(lng, lat))[1])


def line_interpolate_point(text, fraction):
    if not _finite(fraction) or not 0 <= fraction <= 1:
        return None
    parts = line_parts(parse_geo(text))
    if len(parts) != 1:
        return None
    return point_json_of(s2_polyline(parts[0]).Interpolate(float(fraction)))


def line_locate_point(text, lng, lat):
    if not valid_lnglat(lng, lat):
        return None
    parts = line_parts(parse_geo(text))
    if len(parts) != 1:
        return None
    line = s2_polyline(parts[0])
    proj, nxt = line.Project(point(lng, lat))
    return line.UnInterpolate(proj, nxt)


def _densify(pts, tolerance):
    """Insert points on each planar (straight in degrees) edge until the geodesic between
    consecutive points stays within `tolerance` meters of it (halving edges)."""
    out = [pts[0]]

    def split(a, b, depth):
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        geo_mid = s2.Interpolate(point(*a), point(*b), 0.5)
        if depth < 20 and meters(s2.S1Angle(geo_mid, point(*mid))) > tolerance:
            split(a, mid, depth + 1)
            split(mid, b, depth + 1)
        else:
            out.append(b)

    for a, b in zip(pts, pts[1:]):
        if abs(a[0] - b[0]) >= 180:
            raise Invalid
        split(a, b, 0)
    return out


MAX_DENSIFY_POINTS = 10485760


def line_densify(text, tolerance=10.0, preserve_crossing=False):
    tolerance = 10.0 if tolerance is None else tolerance
    if not _finite(tolerance) or tolerance < 0.1:
        return None
    parts = [_densify(p, tolerance) for p in line_parts(parse_geo(text))]
    return line_geojson(parts)


def polygon_densify(text, tolerance=10.0, preserve_crossing=False):
    tolerance = 10.0 if tolerance is None else tolerance
    if not _finite(tolerance) or tolerance < 0.1:
        return None
    geo = parse_geo(text)
    s2_polygon(geo)                                  # validates
    polys = [[_densify(r, tolerance)[:-1] for r in rings] for rings in polygon_parts(geo)]
    return polygon_geojson(polys)


def _simplify(pts: list, tolerance: float) -> list:
    """Douglas-Peucker on the sphere: keep a point when it lies farther than `tolerance`
    meters from the geodesic through the kept neighbours."""
    if len(pts) <= 2:
        return pts
    a, b = point(*pts[0]), point(*pts[-1])
    best, idx = -1.0, 0
    for i in range(1, len(pts) - 1):
        q = point(*pts[i])
        d = meters(s2.S1Angle(s2_polyline([pts[0], pts[-1]]).Project(q)[0], q)) \
            if pts[0] != pts[-1] else meters(s2.S1Angle(a, q))
        if d > best:
            best, idx = d, i
    if best <= tolerance:
        return [pts[0], pts[-1]]
    left = _simplify(pts[:idx + 1], tolerance)
    return left[:-1] + _simplify(pts[idx:], tolerance)


def line_simplify(text, tolerance=10.0):
    tolerance = 10.0 if tolerance is None else tolerance
    if not _finite(tolerance) or tolerance < 0:
        return None
    out = []
    for p in line_parts(parse_geo(text)):
        s = _simplify(_dedup(p), tolerance)
        first = point(*s[0])
        if all(meters(s2.S1Angle(first, point(*c))) <= tolerance for c in s[1:]):
            return None                  # the line collapses to a point (S2 snapping)
        out.append(s)
    return line_geojson(out)


def polygon_simplify(text, tolerance=10.0):
    tolerance = 10.0 if tolerance is None else tolerance
    if not _finite(tolerance) or tolerance < 0:
        return None
    geo = parse_geo(text)
    s2_polygon(geo)
    polys = []
    for rings in polygon_parts(geo):
        out = []
        for r in rings:
            s = _simplify(r, tolerance)
            if len(set(s)) < 3:
                if out:
                    continue       # a hole that vanished
                return None
            out.append(s[:-1])
        polys.append(out)
    return polygon_geojson(polys)


# ------------------------------------------------------------------ polygons


def polygon_area(text):
    return s2_polygon(parse_geo(text)).GetArea() * EARTH_RADIUS ** 2


def polygon_perimeter(text):
    poly = s2_polygon(parse_geo(text))
    total = 0.0
    for i in range(poly.num_loops()):
        loop = poly.loop(i)
        n = loop.num_vertices()
        total += sum(s2.S1Angle(loop.vertex(k), loop.vertex((k + 1) % n)).radians()
                     for k in range(n))
    return total * EARTH_RADIUS


def polygon_centroid(text):
    c = s2_polygon(parse_geo(text)).GetCentroid()
    if c.Norm() == 0:
        return None
    return point_json_of(c.Normalize())


def point_in_polygon(lng, lat, text):
    if not valid_lnglat(lng, lat):
        return None
    return bool(s2_polygon(parse_geo(text)).Contains(point(lng, lat)))


def distance_point_to_polygon(lng, lat, text):
    if not valid_lnglat(lng, lat):
        return None
    poly = s2_polygon(parse_geo(text))
    q = point(lng, lat)
    if poly.Contains(q):
        return 0.0
    return meters(s2.S1Angle(poly.Project(q), q))


def closest_point_on_polygon(lng, lat, text):
    if not valid_lnglat(lng, lat):
        return None
    poly = s2_polygon(parse_geo(text))
    q = point(lng, lat)
    if poly.Contains(q):
        return point_json(lng, lat)
    return point_json_of(poly.Project(q))


def buffer_polygon(poly: s2.S2Polygon, radius: float, tolerance: float) -> Optional[str]:
    opts = s2.S2BufferOperationOptions()
    opts.set_buffer_radius(s2.S1Angle.Radians(radius / EARTH_RADIUS))
    opts.set_error_fraction(max(min(tolerance, 1.0), 1e-6))
    out = s2.S2Polygon()
    op = s2.S2BufferOperation(s2.S2PolygonLayer(out), opts)
    op.AddPolygon(poly.Clone())        # the operation takes ownership
    op.Build()
    return _loops_to_geojson(out)


def point_buffer(lng, lat, radius, tolerance=0.1):
    tolerance = 0.1 if tolerance is None else tolerance
    if not valid_lnglat(lng, lat) or not _finite(radius, tolerance) or radius <= 0 \
            or not 0.00001 <= tolerance <= 1:
        return None
    opts = s2.S2BufferOperationOptions()
    opts.set_buffer_radius(s2.S1Angle.Radians(radius / EARTH_RADIUS))
    opts.set_error_fraction(tolerance)
    out = s2.S2Polygon()
    op = s2.S2BufferOperation(s2.S2PolygonLayer(out), opts)
    op.AddPoint(point(lng, lat))
    op.Build()
    return _loops_to_geojson(out)


def polygon_buffer(text, radius, tolerance=0.1):
    tolerance = 0.1 if tolerance is None else tolerance
    if not _finite(radius, tolerance) or radius == 0 or not 0.00001 <= tolerance <= 1:
        return None
    return buffer_polygon(s2_polygon(parse_geo(text)), radius, tolerance)


def line_buffer(text, radius, tolerance=0.1):
    tolerance = 0.1 if tolerance is None else tolerance
    if not _finite(radius, tolerance) or radius <= 0 or not 0.00001 <= tolerance <= 1:
        return None
    parts = line_parts(parse_geo(text))
    opts = s2.S2BufferOperationOptions()
    opts.set_buffer_radius(s2.S1Angle.Radians(radius / EARTH_RADIUS))
    opts.set_error_fraction(tolerance)
    out = s2.S2Polygon()
    op = s2.S2BufferOperation(s2.S2PolygonLayer(out), opts)
    # S2's Python bindings buffer points and polygons only: a line's buffer is the union of
    # discs centred along it, a quarter radius apart (within the requested error fraction)
    for p in parts:
        for a, b in zip(p, p[1:]):
            pa, pb = point(*a), point(*b)
            steps = max(1, math.ceil(meters(s2.S1Angle(pa, pb)) / (radius * 0.25)))
            if steps > 100000:
                return None
            for k in range(steps + 1):
                op.AddPoint(s2.Interpolate(pa, pb, k / steps))
    op.Build()
    return _loops_to_geojson(out)


# ------------------------------------------------------------------ intersections and unions

EMPTY_COLLECTION = dump({"type": "GeometryCollection", "geometries": []})


def _edges(parts):
    for p in parts:
        pts = [point(*c) for c in _dedup(p)]
        yield from zip(pts, pts[1:])


def _loop_edges(poly: s2.S2Polygon):
    for i in range(poly.num_loops()):
        loop = poly.loop(i)
        n = loop.num_vertices()
        for k in range(n):
            yield loop.vertex(k), loop.vertex((k + 1) % n)


def _same(p: s2.S2Point, q: s2.S2Point) -> bool:
    return s2.S1Angle(p, q).radians() < 1e-15


def _crossings(edges_a, edges_b) -> list[s2.S2Point]:
    """Points where edges of a meet edges of b (proper crossings and shared vertices)."""
    out: list[s2.S2Point] = []
    edges_b = list(edges_b)
    for a0, a1 in edges_a:
        for b0, b1 in edges_b:
            sign = s2.CrossingSign(a0, a1, b0, b1)
            if sign > 0:
                found = [s2.GetIntersection(a0, a1, b0, b1)]
            elif sign == 0:
                found = [v for v in (a0, a1) if _same(v, b0) or _same(v, b1)]
            else:
                continue
            for p in found:
                if not any(_same(p, q) for q in out):
                    out.append(p)
    return out


def _points_geojson(points: list[s2.S2Point]) -> str:
    if not points:
        return EMPTY_COLLECTION
    if len(points) == 1:
        return point_json_of(points[0])
    return dump({"type": "MultiPoint", "coordinates": [list(lnglat(p)) for p in points]})


def intersects_2lines(a, b):
    return bool(_crossings(_edges(line_parts(parse_geo(a))), _edges(line_parts(parse_geo(b)))))


def intersection_2lines(a, b):
    return _points_geojson(_crossings(_edges(line_parts(parse_geo(a))),
                                      _edges(line_parts(parse_geo(b)))))


def _polygon_op(op_type, a: s2.S2Polygon, b: s2.S2Polygon) -> s2.S2Polygon:
    out = s2.S2Polygon()
    op = s2.S2BooleanOperation(op_type, s2.S2PolygonLayer(out))
    ia, ib = s2.MutableS2ShapeIndex(), s2.MutableS2ShapeIndex()
    ia.Add(a.Clone())                 # the index takes ownership of what it is given
    ib.Add(b.Clone())
    op.Build(ia, ib)
    return out


def intersects_2polygons(a, b):
    pa, pb = s2_polygon(parse_geo(a)), s2_polygon(parse_geo(b))
    return bool(pa.Intersects(pb) or _crossings(_loop_edges(pa), _loop_edges(pb)))


def intersection_2polygons(a, b):
    pa, pb = s2_polygon(parse_geo(a)), s2_polygon(parse_geo(b))
    out = _polygon_op(s2.S2BooleanOperation.OpType_INTERSECTION, pa, pb)
    if out.num_loops():
        return _loops_to_geojson(out)
    # the regions only touch: Kusto's closed model gives the shared boundary points
    return _points_geojson(_crossings(_loop_edges(pa), _loop_edges(pb)))


def _clip_lines(parts, poly: s2.S2Polygon) -> list:
    out = []
    for p in parts:
        for piece in poly.IntersectWithPolyline(s2_polyline(p)):
            out.append([lnglat(piece.vertex(k)) for k in range(piece.num_vertices())])
    return out


def intersects_line_with_polygon(line, polygon):
    parts, poly = line_parts(parse_geo(line)), s2_polygon(parse_geo(polygon))
    if any(poly.Contains(point(*c)) for p in parts for c in p):
        return True
    return bool(_crossings(_edges(parts), _loop_edges(poly)))


def intersection_line_with_polygon(line, polygon):
    parts, poly = line_parts(parse_geo(line)), s2_polygon(parse_geo(polygon))
    pieces = _clip_lines(parts, poly)
    if not pieces:
        return EMPTY_COLLECTION
    return line_geojson(pieces)


def _array(text) -> list:
    if text is None:
        raise Invalid
    value = json.loads(text) if isinstance(text, str) else text
    if not isinstance(value, list) or not value:
        raise Invalid
    return value


def union_polygons(polys: list[s2.S2Polygon]) -> s2.S2Polygon:
    """S2's DestructiveUnion: repeatedly unite the two polygons with the fewest vertices
    (counted as the sum of the inputs' counts, first come first served among equals). The
    order decides where output loops start, which the docs' outputs show."""
    queue = sorted(((p.num_vertices(), p) for p in polys), key=lambda t: t[0])
    while len(queue) > 1:
        (na, a), (nb, b) = queue[0], queue[1]
        del queue[:2]
        union = s2.S2Polygon()
        union.InitToUnion(a, b)
        key = na + nb
        at = next((i for i, (n, _) in enumerate(queue) if n > key), len(queue))
        queue.insert(at, (key, union))
    return queue[0][1]


def _snap_to_inputs(geojson: Optional[str], inputs: list) -> Optional[str]:
    """Give output vertices that are input vertices their input coordinates (S2's round trip
    through unit vectors moves them by an ulp or two)."""
    if geojson is None:
        return None
    exact = {}
    for g in inputs:
        for rings in polygon_parts(g):
            for r in rings:
                for c in r:
                    exact[_key(point(*c))] = list(c)
    geo = json.loads(geojson)

    def fix(coords):
        if coords and isinstance(coords[0], (int, float)):
            return exact.get(_key(point(*coords)), coords)
        return [fix(c) for c in coords]
    geo["coordinates"] = fix(geo["coordinates"])
    return dump(geo)


def _key(p: s2.S2Point) -> tuple:
    return tuple(round(v, 13) for v in (p.x(), p.y(), p.z()))


def union_polygons_array(text):
    inputs = [g if isinstance(g, dict) else parse_geo(g) for g in _array(text)]
    union = union_polygons([s2_polygon(g) for g in inputs])
    return _snap_to_inputs(_loops_to_geojson(union), inputs)


def simplify_polygons_array(text, tolerance=10.0):
    tolerance = 10.0 if tolerance is None else tolerance
    if not _finite(tolerance) or tolerance < 0:
        return None
    union = union_polygons_array(text)
    return None if union is None else polygon_simplify(union, tolerance)


def union_lines_array(text):
    """The union of lines: shared edges once, then edges chained into as few lines as
    possible (a chain continues through vertices of degree two)."""
    edges: list[tuple] = []
    seen = set()
    for g in _array(text):
        for p in line_parts(g if isinstance(g, dict) else parse_geo(g)):
            p = _dedup(p)
            for a, b in zip(p, p[1:]):
                if (a, b) not in seen and (b, a) not in seen:
                    seen.add((a, b))
                    edges.append((a, b))
    adj: dict = {}
    for a, b in edges:
        adj.setdefault(a, []).append(b)
        adj.setdefault(b, []).append(a)
    used = set()

    def walk(start, nxt):
        chain = [start, nxt]
        used.add(frozenset((start, nxt)))
        while len(adj[chain[-1]]) == 2:
            cand = [v for v in adj[chain[-1]] if frozenset((chain[-1], v)) not in used]
            if not cand:
                break
            used.add(frozenset((chain[-1], cand[0])))
            chain.append(cand[0])
        return chain

    parts = []
    starts = [v for v in adj if len(adj[v]) != 2] + list(adj)
    for v in starts:
        for w in adj[v]:
            if frozenset((v, w)) not in used:
                parts.append(walk(v, w))
    return line_geojson(parts)


def line_to_s2cells(text, level=11, radius=0.0):
    if level is None or not 0 <= level <= 30:
        return None
    parts = line_parts(parse_geo(text))
    cells = []
    seen = set()
    for p in parts:
        line = s2_polyline(p)
        cov = s2.S2RegionCoverer()
        cov.set_min_level(int(level))
        cov.set_max_level(int(level))
        cov.set_max_cells(MAX_S2_CELLS)
        for c in cov.GetCovering(line):
            t = c.ToToken()
            if t not in seen:
                seen.add(t)
                cells.append(t)
    if len(cells) >= MAX_S2_CELLS:
        return None
    return dump(cells)


# ------------------------------------------------------------------ WKT


def from_wkt(text):
    """GeoJSON of a WKT geometry (POINT, LINESTRING, POLYGON, their MULTI forms and
    GEOMETRYCOLLECTION); null when the text is not one."""
    if not isinstance(text, str):
        return None
    tokens = _wkt_tokens(text)
    pos, geo = _wkt_geometry(tokens, 0)
    if pos != len(tokens):
        raise Invalid
    return dump(geo)


def _wkt_tokens(text: str) -> list[str]:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "(),":
            out.append(ch)
            i += 1
        else:
            j = i
            while j < len(text) and not text[j].isspace() and text[j] not in "(),":
                j += 1
            out.append(text[i:j])
            i = j
    return out


def _expect(tokens, pos, tok):
    if pos >= len(tokens) or tokens[pos] != tok:
        raise Invalid
    return pos + 1


def _wkt_number(tok: str):
    try:
        v = float(tok)
    except ValueError:
        raise Invalid
    if not math.isfinite(v):
        raise Invalid
    return int(v) if v.is_integer() and "." not in tok and "e" not in tok.lower() else v


def _wkt_coord(tokens, pos):
    nums = []
    while pos < len(tokens) and tokens[pos] not in ",()":
        nums.append(_wkt_number(tokens[pos]))
        pos += 1
    if len(nums) < 2:
        raise Invalid
    _coord(nums[:2])
    return pos, nums[:2]


def _wkt_list(tokens, pos, item):
    pos = _expect(tokens, pos, "(")
    out = []
    while True:
        pos, v = item(tokens, pos)
        out.append(v)
        if pos < len(tokens) and tokens[pos] == ",":
            pos += 1
            continue
        return _expect(tokens, pos, ")"), out


def _wkt_point_item(tokens, pos):
    # MULTIPOINT accepts both (1 1, 2 2) and ((1 1), (2 2))
    if pos < len(tokens) and tokens[pos] == "(":
        pos, c = _wkt_coord(tokens, pos + 1)
        return _expect(tokens, pos, ")"), c
    return _wkt_coord(tokens, pos)


def _wkt_geometry(tokens, pos):
    if pos >= len(tokens):
        raise Invalid
    kind = tokens[pos].upper()
    pos += 1
    coords_list = lambda t, p: _wkt_list(t, p, _wkt_coord)                     # noqa: E731
    ring_list = lambda t, p: _wkt_list(t, p, coords_list)                      # noqa: E731
    if kind == "POINT":
        pos = _expect(tokens, pos, "(")
        pos, c = _wkt_coord(tokens, pos)
        return _expect(tokens, pos, ")"), {"type": "Point", "coordinates": c}
    if kind == "LINESTRING":
        pos, cs = coords_list(tokens, pos)
        geo = {"type": "LineString", "coordinates": cs}
        line_parts(geo)
        return pos, geo
    if kind == "POLYGON":
        pos, rings = ring_list(tokens, pos)
        geo = {"type": "Polygon", "coordinates": rings}
        polygon_parts(geo)
        return pos, geo
    if kind == "MULTIPOINT":
        pos, cs = _wkt_list(tokens, pos, _wkt_point_item)
        return pos, {"type": "MultiPoint", "coordinates": cs}
    if kind == "MULTILINESTRING":
        pos, lines = ring_list(tokens, pos)
        geo = {"type": "MultiLineString", "coordinates": lines}
        line_parts(geo)
        return pos, geo
    if kind == "MULTIPOLYGON":
        pos, polys = _wkt_list(tokens, pos, ring_list)
        geo = {"type": "MultiPolygon", "coordinates": polys}
        polygon_parts(geo)
        return pos, geo
    if kind == "GEOMETRYCOLLECTION":
        pos, geos = _wkt_list(tokens, pos, _wkt_geometry)
        return pos, {"type": "GeometryCollection", "geometries": geos}
    raise Invalid
