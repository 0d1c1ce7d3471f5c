"""The 290 Swedish municipalities (SCB code and name), shipped with the package.

``data/municipalities.json`` was written once from ``shared/realdata/geo/
swedish_municipalities-okfse.geojson`` (``properties.id`` and ``kom_namn``); a test keeps the two
equal. The app reads only the packaged file, so nothing outside the package is needed at run time.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from lagesbild.core.parsers.bra import resolve_municipality
from lagesbild.core.parsers.common import normalise_text
from lagesbild.core.places import Gazetteer, GazetteerPlace

__all__ = [
    "COUNTY_NAMES",
    "all_municipalities",
    "code_for_name",
    "codes_by_name",
    "county_name",
    "name_for_code",
    "public_place_names",
    "resolve",
]

#: The 21 counties by SCB county code (a municipality code's first two digits), spelt as the
#: police write them in ``location.name`` ("Skåne län"); a test checks them against real events.
COUNTY_NAMES: dict[str, str] = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}


@lru_cache(maxsize=1)
def all_municipalities() -> dict[str, str]:
    """Return {code: name} for every municipality."""
    text = (
        resources.files("lagesbild.official.data")
        .joinpath("municipalities.json")
        .read_text("utf-8")
    )
    return {row["code"]: row["name"] for row in json.loads(text)}


@lru_cache(maxsize=1)
def codes_by_name() -> dict[str, str]:
    """Return the normalised-name → code table that core.parsers.bra expects."""
    return {normalise_text(name): code for code, name in all_municipalities().items()}


@lru_cache(maxsize=2048)
def code_for_name(name: str) -> str | None:
    """Return the code of a municipality named in any of Brå's or the police's spellings."""
    return resolve_municipality(name, codes_by_name())


def name_for_code(code: str) -> str | None:
    """Return the name of the municipality with this code, if there is one."""
    return all_municipalities().get(code)


def resolve(code_or_name: str) -> tuple[str, str] | None:
    """Return (code, name) for a four-digit code or a municipality name."""
    text = code_or_name.strip()
    code = text if text in all_municipalities() else code_for_name(text)
    return (code, all_municipalities()[code]) if code else None


def county_name(code: str) -> str | None:
    """Return the county of a municipality code, as the police name it ("Skåne län")."""
    return COUNTY_NAMES.get(code[:2]) if code in all_municipalities() else None


@lru_cache(maxsize=1)
def public_place_names() -> Gazetteer:
    """Sweden's municipalities and counties as public places, for the scrubber.

    The police name the town in nearly every summary ("… vid en adress i Nora."): with these,
    a municipality named like a person ("Nora", "Mark", "Norberg") stays. Only the names are
    matched (``Gazetteer.spans``); the places have no point.
    """
    names = [*all_municipalities().values(), *COUNTY_NAMES.values()]
    nowhere = float("nan")
    return Gazetteer(
        GazetteerPlace(index, name, nowhere, nowhere, kind="municipality")
        for index, name in enumerate(names)
    )
