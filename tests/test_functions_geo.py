"""geo_* translations executed in DuckDB on constant arguments, judged against the outputs
the Kusto documentation shows for its examples (conformance/compare.py's cell rules)."""
from __future__ import annotations

import json

import duckdb
import pytest

from hunt import types as T
from hunt.functions import geo
from hunt.functions.registry import Ctx, _REGISTRY
from tests.test_functions_series import arg, cell_ok

pytest.importorskip("s2geometry", reason="geo_* functions need the s2geometry package")
pytest.importorskip("h3", reason="geo_* functions need the h3 package")


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    geo.install(c)
    return c


def call(con, name, *args):
    fn = _REGISTRY[name]
    value = con.execute(f"SELECT {fn.translate(Ctx(), list(args))}").fetchone()[0]
    if fn.result_type(list(args)) == T.DYNAMIC and value is not None:
        value = json.loads(value)
    return value


CENTRAL_PARK = {"type": "Polygon", "coordinates": [[
    [-73.9495, 40.7969], [-73.95807266235352, 40.80068603561921],
    [-73.98201942443848, 40.76825672305777], [-73.97317886352539, 40.76455136505513],
    [-73.9495, 40.7969]]]}
VEGAS_LINE = {"type": "LineString", "coordinates": [
    [-115.115385, 36.229195], [-115.136995, 36.200366], [-115.140252, 36.192470],
    [-115.143558, 36.188523], [-115.144076, 36.181954], [-115.154662, 36.174483],
    [-115.166431, 36.176388], [-115.183289, 36.175007], [-115.192612, 36.176736],
    [-115.202485, 36.173439], [-115.225355, 36.174365]]}
SHORT_LINE = {"type": "LineString", "coordinates": [[-73.95796, 40.80042], [-73.97317, 40.764486]]}
DEGENERATE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 10], [0, 0]]]}
R = (None, T.REAL)

