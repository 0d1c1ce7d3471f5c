"""Parser for the police event notices API (``https://polisen.se/api/events``).

The API answers with a JSON array of at most 500 objects with the keys
``id``, ``datetime``, ``name``, ``summary``, ``url``, ``type`` and
``location`` (``name``, ``gps``). Archives keep the same objects as JSON
lines, often gzipped. Facts this module relies on (see
``shared/realdata/FORMATS.md`` §1):

* ``datetime`` is the publish/update time, ``"2025-06-07 7:32:06 +02:00"``,
  with an hour that is not zero-padded;
* ``name`` is ``"<DD> <månad> <HH.MM>, <type>, <place>"``; the event time has
  no year, the separator was ``:`` until late 2023 and ``.`` after, and the
  type itself may contain commas ("Misshandel, grov");
* since January 2026 ``location.name`` is always the county, so the
  municipality must be read from the last segment of ``name``;
* ``location.gps`` is the centroid of the municipality or county, not the
  scene;
* "Sammanfattning …" notices are roll-ups of many incidents.

The module also describes the API's usage rules (HTTPS only, at least 10 s
between calls, 60 an hour, 1,440 a day) as pure data and functions so a
client can follow them; it performs no requests itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lagesbild.core.i18n import gettext as _
from lagesbild.core.i18n import month_names

from .common import (
    Known,
    ParseResult,
    RowError,
    RowProblem,
    SkippedRow,
    collect_rows,
    load_json_records,
    load_new_json_records,
    require_float,
    require_int,
    require_mapping,
    require_str,
)

__all__ = [
    "API_BASE_URL",
    "DEFAULT_RATE_LIMIT",
    "EVENTS_URL",
    "SWEDISH_MONTHS",
    "PoliceEvent",
    "RateLimitPolicy",
    "build_events_url",
    "latest_by_id",
    "next_allowed_call",
    "parse_event",
    "parse_event_time",
    "parse_events",
    "parse_new_events",
    "parse_published_at",
    "split_name",
]

API_BASE_URL = "https://polisen.se"
EVENTS_URL = f"{API_BASE_URL}/api/events"

#: Swedish month names as written in event titles.
SWEDISH_MONTHS: Mapping[str, int] = {
    name: number for number, name in enumerate(month_names("sv"), start=1)
}

_PUBLISHED_FORMAT = "%Y-%m-%d %H:%M:%S %z"
# The API's own spelling of that format, read without strptime (a tenth of its cost).
_PUBLISHED_RE = re.compile(r"(\d{4})-(\d\d)-(\d\d) (\d{1,2}):(\d\d):(\d\d) ([+-])(\d\d):([0-5]\d)")
# "06 juni 10.52" or "4 juli 23:30" at the start of the title.
_EVENT_TIME = re.compile(r"\s*(\d{1,2}) ([^\W\d_]+) (\d{1,2})[.:](\d{2})(?=,|\s|$)")
_COUNTY_SUFFIX = " län"
_SUMMARY_PREFIX = "Sammanfattning"
_DATE_FILTER = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2}(?: \d{2})?)?)?")


def _swedish_zone() -> tzinfo | None:
    # Event times in titles are Swedish wall-clock time. With the tz
    # database the offset is right even across a DST switch; without it
    # (a minimal container) the publish time's offset is the best guess.
    try:
        return ZoneInfo("Europe/Stockholm")
    except ZoneInfoNotFoundError:
        return None


_STOCKHOLM = _swedish_zone()


@dataclass(frozen=True, slots=True)
class PoliceEvent:
    """One police event notice.

    Attributes
    ----------
    id : int
        The API's event id; stable across edits of the notice.
    published_at : datetime
        Aware publish/update time from ``datetime``.
    event_time : datetime or None
        Aware time of the event from the title, year inferred; None when the
        title has no time prefix.
    type_raw : str
        ``type`` exactly as delivered (one type has a trailing space).
    type : str
        ``type`` stripped; an open vocabulary.
    municipality : str or None
        Last comma-separated segment of ``name``; None for county-level
        events and for an empty place.
    county_level : bool
        True when the place is a county ("… län") or missing.
    location_name : str
        ``location.name``: a municipality before 2026, always a county after.
    lat, lon : float
        Centroid of the municipality or county (``location.gps``).
    summary : str
        Short text, truncated by the API at about 110 characters.
    url : str
        Absolute ``https://polisen.se/…`` address of the notice.
    is_summary : bool
        True for "Sammanfattning …" roll-ups, which must not be counted.
    """

    id: int
    published_at: datetime
    event_time: datetime | None
    type_raw: str
    type: str
    municipality: str | None
    county_level: bool
    location_name: str
    lat: float
    lon: float
    summary: str
    url: str
    is_summary: bool


def parse_published_at(text: str) -> datetime:
    """Parse the API's ``datetime`` field.

    Parameters
    ----------
    text : str
        For example ``"2025-06-07 7:32:06 +02:00"`` (hour not zero-padded,
        space before the offset); :meth:`datetime.fromisoformat` rejects it.

    Returns
    -------
    datetime
        An aware datetime.

    Raises
    ------
    ValueError
        If the text does not have that shape.
    """
    match = _PUBLISHED_RE.fullmatch(text)
    if match is None:
        return datetime.strptime(text, _PUBLISHED_FORMAT)  # any other spelling strptime takes
    year, month, day, hour, minute, second, sign, offset_hours, offset_minutes = match.groups()
    return datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second),
        tzinfo=_offset(sign, offset_hours, offset_minutes),
    )


@lru_cache(maxsize=64)
def _offset(sign: str, hours: str, minutes: str) -> timezone:
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    return timezone(-offset if sign == "-" else offset)


def parse_event_time(name: str, published_at: datetime) -> datetime | None:
    """Read the event time from a title and infer its year.

    The title carries day, Swedish month name and time but no year. The
    year is the one (of the publish year and its neighbours) that puts the
    event closest to the publish time: "31 december 23.42" published on
    1 January belongs to the previous year, and a planned operation
    announced in late December for "2 januari" to the next.

    Parameters
    ----------
    name : str
        The title, e.g. ``"06 juni 10.52, Trafikolycka, Helsingborg"`` or
        ``"4 juli 23:30, Brand, Lund"``.
    published_at : datetime
        Aware publish time of the notice.

    Returns
    -------
    datetime or None
        Aware event time in Swedish local time, or None if the title does
        not start with a time.

    Raises
    ------
    ValueError
        If the prefix looks like a time but names an unknown month or an
        impossible date/time.
    """
    match = _EVENT_TIME.match(name)
    if match is None:
        return None
    day, month_name, hour, minute = match.groups()
    month = SWEDISH_MONTHS.get(month_name.casefold())
    if month is None:
        raise ValueError(_("okänt månadsnamn %(month)r") % {"month": month_name})
    zone = _STOCKHOLM or published_at.tzinfo
    nearby = _same_year_time(published_at, month, int(day), int(hour), int(minute), zone)
    if nearby is not None:
        return nearby
    candidates = _candidate_times(published_at, month, int(day), int(hour), int(minute), zone)
    if not candidates:
        raise ValueError(
            _("omöjlig tidpunkt för händelsen %(value)r") % {"value": match.group(0).strip()}
        )
    return min(candidates, key=lambda moment: abs(moment - published_at))


# Within this of the publish time, the time in the publish year is the nearest: the same time a
# year earlier or later is at least 365 days (less an hour of summer time) from it, so farther.
_SURELY_NEAREST = timedelta(days=182)


def _same_year_time(
    published_at: datetime, month: int, day: int, hour: int, minute: int, zone: tzinfo | None
) -> datetime | None:
    """The time in the publish year when it is surely the nearest candidate (the common case)."""
    year = published_at.astimezone(zone).year
    try:
        moment = datetime(year, month, day, hour, minute, tzinfo=zone)
    except ValueError:
        return None
    return moment if abs(moment - published_at) < _SURELY_NEAREST else None


def _candidate_times(
    published_at: datetime, month: int, day: int, hour: int, minute: int, zone: tzinfo | None
) -> list[datetime]:
    local_year = published_at.astimezone(zone).year
    candidates = []
    for year in (local_year - 1, local_year, local_year + 1):
        try:
            candidates.append(datetime(year, month, day, hour, minute, tzinfo=zone))
        except ValueError:
            # 29 februari exists only in leap years; 24.00 never.
            continue
    return candidates


def split_name(name: str) -> tuple[str | None, bool]:
    """Find the municipality in a title.

    Parameters
    ----------
    name : str
        The title; its last comma-separated segment is the place.

    Returns
    -------
    tuple of (str or None, bool)
        ``(municipality, county_level)``. A place ending in " län" is a
        county-level event (municipality None); so is an empty place, which
        the API emits now and then ("20 juni 16.00, Brand, ").

    Raises
    ------
    ValueError
        If the title has no comma at all, so no place segment.
    """
    if "," not in name:
        raise ValueError(_("rubriken saknar en plats efter ett kommatecken"))
    place = name.rsplit(",", 1)[1].strip()
    if not place or place.endswith(_COUNTY_SUFFIX):
        return None, True
    return place, False


def parse_event(obj: Any, line: int = 0) -> PoliceEvent:
    """Validate one decoded API object and build a :class:`PoliceEvent`.

    Parameters
    ----------
    obj : object
        One element of the API's array.
    line : int, optional
        Position, unused except to match the row-parser signature.

    Returns
    -------
    PoliceEvent
        The record.

    Raises
    ------
    RowProblem
        With a reason naming the offending field.
    """
    event = require_mapping(obj, lambda: _("händelsen"))
    event_id = require_int(event, "id")
    if event_id <= 0:
        raise RowProblem(_("id %(id)d är inte positivt") % {"id": event_id})
    published_at = _published(event)
    name = require_str(event, "name")
    event_time = _event_time(name, published_at)
    municipality, county_level = _place(name)
    type_raw = require_str(event, "type")
    location = require_mapping(event.get("location"), "location")
    lat, lon = _gps(require_str(location, "gps"))
    return PoliceEvent(
        id=event_id,
        published_at=published_at,
        event_time=event_time,
        type_raw=type_raw,
        type=type_raw.strip(),
        municipality=municipality,
        county_level=county_level,
        location_name=require_str(location, "name").strip(),
        lat=lat,
        lon=lon,
        summary=require_str(event, "summary", allow_empty=True).strip(),
        url=_absolute_url(require_str(event, "url")),
        is_summary=type_raw.strip().startswith(_SUMMARY_PREFIX),
    )


def _published(event: Mapping[str, Any]) -> datetime:
    text = require_str(event, "datetime")
    try:
        return parse_published_at(text)
    except ValueError:
        raise RowProblem(
            _("datetime %(value)r har inte formen 'ÅÅÅÅ-MM-DD T:MM:SS +TT:MM'") % {"value": text}
        ) from None


def _event_time(name: str, published_at: datetime) -> datetime | None:
    try:
        return parse_event_time(name, published_at)
    except ValueError as exc:
        raise RowProblem(f"name {name!r}: {exc}") from None


def _place(name: str) -> tuple[str | None, bool]:
    try:
        return split_name(name)
    except ValueError as exc:
        raise RowProblem(f"name {name!r}: {exc}") from None


def _gps(text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise RowProblem(_("gps %(value)r har inte formen 'lat,lon'") % {"value": text})
    lat = require_float(parts[0].strip(), lambda: _("gps-latituden"))
    lon = require_float(parts[1].strip(), lambda: _("gps-longituden"))
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise RowProblem(_("gps %(value)r ligger utanför jordklotet") % {"value": text})
    return lat, lon


def _absolute_url(path: str) -> str:
    # The API gives a site-relative path; archives sometimes store the
    # absolute form. Anything pointing elsewhere is not a notice.
    if path.startswith(API_BASE_URL + "/"):
        return path
    if path.startswith("/") and not path.startswith("//"):
        return API_BASE_URL + path
    raise RowProblem(_("url %(value)r är ingen sökväg på polisen.se") % {"value": path})


def parse_events(data: bytes, source: str) -> ParseResult[PoliceEvent]:
    """Parse an API response or an archive of events.

    Parameters
    ----------
    data : bytes
        A JSON array (the API's answer) or JSON lines, either optionally
        gzipped.
    source : str
        File name or other label, used in errors.

    Returns
    -------
    ParseResult of PoliceEvent
        Records in input order; bad rows as errors with the 1-based array
        index or JSON-lines line.

    Raises
    ------
    ParseError
        If the input is not JSON at all.
    """
    items, line_errors = load_json_records(data, source)
    records, errors, skipped = collect_rows(items, source, parse_event)
    all_errors = sorted([*line_errors, *errors], key=lambda error: error.line)
    return ParseResult(tuple(records), tuple(all_errors), tuple(skipped))


@dataclass(frozen=True)
class NewEvents:
    """The events of an input that are not stored yet (see :func:`parse_new_events`)."""

    records: tuple[tuple[PoliceEvent, int, str], ...]
    errors: tuple[RowError, ...]
    skipped: tuple[SkippedRow, ...]
    known: int


def parse_new_events(data: bytes, source: str, known: Known) -> NewEvents:
    """Parse the events of an input whose source text is not in ``known``.

    Parameters
    ----------
    data : bytes
        As for :func:`parse_events`.
    source : str
        File name or other label, used in errors.
    known : container of str, or a function
        Fingerprints (``common.record_digest``) of the source text of stored events, or a
        function ``known(fingerprints, ids)`` that returns the stored ones among the input's
        fingerprints. ``ids`` are the event ids an array's items name (None for an item whose
        id is no positive integer, which no stored event came from; ``ids`` is None for JSON
        lines, which are not decoded first): a stored fingerprint is that of an event with one
        of them. A record with a known fingerprint is exactly what was stored, so it is
        neither decoded nor checked again.

    Returns
    -------
    NewEvents
        ``(event, line, fingerprint)`` of every new record in input order, the bad rows, the
        skipped ones and how many known records were left out.
    """
    loaded = load_new_json_records(data, source, known, _event_id)

    def parse(entry: tuple[Any, str], line: int) -> tuple[PoliceEvent, int, str]:
        return parse_event(entry[0], line), line, entry[1]

    numbered = [(line, (item, digest)) for line, item, digest in loaded.items]
    records, errors, skipped = collect_rows(numbered, source, parse)
    all_errors = sorted([*loaded.errors, *errors], key=lambda error: error.line)
    return NewEvents(tuple(records), tuple(all_errors), tuple(skipped), loaded.known)


def _event_id(item: Any) -> int | None:
    """The id of an array item as ``parse_event`` reads it, or None when it would refuse it."""
    value = item.get("id") if isinstance(item, dict) else None
    return value if type(value) is int and value > 0 else None


def latest_by_id(events: Iterable[PoliceEvent]) -> tuple[PoliceEvent, ...]:
    """Keep, for every id, the most recently published version.

    Notices are edited after publication and reappear with the same id and a
    later ``published_at``. On equal publish times the later one in the
    input wins, which matches reading snapshots in capture order.

    Parameters
    ----------
    events : iterable of PoliceEvent
        Events, possibly with repeated ids.

    Returns
    -------
    tuple of PoliceEvent
        One event per id, sorted by id.
    """
    latest: dict[int, PoliceEvent] = {}
    for event in events:
        current = latest.get(event.id)
        if current is None or event.published_at >= current.published_at:
            latest[event.id] = event
    return tuple(latest[event_id] for event_id in sorted(latest))


def _filter_value(value: str | Sequence[str]) -> str:
    # The API takes several values separated by ";"; a caller may pass them
    # already joined ("Stockholm;Järfälla") or as a sequence.
    values = value.split(";") if isinstance(value, str) else list(value)
    cleaned = [item.strip() if isinstance(item, str) else "" for item in values]
    if not cleaned or any(not item or ";" in item for item in cleaned):
        raise ValueError(f"invalid filter value {value!r}")
    return ";".join(cleaned)


def build_events_url(
    location: str | Sequence[str] | None = None,
    date: str | None = None,
    type_: str | Sequence[str] | None = None,
) -> str:
    """Build an HTTPS URL for the events API.

    Parameters
    ----------
    location : str or sequence of str, optional
        Municipality or county names (``locationname``); several are joined
        with ``;``.
    date : str, optional
        ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-MM-DD HH``
        (``DateTime``; the space before the hour is sent as ``%20``).
    type_ : str or sequence of str, optional
        Event types (``type``), joined with ``;``.

    Returns
    -------
    str
        The URL; values are UTF-8 percent-encoded, ``;`` kept literal.

    Raises
    ------
    ValueError
        For an empty filter value or a date of another shape.
    """
    params: list[tuple[str, str]] = []
    if location is not None:
        params.append(("locationname", _filter_value(location)))
    if date is not None:
        if not _DATE_FILTER.fullmatch(date):
            raise ValueError(f"date {date!r} is not YYYY[-MM[-DD[ HH]]]")
        params.append(("DateTime", date))
    if type_ is not None:
        params.append(("type", _filter_value(type_)))
    if not params:
        return EVENTS_URL
    return f"{EVENTS_URL}?{urlencode(params, quote_via=quote, safe=';')}"


@dataclass(frozen=True, slots=True)
class RateLimitPolicy:
    """The published usage limits of polisen.se's open APIs.

    Attributes
    ----------
    min_interval : timedelta
        Least time between two requests (10 s).
    max_per_hour : int
        Most requests in any 60-minute window (60).
    max_per_day : int
        Most requests in any 24-hour window (1,440).

    Notes
    -----
    The rules do not say whether "per hour" means a clock hour or any
    60 minutes; :func:`next_allowed_call` uses sliding windows, which is the
    stricter reading and therefore safe under either.
    """

    min_interval: timedelta = timedelta(seconds=10)
    max_per_hour: int = 60
    max_per_day: int = 1440

    def __post_init__(self) -> None:
        if self.min_interval < timedelta(0) or self.max_per_hour < 1 or self.max_per_day < 1:
            raise ValueError("rate limits must be positive")


_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)
DEFAULT_RATE_LIMIT = RateLimitPolicy()


def next_allowed_call(
    history: Sequence[datetime],
    now: datetime,
    policy: RateLimitPolicy = DEFAULT_RATE_LIMIT,
) -> datetime:
    """Earliest moment at or after ``now`` when a request respects ``policy``.

    Parameters
    ----------
    history : sequence of datetime
        Aware times of earlier requests, in any order.
    now : datetime
        Aware current time.
    policy : RateLimitPolicy, optional
        The limits, by default :data:`DEFAULT_RATE_LIMIT`.

    Returns
    -------
    datetime
        ``now`` if a call is allowed immediately, otherwise the first moment
        when it is.

    Raises
    ------
    ValueError
        If any datetime is naive (mixing naive and aware times would compare
        wall clocks of unknown zones).
    """
    if now.tzinfo is None or any(moment.tzinfo is None for moment in history):
        raise ValueError("next_allowed_call needs timezone-aware datetimes")
    calls = sorted(history)
    releases = [now]
    if calls:
        releases.append(calls[-1] + policy.min_interval)
    for limit, window in ((policy.max_per_hour, _HOUR), (policy.max_per_day, _DAY)):
        # A call at time c still counts at time t while t - c < window, so
        # with `limit` calls on record the next may go when the oldest of
        # the last `limit` calls drops out of the window.
        if len(calls) >= limit:
            releases.append(calls[-limit] + window)
    return max(releases)
