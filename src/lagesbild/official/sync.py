"""Live sync from polisen.se, Kolada and SCB: one polite fetch, an idempotent import, audited.

Meant for cron: ``lagesbild sync polisen --location Helsingborg`` every 30–60 minutes, Kolada and
SCB once a month. Every fetch goes through the one client (``official.client``), which names the
app in its User-Agent, keeps polisen.se's published limits across runs (the ``FetchLog`` table),
retries timeouts and 5xx answers, and never retries a 404. Every import is an upsert
(``official.importing``), so a second run changes nothing unless the source did. Each run, failed
or not, is one audit entry ``lagesbild.sync.<source>``.

**How the police are asked.** Since January 2026 ``location.name`` is the county, so the server's
``locationname=Helsingborg`` filter may miss the municipality's events (whether it does is not
verified, FORMATS.md §1). A sync makes ONE call per municipality that names the municipality and
its county (``locationname=Helsingborg;Skåne län``: the API takes several values separated by
";"), and keeps the events whose title ends in the municipality. Whichever field the server
matches, the events are in the answer. An answer holds at most 500 events; a county's 500 span
weeks, so a run every hour misses nothing. The county's other municipalities and county-wide
notices are dropped and counted as ignored. An event whose title cannot be read is kept, so the
import rejects the answer and names it (all or nothing) instead of losing it silently.

**Kolada.** All KPIs, municipalities and years go into one request (Kolada's path takes
comma-separated lists); ``next_url`` pages are followed. The KPIs are ``--kpi``, else the setting
``LAGESBILD_KOLADA_KPIS``, else :data:`DEFAULT_KOLADA_KPIS`.

**Default years.** The ten years up to the last one whose figures are out: Brå's final figures
and SCB's population of 31 December appear in February–March, so before 1 April the year before
last is the latest asked for (asking SCB for an unpublished year is an error, not an empty
answer).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings

from lagesbild.areas.models import Municipality
from lagesbild.audit.services import log_action
from lagesbild.core.parsers import polisen
from lagesbild.core.parsers.common import ParseError, load_json_document
from lagesbild.official.client import (
    FetchError,
    SourceClient,
    fetch_kolada,
    fetch_polisen,
    fetch_scb,
)
from lagesbild.official.importing import (
    ImportFailed,
    ImportSummary,
    import_kolada,
    import_polisen,
    import_scb,
    merge_kolada_pages,
)
from lagesbild.official.municipalities import (
    all_municipalities,
    code_for_name,
    county_name,
    resolve,
)

__all__ = [
    "DEFAULT_KOLADA_KPIS",
    "PolisenTarget",
    "SyncError",
    "SyncResult",
    "checked_kpis",
    "configured_kpis",
    "default_years",
    "events_in_municipality",
    "parse_years",
    "polisen_target",
    "sync_kolada",
    "sync_municipalities",
    "sync_polisen",
    "sync_scb_population",
]

#: Kolada KPIs synced when neither ``--kpi`` nor ``LAGESBILD_KOLADA_KPIS`` names any: N07403
#: "Anmälda våldsbrott, antal/100 000 inv", the one crime KPI whose id and title were verified
#: against the API (FORMATS.md §3). Add others (e.g. N07540, reported crimes in total per 100 000,
#: seen in public code but not verified) through the setting after checking ``/v3/kpi?title=brott``.
DEFAULT_KOLADA_KPIS: tuple[str, ...] = ("N07403",)

# Kolada KPI ids are a letter and five digits; anything else must not reach the URL path.
_KPI_ID = re.compile(r"[A-Z]\d{5}")
_YEARS = re.compile(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?")
_MAX_YEARS = 50
# Figures for a year are out by 1 April of the next (Brå final figures, SCB population).
_PUBLISHED_BY = (4, 1)


class SyncError(Exception):
    """The options cannot be used (unknown municipality, bad KPI id or years); one line."""


@dataclass(frozen=True)
class SyncResult:
    """What one sync fetched and what its import did (or, in a dry run, would do)."""

    source: str
    target: str
    url: str
    summary: ImportSummary
    ignored: int = 0

    def line(self) -> str:
        """Return a one-line Swedish summary."""
        summary = self.summary
        if summary.errors:
            return f"sync {self.source} {self.target}: {summary.line()}"
        prefix = "Provkörning (inget sparat): " if summary.dry_run else ""
        ignored = ""
        if self.source == "polisen":
            ignored = f", {self.ignored} från andra orter ignorerade"
        return (
            f"{prefix}sync {self.source} {self.target}: {summary.created} nya, "
            f"{summary.updated} uppdaterade, {summary.unchanged} oförändrade{ignored}."
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data for the audit log."""
        return {
            "target": self.target,
            "url": self.url,
            "ignored": self.ignored,
            "ok": self.summary.ok,
            "summary": self.summary.as_dict(),
        }