# (function, arguments, documented cell); None arguments are typed by the tuple form
DOC_CASES = [
    ("geo_distance_2points", [-122.407628, 47.578557, -118.275287, 34.019056], "1546754.35197381"),
    ("geo_distance_2points", [300, 1, 1, 1], ""),
    ("geo_angle", [0, 10, 0, 5, 3, -10], "2.94493843406882"),
    ("geo_azimuth", [5, 10, 10, -40], "3.05459939796449"),
    ("geo_azimuth", [5, 10, 5, 10], ""),
    ("geo_distance_point_to_line", [-115.199625, 36.210419, VEGAS_LINE], "3797.88887253334"),
    ("geo_distance_point_to_line", [1, 1, {"type": "LineString"}], ""),
    ("geo_closest_point_on_line", [-115.199625, 36.210419, VEGAS_LINE],
     '{ "type": "Point", "coordinates": [ -115.192612, 36.176736]}'),
    ("geo_closest_point_on_polygon", [-73.9839, 40.7705, CENTRAL_PARK],
     '{"type": "Point","coordinates": [-73.981205580153926, 40.769359452843211] }'),
    ("geo_distance_point_to_polygon", [1, 1, DEGENERATE], ""),
    ("geo_point_in_circle", [-122.143564, 47.535677, -122.100896, 47.527351, 3500], "true"),
    ("geo_point_in_circle", [-122.137575, 47.630683, -122.100896, 47.527351, 3500], "false"),
    ("geo_polygon_area", [CENTRAL_PARK], "3475207.28346606"),
    ("geo_polygon_perimeter", [CENTRAL_PARK], "9930.30149604938"),
    ("geo_polygon_centroid", [CENTRAL_PARK],
     '{"type": "Point", "coordinates": [-73.965735689907618, 40.782550538057812]}'),
    ("geo_line_centroid", [SHORT_LINE],
     '{"type": "Point", "coordinates": [-73.965567057230942, 40.782453249627416]}'),
    ("geo_line_interpolate_point", [SHORT_LINE, 0.25],
     '{"type": "Point", "coordinates": [-73.961764043218281, 40.791436687257232]}'),
    ("geo_line_locate_point", [SHORT_LINE, -73.965, 40.792], "0.25560135100307552"),
    ("geo_line_densify", [{"type": "LineString", "coordinates": [[50, 50], [51, 51]]}],
     '{"type":"LineString","coordinates":[[50,50],[50.125,50.125],[50.25,50.25],[50.375,50.375],'
     '[50.5,50.5],[50.625,50.625],[50.75,50.75],[50.875,50.875],[51,51]]}'),
    ("geo_line_densify", [{"type": "LineString", "coordinates": [[300, 1], [1, 1]]}], ""),
    ("geo_line_simplify", [{"type": "LineString", "coordinates": [[1.1, 1.1], [1.2, 1.2]]}, 100000],
     ""),
    ("geo_point_to_s2cell", [-80.195829, 25.802215, 8], "88d9b"),
    ("geo_point_to_s2cell", [1, 1, (None, T.INT)], ""),
    ("geo_point_to_s2cell", [1, 1, 35], ""),
    ("geo_s2cell_to_polygon", ["89c259"],
     '{"type": "Polygon","coordinates": [[[-74.030012249838478, 40.8012684339439], '
     '[-74.030012249838478, 40.7222262918358], [-73.935982114337421, 40.708880489804564], '
     '[-73.935982114337421, 40.787917134506841], [-74.030012249838478, 40.8012684339439]]]}'),
    ("geo_s2cell_to_central_point", ["a"], ""),
    ("geo_point_to_geohash", [-122.303404, 47.570482], "c23n8"),
    ("geo_point_to_geohash", [200, 1, 8], ""),
    ("geo_geohash_to_polygon", ["dr5ru"],
     '{"type": "Polygon","coordinates": [[[-74.00390625, 40.7373046875], [-73.9599609375, '
     '40.7373046875], [-73.9599609375, 40.78125], [-74.00390625, 40.78125], [-74.00390625, '
     '40.7373046875]]]}'),
    ("geo_geohash_neighbors", ["sunny"],
     '["sunnt","sunpj","sunnx","sunpn","sunnv","sunpp","sunnz","sunnw"]'),
    ("geo_point_to_h3cell", [-74.04450446039874, 40.689250859314974, 6], "862a1072fffffff"),
    ("geo_h3cell_neighbors", ["862a1072fffffff"],
     '["862a10727ffffff","862a10707ffffff","862a1070fffffff","862a10777ffffff",'
     '"862a100dfffffff","862a100d7ffffff"]'),
    ("geo_h3cell_parent", ["862a1072fffffff", 1], "812a3ffffffffff"),
    ("geo_h3cell_level", ["862a1072fffffff"], "6"),
    ("geo_intersection_2lines",
     [{"type": "LineString", "coordinates": [[-73.978929, 40.785155], [-73.980903, 40.782621]]},
      {"type": "LineString", "coordinates": [[-73.985195, 40.788275], [-73.974552, 40.779761]]}],
     '{"type": "Point","coordinates": [-73.979837116670978,40.783989289772165]}'),
    ("geo_intersection_2polygons",
     [{"type": "Polygon", "coordinates": [[[2, 45], [0, 45], [1, 44], [2, 45]]]},
      {"type": "Polygon", "coordinates": [[[3, 44], [2, 45], [2, 43], [3, 44]]]}],
     '{"type": "Point","coordinates": [2,45]}'),
    ("geo_from_wkt", ["MULTILINESTRING ((1 1, 2 2, 3 3), (4 4, 5 5))"],
     '{"type":"MultiLineString","coordinates":[[[1,1],[2,2],[3,3]],[[4,4],[5,5]]]}'),
    ("geo_from_wkt", ["LINESTRING"], ""),
]


def _args(values):
    return [arg(*v) if isinstance(v, tuple) else arg(float(v) if isinstance(v, int) else v)
            for v in values]


