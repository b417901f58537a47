"""Distances on the scale of a Kreis (a few dozen kilometres)."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180  # of latitude, about 111.2 km


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def lon_scale(lat: float) -> float:
    """Squared shrink of a longitude degree at `lat`: ranks by plain arithmetic in SQL.

    Within a Kreis the equirectangular approximation `dlat² + dlon²·cos²(lat)` orders points
    as the great-circle distance does, and it needs no trigonometry in the database.
    """
    return math.cos(math.radians(lat)) ** 2


def check_point(point: tuple[float, float]) -> tuple[float, float]:
    """`point` as (lat, lon) floats; ValueError when it is not a coordinate."""
    lat, lon = (float(v) for v in point)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"near={point!r} is not a (lat, lon) coordinate")
    return lat, lon
