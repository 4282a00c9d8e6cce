"""KQL's geo_* functions: registrations and their SQL.

Every geo function is a Python UDF (`geo_udfs`, on S2 / H3 / geohash) called as kql_geo_*;
this module says how each KQL call becomes that SQL: argument conversions (coordinates to
real, shapes to their JSON text, levels to long), defaults for omitted arguments, and the
result's type (GeoJSON text becomes `dynamic`, a cell token is a never-null string).
"""
from __future__ import annotations

import functools

from hunt import types as T
from hunt.functions import convert as C
from hunt.functions.registry import Arg, Ctx, Function, register
from hunt.functions.series import arrow_udf

# argument kinds: how a KQL argument is handed to the UDF
_KINDS = {
    "r": ("DOUBLE", lambda a: C.to_real(a.sql, a.type)),
    "l": ("BIGINT", lambda a: C.to_long(a.sql, a.type)),
    "b": ("BOOLEAN", lambda a: C.to_bool(a.sql, a.type)),
    "s": ("VARCHAR", lambda a: C.to_text(a.sql, a.type)),
    "g": ("VARCHAR", lambda a: f"CAST({C.to_dynamic(a.sql, a.type)} AS VARCHAR)"),
}
# result kinds: (DuckDB type of the UDF, Kusto type, SQL wrapper)
_RESULTS = {
    "dyn": ("VARCHAR", T.DYNAMIC, "CAST({} AS JSON)"),
    "str": ("VARCHAR", T.STRING, "coalesce({}, '')"),
    "real": ("DOUBLE", T.REAL, "{}"),
    "bool": ("BOOLEAN", T.BOOL, "{}"),
    "long": ("BIGINT", T.LONG, "{}"),
}

# KQL name -> (body in geo_udfs, parameter kinds, SQL defaults of the optional tail, result kind)
_GEO = {
    "geo_distance_2points": ("distance_2points", "rrrr", (), "real"),
    "geo_point_in_circle": ("point_in_circle", "rrrrr", (), "bool"),
    "geo_point_in_polygon": ("point_in_polygon", "rrg", (), "bool"),
    "geo_distance_point_to_line": ("distance_point_to_line", "rrg", (), "real"),
    "geo_distance_point_to_polygon": ("distance_point_to_polygon", "rrg", (), "real"),
    "geo_closest_point_on_line": ("closest_point_on_line", "rrg", (), "dyn"),
    "geo_closest_point_on_polygon": ("closest_point_on_polygon", "rrg", (), "dyn"),
    "geo_angle": ("angle", "rrrrrr", (), "real"),
    "geo_azimuth": ("azimuth", "rrrr", (), "real"),
    # S2
    "geo_point_to_s2cell": ("point_to_s2cell", "rrl", ("11",), "str"),
    "geo_s2cell_to_central_point": ("s2cell_to_central_point", "s", (), "dyn"),
    "geo_s2cell_to_polygon": ("s2cell_to_polygon", "s", (), "dyn"),
    "geo_s2cell_neighbors": ("s2cell_neighbors", "s", (), "dyn"),
    "geo_polygon_to_s2cells": ("polygon_to_s2cells", "gl", ("11",), "dyn"),
    "geo_line_to_s2cells": ("line_to_s2cells", "glr", ("11", "0.0"), "dyn"),
    # geohash
    "geo_point_to_geohash": ("point_to_geohash", "rrl", ("5",), "str"),
    "geo_geohash_to_central_point": ("geohash_to_central_point", "s", (), "dyn"),
    "geo_geohash_to_polygon": ("geohash_to_polygon", "s", (), "dyn"),
    "geo_geohash_neighbors": ("geohash_neighbors", "s", (), "dyn"),
    # H3
    "geo_point_to_h3cell": ("point_to_h3cell", "rrl", ("6",), "str"),
    "geo_h3cell_to_central_point": ("h3cell_to_central_point", "s", (), "dyn"),
    "geo_h3cell_to_polygon": ("h3cell_to_polygon", "s", (), "dyn"),
    "geo_h3cell_neighbors": ("h3cell_neighbors", "s", (), "dyn"),
    "geo_h3cell_level": ("h3cell_level", "s", (), "long"),
    "geo_h3cell_parent": ("h3cell_parent", "sl", ("NULL::BIGINT",), "str"),
    "geo_h3cell_children": ("h3cell_children", "sl", ("NULL::BIGINT",), "dyn"),
    "geo_h3cell_rings": ("h3cell_rings", "sl", (), "dyn"),
    "geo_polygon_to_h3cells": ("polygon_to_h3cells", "glr", ("6", "0.0"), "dyn"),
    # lines
    "geo_line_length": ("line_length", "g", (), "real"),
    "geo_line_centroid": ("line_centroid", "g", (), "dyn"),
    "geo_line_densify": ("line_densify", "grb", ("10.0", "false"), "dyn"),
    "geo_line_interpolate_point": ("line_interpolate_point", "gr", (), "dyn"),
    "geo_line_locate_point": ("line_locate_point", "grr", (), "real"),
    "geo_line_simplify": ("line_simplify", "gr", ("10.0",), "dyn"),
    "geo_line_buffer": ("line_buffer", "grr", ("0.1",), "dyn"),
    "geo_intersects_2lines": ("intersects_2lines", "gg", (), "bool"),
    "geo_intersection_2lines": ("intersection_2lines", "gg", (), "dyn"),
    "geo_intersects_line_with_polygon": ("intersects_line_with_polygon", "gg", (), "bool"),
    "geo_intersection_line_with_polygon": ("intersection_line_with_polygon", "gg", (), "dyn"),
    "geo_union_lines_array": ("union_lines_array", "g", (), "dyn"),
    # polygons
    "geo_polygon_area": ("polygon_area", "g", (), "real"),
    "geo_polygon_perimeter": ("polygon_perimeter", "g", (), "real"),
    "geo_polygon_centroid": ("polygon_centroid", "g", (), "dyn"),
    "geo_polygon_densify": ("polygon_densify", "grb", ("10.0", "false"), "dyn"),
    "geo_polygon_simplify": ("polygon_simplify", "gr", ("10.0",), "dyn"),
    "geo_polygon_buffer": ("polygon_buffer", "grr", ("0.1",), "dyn"),
    "geo_point_buffer": ("point_buffer", "rrrr", ("0.1",), "dyn"),
    "geo_intersects_2polygons": ("intersects_2polygons", "gg", (), "bool"),
    "geo_intersection_2polygons": ("intersection_2polygons", "gg", (), "dyn"),
    "geo_union_polygons_array": ("union_polygons_array", "g", (), "dyn"),
    "geo_simplify_polygons_array": ("simplify_polygons_array", "gr", ("10.0",), "dyn"),
    "geo_from_wkt": ("from_wkt", "s", (), "dyn"),
}