# --- options -------------------------------------------------------------------------------------


def parse_years(text: str) -> list[int]:
    """Return the years of "2015-2024", "2023" or "2019,2021-2023"."""
    years: set[int] = set()
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        match = _YEARS.fullmatch(part)
        if match is None:
            raise SyncError(f"years {text!r}: write them as 2023, 2015-2024 or 2019,2021")
        first, last = int(match[1]), int(match[2] or match[1])
        if last < first:
            raise SyncError(f"years {part!r}: the range runs backwards")
        years.update(range(first, last + 1))
    if not years or len(years) > _MAX_YEARS:
        raise SyncError(f"years {text!r}: give between 1 and {_MAX_YEARS} years")
    return sorted(years)


def default_years(today: date) -> list[int]:
    """Return the ten years up to the latest whose yearly figures are published by ``today``."""
    latest = today.year - 1 if (today.month, today.day) >= _PUBLISHED_BY else today.year - 2
    return list(range(latest - 9, latest + 1))


def configured_kpis() -> tuple[str, ...]:
    """Return ``LAGESBILD_KOLADA_KPIS`` (settings or environment), else the default list."""
    value = getattr(settings, "LAGESBILD_KOLADA_KPIS", None) or os.environ.get(
        "LAGESBILD_KOLADA_KPIS", ""
    )
    items = value.split(",") if isinstance(value, str) else list(value)
    kpis = tuple(str(item).strip() for item in items if str(item).strip())
    return checked_kpis(kpis) if kpis else DEFAULT_KOLADA_KPIS


def checked_kpis(kpis: Sequence[str]) -> tuple[str, ...]:
    """Return the KPI ids (comma-separated values split), refusing any that is not an id."""
    ids = tuple(part.strip() for kpi in kpis for part in kpi.split(",") if part.strip())
    if bad := [kpi for kpi in ids if not _KPI_ID.fullmatch(kpi)]:
        raise SyncError(f"not Kolada KPI ids (a letter and five digits, e.g. N07403): {bad}")
    return tuple(dict.fromkeys(ids))


def sync_municipalities(given: Sequence[str] | None) -> list[str]:
    """Return the codes of the given municipalities, or of the Swedish ones in the database."""
    if given:
        return [_municipality(text)[0] for text in given]
    known = all_municipalities()
    codes = [code for code in Municipality.objects.values_list("code", flat=True) if code in known]
    if not codes:
        raise SyncError("no Swedish municipality in the database; give --municipality 1283")
    return sorted(codes)


def _municipality(text: str) -> tuple[str, str]:
    found = resolve(text)
    if found is None:
        raise SyncError(f"{text!r} is not a Swedish municipality (a name or a code such as 1283)")
    return found


# --- polisen.se ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolisenTarget:
    """A municipality and the county the police now file its events under."""

    code: str
    name: str
    county: str

    @property
    def location_filter(self) -> str:
        """Return the ``locationname`` value: the municipality and its county."""
        return f"{self.name};{self.county}"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


