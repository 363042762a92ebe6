"""Accessibility weighted by distance: the enhanced two-step floating catchment area (E2SFCA).

Luo & Qi (2009), with the Gaussian decay of Dai (2010). For venues j with supply S_j (offerings)
and towns i with population P_i (of the age group), distance d_ij (straight line between the
town's centroid and the venue) and catchment radius d0:

    W(d)  = (exp(-½·(d/d0)²) − exp(-½)) / (1 − exp(-½))   for d ≤ d0, else 0
    R_j   = S_j / Σ_i P_i · W(d_ij)                         (step 1: supply per weighted head)
    A_i   = Σ_j R_j · W(d_ij)                               (step 2: what town i reaches)

A_i × 1,000 is "offerings reachable per 1,000 inhabitants". Neighbour cities count on both
sides: their venues are supply, their inhabitants share it. docs/monitoring.md has a worked
example that tests/test_insights_access.py checks.
"""

import numpy as np
from django.conf import settings

from bildungsportal.places.geo import EARTH_RADIUS_KM

DEFAULT_RADIUS_KM = 25.0


def radius_km():
    """The catchment radius the office set (INSIGHTS_CATCHMENT_KM), 25 km by default."""
    return float(getattr(settings, "INSIGHTS_CATCHMENT_KM", DEFAULT_RADIUS_KM))


def gaussian_weight(distance, radius):
    """W(d) above, for a number or an array of distances in km."""
    d = np.asarray(distance, dtype=float)
    edge = np.exp(-0.5)
    w = (np.exp(-0.5 * (d / radius) ** 2) - edge) / (1 - edge)
    return np.where(d <= radius, w, 0.0)


def distances_km(lat1, lon1, lat2, lon2):
    """Great-circle distances between every point of set 1 (rows) and of set 2 (columns)."""
    lat1, lon1 = np.radians(np.asarray(lat1, float))[:, None], np.radians(
        np.asarray(lon1, float))[:, None]
    lat2, lon2 = np.radians(np.asarray(lat2, float))[None, :], np.radians(
        np.asarray(lon2, float))[None, :]
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def e2sfca(towns, venues, radius=None):
    """A_i per inhabitant for each town.

    ``towns``: [(key, latitude, longitude, population)]; ``venues``: [(latitude, longitude,
    supply)]. Returns {key: A_i}; a town with no venue in reach gets 0.
    """
    radius = radius or radius_km()
    if not towns:
        return {}
    if not venues:
        return {key: 0.0 for key, *_ in towns}
    t_lat, t_lon, pop = (np.array([t[i] for t in towns], float) for i in (1, 2, 3))
    v_lat, v_lon, supply = (np.array([v[i] for v in venues], float) for i in (0, 1, 2))
    access = e2sfca_matrix(pop, supply, distances_km(t_lat, t_lon, v_lat, v_lon), radius)
    return {key: float(a) for (key, *_), a in zip(towns, access, strict=True)}


def e2sfca_matrix(population, supply, distance, radius):
    """The two steps on arrays: population per town, supply per venue, distance towns × venues
    (km). Returns A_i per inhabitant, an array in the order of the towns."""
    population, supply = np.asarray(population, float), np.asarray(supply, float)
    weight = gaussian_weight(distance, radius)  # towns × venues
    weighted_demand = population @ weight  # step 1: per venue
    ratio = np.divide(supply, weighted_demand, out=np.zeros_like(supply),
                      where=weighted_demand > 0)
    return weight @ ratio  # step 2: per town
