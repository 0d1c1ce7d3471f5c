"""Parsers for police.uk street-level crimes (the international format).

Two shapes of the same data (``shared/realdata/FORMATS.md`` §6):

* the API answer of ``https://data.police.uk/api/crimes-street/all-crime``:
  a JSON array of objects with ``category`` (a slug such as
  ``violent-crime``), ``location.latitude``/``longitude`` (strings),
  ``location.street.name``, ``outcome_status`` (null or ``{category, date}``),
  ``persistent_id`` (64 hex, empty for anti-social behaviour), ``id`` and
  ``month``;
* the monthly bulk CSV ``YYYY-MM-<force>-street.csv`` with the header
  ``Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,
  LSOA code,LSOA name,Crime type,Last outcome category,Context``, where
  ``Crime type`` is a label ("Violence and sexual offences") and
  ``Crime ID`` is empty for anti-social behaviour.

Both become :class:`PoliceUkCrime` with the API's category slug, so the two
sources share one vocabulary and :data:`UK_CATEGORY_MAP`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lagesbild.core.i18n import gettext as _

from .common import (
    ParseError,
    ParseResult,
    RowProblem,
    collect_rows,
    decode_text,
    iter_csv_rows,
    load_json_records,
    optional_str,
    require_float,
    require_mapping,
    require_str,
)

__all__ = [
    "CSV_COLUMNS",
    "CSV_CRIME_TYPES",
    "UK_CATEGORY_MAP",
    "PoliceUkCrime",
    "parse_street_crimes",
    "parse_street_crimes_csv",
    "parse_street_crimes_json",
    "top_category",
]

#: Header of the bulk street-level CSV.
CSV_COLUMNS: tuple[str, ...] = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)

#: CSV "Crime type" labels → API category slugs.
CSV_CRIME_TYPES: Mapping[str, str] = {
    "Anti-social behaviour": "anti-social-behaviour",
    "Bicycle theft": "bicycle-theft",
    "Burglary": "burglary",
    "Criminal damage and arson": "criminal-damage-arson",
    "Drugs": "drugs",
    "Other crime": "other-crime",
    "Other theft": "other-theft",
    "Possession of weapons": "possession-of-weapons",
    "Public order": "public-order",
    "Robbery": "robbery",
    "Shoplifting": "shoplifting",
    "Theft from the person": "theft-from-the-person",
    "Vehicle crime": "vehicle-crime",
    "Violence and sexual offences": "violent-crime",
}

#: API category slugs → the app's top-level categories. Robbery is violence
#: here as in the Brå mapping (rån → vald); weapons possession follows it.
UK_CATEGORY_MAP: Mapping[str, str] = {
    "anti-social-behaviour": "ordning",
    "public-order": "ordning",
    "criminal-damage-arson": "skadegorelse",
    "bicycle-theft": "stold",
    "burglary": "stold",
    "other-theft": "stold",
    "shoplifting": "stold",
    "theft-from-the-person": "stold",
    "vehicle-crime": "stold",
    "violent-crime": "vald",
    "robbery": "vald",
    "possession-of-weapons": "vald",
    "drugs": "narkotika",
    "other-crime": "ovrigt",
}

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
# Fields that identify a CSV row when it has no Crime ID.
_IDENTITY_COLUMNS = (
    "Month",
    "Reported by",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "Crime type",
)


@dataclass(frozen=True, slots=True)
class PoliceUkCrime:
    """One street-level crime or anti-social behaviour report.

    Attributes
    ----------
    id : str
        ``persistent_id`` / ``Crime ID`` when present; otherwise the API's
        numeric ``id``, or for a CSV row a derived ``"derived-<hash>-<n>"``
        (see :func:`parse_street_crimes_csv`).
    month : str
        ``"YYYY-MM"``.
    category : str
        API category slug, e.g. ``"violent-crime"``; unknown labels are
        kept (open vocabulary).
    lat, lon : float
        Anonymised point (snapped to a street).
    street : str
        "On or near …".
    outcome : str or None
        Latest outcome category, None if there is none.
    line : int
        Array index + 1 (JSON) or 1-based file line (CSV).
    """

    id: str
    month: str
    category: str
    lat: float
    lon: float
    street: str
    outcome: str | None
    line: int


def top_category(category: str) -> str:
    """Map a police.uk category slug to a top-level category code.

    Parameters
    ----------
    category : str
        API slug, e.g. ``"shoplifting"``.

    Returns
    -------
    str
        The code from :data:`UK_CATEGORY_MAP`, ``"ovrigt"`` for unknown slugs.
    """
    return UK_CATEGORY_MAP.get(category, "ovrigt")


def parse_street_crimes(data: bytes, source: str) -> ParseResult[PoliceUkCrime]:
    """Parse either shape, recognised by its first non-blank character.

    Parameters
    ----------
    data : bytes
        An API answer (JSON array) or a bulk CSV, optionally gzipped.
    source : str
        Label used in errors.

    Returns
    -------
    ParseResult of PoliceUkCrime
        The crimes.

    Raises
    ------
    ParseError
        If the input is neither a JSON array nor a street-level CSV.
    """
    text = decode_text(data, source)
    if text.lstrip().startswith(("[", "{")):
        return parse_street_crimes_json(data, source)
    return parse_street_crimes_csv(data, source)


# --- API JSON ---------------------------------------------------------------


def parse_street_crimes_json(data: bytes, source: str) -> ParseResult[PoliceUkCrime]:
    """Parse an API answer of ``crimes-street/all-crime`` (or JSON lines).

    Parameters
    ----------
    data : bytes
        The response body, optionally gzipped.
    source : str
        Label used in errors.

    Returns
    -------
    ParseResult of PoliceUkCrime
        One record per array element.

    Raises
    ------
    ParseError
        If the body is not JSON.
    """
    items, line_errors = load_json_records(data, source)
    records, errors, skipped = collect_rows(items, source, _api_crime)
    return ParseResult(
        tuple(records), tuple(sorted([*line_errors, *errors], key=lambda e: e.line)), tuple(skipped)
    )


def _api_crime(raw: Any, line: int) -> PoliceUkCrime:
    crime = require_mapping(raw, "crime")
    location = require_mapping(crime.get("location"), "location")
    street = require_mapping(location.get("street"), "location.street")
    return PoliceUkCrime(
        id=_api_id(crime),
        month=_month(require_str(crime, "month")),
        category=require_str(crime, "category").strip(),
        lat=_coordinate(require_str(location, "latitude"), "latitude", 90.0),
        lon=_coordinate(require_str(location, "longitude"), "longitude", 180.0),
        street=require_str(street, "name").strip(),
        outcome=_api_outcome(crime.get("outcome_status")),
        line=line,
    )


def _api_id(crime: Mapping[str, Any]) -> str:
    persistent = optional_str(crime, "persistent_id")
    if persistent:
        return persistent
    # Anti-social behaviour (and a few crimes) have no persistent id; the
    # numeric id is then the only handle the API gives.
    numeric = crime.get("id")
    if isinstance(numeric, bool) or not isinstance(numeric, int):
        raise RowProblem(_("varken persistent_id eller ett numeriskt id"))
    return str(numeric)


def _api_outcome(status: Any) -> str | None:
    if status is None:
        return None
    return optional_str(require_mapping(status, "outcome_status"), "category")


def _month(text: str) -> str:
    if not _MONTH.fullmatch(text.strip()):
        raise RowProblem(_("month %(value)r har inte formen ÅÅÅÅ-MM") % {"value": text})
    return text.strip()


def _coordinate(text: str, what: str, limit: float) -> float:
    value = require_float(text.strip(), what)
    if abs(value) > limit:
        raise RowProblem(
            _("%(what)s %(value)r ligger utanför sitt intervall") % {"what": what, "value": text}
        )
    return value


# --- bulk CSV ----------------------------------------------------------------


def parse_street_crimes_csv(data: bytes, source: str) -> ParseResult[PoliceUkCrime]:
    """Parse a bulk ``…-street.csv`` file.

    ``Crime ID`` is empty for anti-social behaviour. Such a row gets the id
    ``"derived-<first 16 hex of SHA-256 over Month, Reported by, Longitude,
    Latitude, Location, LSOA code, Crime type>-<n>"``, where ``n`` counts
    identical rows within the file (1, 2, …). Reading the same file again
    gives the same ids, so imports stay idempotent; identical reports at the
    same anonymised point stay distinct. These ids cannot be matched to the
    API's numeric ids for the same report.

    Rows without coordinates (police.uk publishes some with an empty
    Longitude/Latitude and "No Location") are row errors: a record needs a
    point.

    Parameters
    ----------
    data : bytes
        The file (UTF-8, optionally gzipped).
    source : str
        Label used in errors.

    Returns
    -------
    ParseResult of PoliceUkCrime
        One record per row.

    Raises
    ------
    ParseError
        If the header lacks a required column.
    """
    rows = iter_csv_rows(decode_text(data, source), source, ",")
    first = next(rows, None)
    header = [name.strip() for name in first[1]] if first else []
    missing = [column for column in CSV_COLUMNS[:-1] if column not in header]
    if missing:
        raise ParseError(
            source,
            _("ingen gatu-CSV från police.uk: kolumner saknas: %(missing)s")
            % {"missing": ", ".join(missing)},
        )
    seen: Counter[str] = Counter()

    def parse_row(fields: list[str], line: int) -> PoliceUkCrime:
        if len(fields) > len(header):
            raise RowProblem(
                _("väntade %(expected)d fält, fann %(found)d")
                % {"expected": len(header), "found": len(fields)}
            )
        # A short row (no trailing Context) leaves the missing columns empty.
        row = dict(zip(header, (field.strip() for field in fields), strict=False))
        return _csv_crime(row, line, seen)

    records, errors, skipped = collect_rows(rows, source, parse_row)
    return ParseResult(tuple(records), tuple(errors), tuple(skipped))


def _csv_crime(row: Mapping[str, str], line: int, seen: Counter[str]) -> PoliceUkCrime:
    label = row.get("Crime type", "")
    if not label:
        raise RowProblem("Crime type is empty")
    longitude, latitude = row.get("Longitude", ""), row.get("Latitude", "")
    if not longitude or not latitude:
        raise RowProblem(
            _("koordinater saknas (Location %(value)r)") % {"value": row.get("Location", "")}
        )
    return PoliceUkCrime(
        id=row.get("Crime ID") or _derived_id(row, seen),
        month=_month(row.get("Month", "")),
        category=CSV_CRIME_TYPES.get(label, _slug(label)),
        lat=_coordinate(latitude, "Latitude", 90.0),
        lon=_coordinate(longitude, "Longitude", 180.0),
        street=row.get("Location", ""),
        outcome=row.get("Last outcome category") or None,
        line=line,
    )


def _derived_id(row: Mapping[str, str], seen: Counter[str]) -> str:
    content = "\x1f".join(row.get(column, "") for column in _IDENTITY_COLUMNS)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
    seen[digest] += 1
    return f"derived-{digest}-{seen[digest]}"


def _slug(label: str) -> str:
    # An unknown label still gets an API-style slug, so new police.uk
    # categories are kept rather than rejected.
    slug = "-".join(re.findall(r"[a-z0-9]+", label.casefold()))
    if not slug:
        raise RowProblem(_("Crime type %(value)r har inget användbart namn") % {"value": label})
    return slug