_ERRORS = (ValueError, TypeError, ArithmeticError, IndexError, KeyError, RuntimeError)


@functools.lru_cache(maxsize=None)
def available() -> bool:
    """Whether the geometry libraries (s2geometry, h3) can be imported."""
    import importlib.util
    return all(importlib.util.find_spec(m) is not None for m in ("s2geometry", "h3"))


def _udf_name(kql_name: str) -> str:
    return "kql_" + kql_name


def install(con) -> None:
    """Register the geo UDFs on a DuckDB connection (idempotent)."""
    import pyarrow as pa
    from duckdb import sqltypes as st

    _install_ip_location(con)
    try:
        from hunt.functions import geo_udfs
    except ImportError:          # s2geometry / h3 not installed: calls say so (_translation)
        return
    arrow = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
             "BIGINT": pa.int64()}
    for name, (fn_name, kinds, _, result) in _GEO.items():
        fn = getattr(geo_udfs, fn_name)
        udf = _udf_name(name)
        try:
            con.remove_function(udf)
        except Exception:  # not registered yet
            pass
        ret = _RESULTS[result][0]
        con.create_function(udf, arrow_udf(fn, arrow[ret], len(kinds), _ERRORS),
                            [st.DuckDBPyType(_KINDS[k][0]) for k in kinds],
                            st.DuckDBPyType(ret), type="arrow", null_handling="special",
                            side_effects=False)


def _translation(name: str, kinds: str, defaults: tuple, result: str):
    def translate(ctx: Ctx, args: list) -> str:
        if not available():
            ctx.unsupported(f"{name}: install the s2geometry and h3 packages")
        sqls = [_KINDS[k][1](a) for k, a in zip(kinds, args)]
        missing = len(kinds) - len(args)
        sqls += list(defaults[len(defaults) - missing:]) if missing else []
        return _RESULTS[result][2].format(f"{_udf_name(name)}({', '.join(sqls)})")
    return translate


for _name, (_, _kinds, _defaults, _result) in _GEO.items():
    register(Function(_name, "scalar", len(_kinds) - len(_defaults), len(_kinds),
                      _RESULTS[_result][1], _translation(_name, _kinds, _defaults, _result)))


def _ip_location(ctx: Ctx, args: list) -> str:
    from hunt.functions import convert
    return f"CAST(kql_geo_info_from_ip_address({convert.to_text(args[0].sql, args[0].type)}) AS JSON)"


_GEOIP = []


def ip_location(ip: str):
    """Country-level location of a public IP from the offline GeoLite2-derived data the
    geoip2fast package ships (it has no city data: state, city and coordinates are null).
    Private, reserved and unparsable addresses give null, as for an unknown address."""
    if not ip:
        return None
    if not _GEOIP:
        from geoip2fast import GeoIP2Fast
        _GEOIP.append(GeoIP2Fast(verbose=False))
    try:
        r = _GEOIP[0].lookup(ip.strip())
    except Exception:
        return None
    if r.is_private or not r.country_code or r.country_code == "--":
        return None
    import json
    return json.dumps({"country": r.country_name, "state": None, "city": None,
                       "latitude": None, "longitude": None}, separators=(",", ":"))


def _install_ip_location(con) -> None:
    import pyarrow as pa
    from duckdb import sqltypes as st
    try:
        import geoip2fast  # noqa: F401
    except ImportError:
        return
    try:
        con.remove_function("kql_geo_info_from_ip_address")
    except Exception:  # not registered yet
        pass
    con.create_function("kql_geo_info_from_ip_address", arrow_udf(ip_location, pa.string(), 1),
                        [st.VARCHAR], st.VARCHAR, type="arrow", null_handling="special",
                        side_effects=False)


register(Function("geo_info_from_ip_address", "scalar", 1, 1, T.DYNAMIC, _ip_location))
