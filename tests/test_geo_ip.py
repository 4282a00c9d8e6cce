"""geo_info_from_ip_address: offline country data (geoip2fast), null for private addresses."""
import hunt


def test_public_ip_has_a_country(tenant):
    r = tenant.query('print a = geo_info_from_ip_address("8.8.8.8"), '
                     'c = tostring(geo_info_from_ip_address("20.53.203.50").country)')
    assert r.rows[0][0]["country"] == "United States"
    assert set(r.rows[0][0]) == {"country", "state", "city", "latitude", "longitude"}
    assert r.rows[0][1] == "Australia"


def test_private_and_invalid_addresses_are_null(tenant):
    r = tenant.query('print p = geo_info_from_ip_address("10.0.0.1"), '
                     'x = geo_info_from_ip_address("not an ip"), e = geo_info_from_ip_address("")')
    assert r.rows[0] == (None, None, None)
