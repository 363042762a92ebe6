"""E2SFCA against the example computed by hand in docs/monitoring.md."""

from math import exp

import pytest

from bildungsportal.insights import access
from bildungsportal.insights.indicators import Filters, indicator_table
from tests import factories as f


def test_gaussian_weight_by_hand():
    assert access.gaussian_weight(0, 20) == pytest.approx(1.0)
    assert access.gaussian_weight(10, 20) == pytest.approx(0.7014, abs=1e-4)
    assert access.gaussian_weight(5, 20) == pytest.approx(0.9218, abs=1e-4)
    assert access.gaussian_weight(20, 20) == pytest.approx(0.0)
    assert access.gaussian_weight(20.01, 20) == 0.0
    assert access.gaussian_weight(10, 20) == pytest.approx(
        (exp(-0.125) - exp(-0.5)) / (1 - exp(-0.5)))


def test_two_towns_two_venues_by_hand():
    # docs/monitoring.md, "Worked example": A (1,000 inh.), B (3,000 inh.), V1 10 offerings,
    # V2 4 offerings; d(A,V1)=0, d(A,V2)=20, d(B,V1)=10, d(B,V2)=5 km; radius 20 km.
    result = access.e2sfca_matrix([1000, 3000], [10, 4], [[0, 20], [10, 5]], 20)
    assert 1000 * result[0] == pytest.approx(3.2216, abs=1e-3)
    assert 1000 * result[1] == pytest.approx(3.5928, abs=1e-3)
    # Nothing is lost or made up: every offering is shared out to the inhabitants in reach.
    assert 1000 * result[0] + 3000 * result[1] == pytest.approx(14)


def test_out_of_reach_gets_nothing_and_coordinates_work():
    towns = [("a", 49.0, 8.0, 1000), ("b", 49.0, 9.0, 1000)]  # ~73 km apart
    venues = [(49.0, 8.0, 5)]
    result = access.e2sfca(towns, venues, radius=25)
    assert result["a"] == pytest.approx(5 / 1000)
    assert result["b"] == 0.0
    assert access.e2sfca(towns, [], radius=25) == {"a": 0.0, "b": 0.0}
    d = access.distances_km([49.0], [8.0], [49.0], [9.0])[0][0]
    assert d == pytest.approx(72.9, abs=0.5)


@pytest.mark.django_db
def test_neighbour_city_supply_counts_for_towns_in_reach(settings):
    settings.INSIGHTS_CATCHMENT_KM = 25
    lindenfels = f.town("Lindenfels", ags="06431015", lat=49.6843, lon=8.7805,
                        postcodes=("64678",), population=5000)
    weinheim = f.town("Weinheim", ags="08226096", lat=49.5493, lon=8.6713,
                      postcodes=("69469",), population=45000, in_district=False)
    vocab = f.vocabularies()
    provider = f.provider("VHS Weinheim", municipality=weinheim)
    o = f.offering(provider, vocab, "Englisch in Weinheim")
    f.run(o, f.venue(weinheim, latitude=49.5493, longitude=8.6713))
    table = indicator_table(Filters("access_e2sfca"))
    value = table.by_slug("lindenfels").value
    d = lindenfels.distance_km(49.5493, 8.6713)
    w = access.gaussian_weight(d, 25)
    assert 0 < w < 1
    expected = 1000 * w * 1 / (45000 + 5000 * w)
    assert value == pytest.approx(expected, rel=1e-6)
    assert table.district.value == pytest.approx(value)  # the only district town
