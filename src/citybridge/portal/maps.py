"""A small world map as server-rendered SVG: no tiles, no third-party requests."""

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 360


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def project(latitude: float, longitude: float) -> Point:
    """Equirectangular projection onto the WIDTH × HEIGHT canvas."""
    return Point(round((longitude + 180) / 360 * WIDTH, 1), round((90 - latitude) / 180 * HEIGHT, 1))


def pairing_map(pairings) -> dict:
    """Dots for every city and a line for every pair of cities in each pairing."""
    dots, lines, seen = [], [], set()
    for pairing in pairings:
        cities = [m.city for m in pairing.ordered_memberships]
        for city in cities:
            if city.pk not in seen:
                seen.add(city.pk)
                dots.append({"city": city, "at": project(city.latitude, city.longitude)})
        for a, b in zip(cities, cities[1:], strict=False):
            lines.append({"from": project(a.latitude, a.longitude), "to": project(b.latitude, b.longitude)})
    return {"width": WIDTH, "height": HEIGHT, "dots": dots, "lines": lines}