def polisen_target(location: str) -> PolisenTarget:
    """Return the target of ``--location`` (a municipality name or code)."""
    code, name = _municipality(location)
    county = county_name(code)
    if county is None:  # pragma: no cover - every municipality code has a county
        raise SyncError(f"{name}: no county known for code {code}")
    return PolisenTarget(code, name, county)


def events_in_municipality(data: bytes, source: str, code: str) -> tuple[bytes, int]:
    """Return the answer with only the events of municipality ``code``, and the number dropped."""
    try:
        events = load_json_document(data, source)
    except ParseError as exc:
        raise ImportFailed(str(exc)) from None
    if not isinstance(events, list):
        raise ImportFailed(f"{source}: not a list of police events")
    kept = [event for event in events if not _elsewhere(event, code)]
    return json.dumps(kept, ensure_ascii=False).encode("utf-8"), len(events) - len(kept)


def _elsewhere(event: Any, code: str) -> bool:
    """Tell whether an event's title names another place (unreadable titles are not elsewhere)."""
    name = event.get("name") if isinstance(event, dict) else None
    if not isinstance(name, str) or "," not in name:
        return False
    place, _ = polisen.split_name(name)
    return place is None or code_for_name(place) != code


def sync_polisen(
    client: SourceClient, location: str, *, dry_run: bool = False, actor: Any = None
) -> SyncResult:
    """Fetch a municipality's police events with one call and upsert them."""
    target = polisen_target(location)

    def work() -> SyncResult:
        url, body = fetch_polisen(client, target.location_filter)
        kept, ignored = events_in_municipality(body, url, target.code)
        summary = import_polisen(kept, url, dry_run=dry_run, actor=actor)
        return SyncResult("polisen", target.label, url, summary, ignored)

    return _audited("polisen", target.label, dry_run, actor, work)


# --- Kolada and SCB ------------------------------------------------------------------------------


def sync_kolada(
    client: SourceClient,
    codes: Sequence[str],
    kpis: Sequence[str],
    years: Sequence[int],
    *,
    dry_run: bool = False,
    actor: Any = None,
) -> SyncResult:
    """Fetch KPI values for municipalities and years in one paged request and upsert them."""
    target = f"{','.join(codes)} {','.join(kpis)} {_span(years)}"

    def work() -> SyncResult:
        url, pages = fetch_kolada(client, kpis, codes, years)
        summary = import_kolada(merge_kolada_pages(pages, url), url, dry_run=dry_run, actor=actor)
        return SyncResult("kolada", target, url, summary)

    return _audited("kolada", target, dry_run, actor, work)


def sync_scb_population(
    client: SourceClient,
    codes: Sequence[str],
    years: Sequence[int],
    *,
    dry_run: bool = False,
    actor: Any = None,
) -> SyncResult:
    """Fetch the population of municipalities and years with one PxWeb query and upsert it."""
    target = f"{','.join(codes)} {_span(years)}"

    def work() -> SyncResult:
        url, body = fetch_scb(client, codes, years)
        summary = import_scb(body, url, dry_run=dry_run, actor=actor)
        return SyncResult("scb-population", target, url, summary)

    return _audited("scb-population", target, dry_run, actor, work)


def _span(years: Sequence[int]) -> str:
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def _audited(
    source: str, target: str, dry_run: bool, actor: Any, work: Callable[[], SyncResult]
) -> SyncResult:
    """Run one sync and record it in the audit log, whether it worked or not."""
    action = f"lagesbild.sync.{source}"
    try:
        result = work()
    except (FetchError, ImportFailed) as exc:
        detail = {"target": target, "ok": False, "error": str(exc), "dry_run": dry_run}
        log_action(actor, action, None, detail)
        raise
    log_action(actor, action, None, {**result.as_dict(), "dry_run": dry_run})
    return result