@pytest.mark.parametrize("name,values,shown", DOC_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(DOC_CASES)])
def test_documented_output(con, name, values, shown):
    assert cell_ok(call(con, name, *_args(values)), shown)


def test_cell_levels_are_longs(con):
    assert call(con, "geo_h3cell_level", arg("862a1072fffffff")) == 6
    assert call(con, "geo_point_to_s2cell", arg(1.0), arg(1.0)) == "1001444"   # default level 11


def test_polygon_to_s2cells_count_and_limit(con):
    tri = {"type": "Polygon", "coordinates": [[[0, 0], [0, 50], [100, 50], [0, 0]]]}
    assert len(call(con, "geo_polygon_to_s2cells", arg(tri), arg(5))) == 286
    assert call(con, "geo_polygon_to_s2cells", arg(tri), arg(30)) is None


def test_h3_children_and_invalid_cells(con):
    assert len(call(con, "geo_h3cell_children", arg("862a1072fffffff"), arg(9))) == 343
    assert call(con, "geo_h3cell_children", arg("abc")) is None
    assert call(con, "geo_h3cell_parent", arg("862a1072fffffff"), arg(15)) == ""
    assert call(con, "geo_h3cell_rings", arg("861f8894fffffff"), arg(150)) is None


def test_union_of_cells_is_their_outline(con):
    cells = ["sunny"] + call(con, "geo_geohash_neighbors", arg("sunny"))
    polys = [call(con, "geo_geohash_to_polygon", arg(c)) for c in cells]
    union = call(con, "geo_union_polygons_array", arg(polys))
    assert union["type"] == "Polygon" and len(union["coordinates"]) == 1
    assert union["coordinates"][0][0] == [42.4072265625, 23.642578125]   # docs' first vertex
    area = call(con, "geo_polygon_area", arg(union))
    one = call(con, "geo_polygon_area", arg(polys[0]))
    assert area == pytest.approx(9 * one, rel=1e-3)


def test_union_lines_merges_shared_edges(con):
    a = [[-73.95683884620665, 40.80502891480884], [-73.95633727312088, 40.8057171711177],
         [-73.95489156246185, 40.80510200431311]]
    b = a[1:] + [[-73.95537436008453, 40.804413741624515]]
    out = call(con, "geo_union_lines_array",
               arg([{"type": "LineString", "coordinates": a},
                    {"type": "LineString", "coordinates": b}]))
    assert out == {"type": "LineString", "coordinates": a + b[-1:]}


def test_line_with_polygon_with_a_hole(con):
    line = {"type": "LineString", "coordinates": [[-110.522, 39.198], [-91.428, 40.880]]}
    poly = {"type": "Polygon", "coordinates": [
        [[-90.263, 36.738], [-102.041, 45.274], [-109.335, 36.527], [-90.263, 36.738]],
        [[-100.393, 41.705], [-103.139, 38.925], [-97.558, 39.113], [-100.393, 41.705]]]}
    out = call(con, "geo_intersection_line_with_polygon", arg(line), arg(poly))
    assert cell_ok(out, '{"type": "MultiLineString","coordinates": [[[-106.89353655881905, '
                        '39.769226209776306],[-101.74448553679453, 40.373506008712525]],'
                        '[[-99.136499431328858, 40.589336512699994],[-95.284527737311791, '
                        '40.799060242246348]]]}')
    assert call(con, "geo_intersects_line_with_polygon", arg(line), arg(poly)) is True


def test_point_buffer_contains_its_center(con):
    buf = call(con, "geo_point_buffer", arg(10.0), arg(10.0), arg(1000.0))
    assert call(con, "geo_point_in_polygon", arg(10.0), arg(10.0), arg(buf)) is True
    assert call(con, "geo_point_buffer", arg(10.0), arg(10.0), arg(-1.0)) is None


def test_ip_geolocation_translates_to_the_offline_lookup():
    sql = _REGISTRY["geo_info_from_ip_address"].translate(Ctx(), [arg("1.2.3.4")])
    assert "kql_geo_info_from_ip_address" in sql