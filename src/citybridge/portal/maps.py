"""A small map of the paired cities as server-rendered SVG: no tiles, no third-party requests.

Equirectangular projection, cropped to the cities shown, with a graticule every 15° so the
distances read as geography. The list of pairings next to it carries the same information
for people who cannot see the picture.
"""

from dataclasses import dataclass

SCALE = 4  # pixels per degree
PADDING_DEGREES = 8
GRID_DEGREES = 15


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def project(latitude: float, longitude: float) -> Point:
    return Point(round((longitude + 180) * SCALE, 1), round((90 - latitude) * SCALE, 1))


def pairing_map(pairings) -> dict:
    """Dots for every city, a line for each pair of neighbours in a pairing, and the viewBox."""
    dots, lines, seen = [], [], set()
    for pairing in pairings:
        cities = [m.city for m in pairing.ordered_memberships]
        for city in cities:
            if city.pk not in seen:
                seen.add(city.pk)
                dots.append({"city": city, "at": project(city.latitude, city.longitude)})
        for a, b in zip(cities, cities[1:], strict=False):
            lines.append(
                {"from": project(a.latitude, a.longitude), "to": project(b.latitude, b.longitude)}
            )
    if not dots:
        return {"dots": [], "lines": []}
    latitudes = [d["city"].latitude for d in dots]
    longitudes = [d["city"].longitude for d in dots]
    west = max(-180, min(longitudes) - PADDING_DEGREES)
    east = min(180, max(longitudes) + PADDING_DEGREES)
    north = min(90, max(latitudes) + PADDING_DEGREES)
    south = max(-90, min(latitudes) - PADDING_DEGREES)
    top_left = project(north, west)
    bottom_right = project(south, east)
    meridians = [project(0, lon).x for lon in range(-180, 181, GRID_DEGREES) if west <= lon <= east]
    parallels = [project(lat, 0).y for lat in range(-90, 91, GRID_DEGREES) if south <= lat <= north]
    return {
        "dots": dots,
        "lines": lines,
        "x": top_left.x,
        "y": top_left.y,
        "width": round(bottom_right.x - top_left.x, 1),
        "height": round(bottom_right.y - top_left.y, 1),
        "meridians": meridians,
        "parallels": parallels,
    }
