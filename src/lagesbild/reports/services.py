"""Every write of a report goes through here: scrubbed, placed, validated, audited, atomic."""

from __future__ import annotations

import hmac
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from hashlib import sha256
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import (
    check_in_reach,
    locate_area,
    lock_municipalities,
    lock_municipality,
)
from lagesbild.audit.services import log_action
from lagesbild.categories.models import Category
from lagesbild.core.places import Gazetteer, GazetteerPlace
from lagesbild.core.privacy import ScrubResult, scrub
from lagesbild.organisations.access import own_report_refusal, viewer_for
from lagesbild.organisations.models import Organisation
from lagesbild.places.services import gazetteer_for
from lagesbild.reports.models import FREE_TEXT_FIELDS, Report
from lagesbild.reports.rollup import counts_follow
from lagesbild.web.bulk import insert_new, new_instance, surely_clean
from lagesbild.web.text import TextRules


@dataclass(frozen=True)
class NewReport:
    """What a partner reports. Free text arrives raw and is scrubbed before it is stored."""

    organisation: Organisation
    category: Category
    occurred_from: datetime
    occurred_to: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    area: Area | None = None
    place_text: str = ""
    description: str = ""
    insecurity: int = 2
    count: int | None = None
    source: str = Report.Source.FORM
    external_id: str = ""
    reported_at: datetime | None = None
    #: The same report's id under an earlier SECRET_KEY (a content id, see reports.importing).
    former_ids: tuple[str, ...] = ()


Locate = Callable[[Municipality, float, float], Area | None]

#: The text rules (core.text) of a report's text, with the lengths the report form allows.
TEXT_RULES = {
    "place_text": TextRules(200),
    "description": TextRules(2000),
    "external_id": TextRules(100),
}


def check_text(new: NewReport) -> None:
    """Refuse text that breaks the rules, as it arrives (before scrubbing), field by field."""
    errors: dict[str, list[ValidationError]] = {}
    for name, rules in TEXT_RULES.items():
        try:
            rules(getattr(new, name))
        except ValidationError as error:
            errors[name] = [error]
    if errors:
        raise ValidationError(errors)


def check_area(new: NewReport) -> None:
    """Refuse a district of another municipality than the one the organisation reports in: the
    report would count in one municipality and name a district of another (a person filing in
    several municipalities is offered the districts of each)."""
    area, organisation = new.area, new.organisation
    if area is None or area.municipality_id == organisation.municipality_id:
        return
    where = organisation.municipality.name
    raise ValidationError(
        {
            "area": _(
                "Området %(area)s ligger i %(area_municipality)s, men %(organisation)s "
                "rapporterar i %(municipality)s. Välj ett område i %(municipality)s."
            )
            % {
                "area": area.name,
                "area_municipality": area.municipality.name,
                "organisation": organisation.name,
                "municipality": where,
            }
        }
    )


REPAIRED_AREAS = "lagesbild.report.areas_repaired"


def repair_misplaced_areas(dry_run: bool = False) -> int:
    """Give each report that names a district of another municipality than its own (stored
    before ``check_area``: a person with roles in two municipalities could choose the other's
    district) the district its point lies in, in its own municipality, or none; return how many.

    The rollup follows each report (``counts_follow``), as a coordinator's correction does; one
    audit entry counts them per municipality. Idempotent: a second run finds none."""
    misplaced = Report.objects.exclude(area=None).exclude(area__municipality=F("municipality"))
    with transaction.atomic():
        reports = list(misplaced.select_related("municipality").order_by("pk"))
        if dry_run or not reports:
            return len(reports)
        lock_municipalities(r.municipality_id for r in reports)
        per_municipality: Counter[str] = Counter()
        for report in reports:
            with counts_follow(report):
                report.area = (
                    locate_area(report.municipality, report.latitude, report.longitude)
                    if report.has_point
                    else None
                )
                report.save(update_fields=["area"])
            per_municipality[report.municipality.code] += 1
        log_action(None, REPAIRED_AREAS, detail={"reports": dict(per_municipality)})
    return len(reports)


class Outcome(StrEnum):
    """What storing a report did: imports and API pushes count these."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class Places:
    """The municipality's gazetteer, read only when a report needs it (most carry a pin and
    text without addresses, and bulk imports should not pay a query per row for nothing).

    One ``Places`` serves a whole import: each distinct text is matched and scrubbed once.
    """

    def __init__(self, municipality: Municipality, gazetteer: Gazetteer | None = None) -> None:
        self.municipality = municipality
        self._gazetteer = gazetteer
        self._matched: dict[str, GazetteerPlace | None] = {}
        self._scrubbed: dict[str, str] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = gazetteer_for(self.municipality)
        return self._gazetteer

    def _read_gazetteer(self) -> Gazetteer:
        return self.gazetteer

    def match(self, place_text: str) -> GazetteerPlace | None:
        """Return the gazetteer's place ``place_text`` describes, or None."""
        if place_text not in self._matched:
            self._matched[place_text] = self.gazetteer.match(place_text)
        return self._matched[place_text]

    def scrub(self, text: str) -> str:
        """Scrub ``text``; public places and addresses of the gazetteer stay (the gazetteer is
        read only for a text with an address or name in it)."""
        if text not in self._scrubbed:
            self._scrubbed[text] = self.findings(text).text
        return self._scrubbed[text]

    def findings(self, text: str) -> ScrubResult:
        """Scrub ``text`` as :meth:`scrub` does, and tell what was found where (not kept)."""
        return scrub(text, self._read_gazetteer)


Placement = tuple[float | None, float | None, Area | None, bool]


def place_of(new: NewReport, places: Places, locate: Locate) -> Placement:
    """Return (latitude, longitude, area, geocoded) of a report.

    A map pin decides; without one, a place text the gazetteer knows gives the place's point and
    the area around it (unless the reporter chose another district); else the area the reporter
    chose (if any).
    """
    municipality = new.organisation.municipality
    if new.latitude is not None and new.longitude is not None:
        area = locate(municipality, new.latitude, new.longitude)
        if area is None:  # outside every area: near the border, or a mistake
            check_in_reach(municipality, new.latitude, new.longitude)
        return new.latitude, new.longitude, area, False
    place = places.match(new.place_text) if new.place_text.strip() else None
    placed = placed_at(municipality, place, new.area, locate)
    return placed or (new.latitude, new.longitude, new.area, False)


def placed_at(
    municipality: Municipality, place: GazetteerPlace | None, chosen: Area | None, locate: Locate
) -> Placement | None:
    """Return the placement of a report without a pin at a gazetteer ``place``: its point and
    the area around it, or None when there is no place or the reporter ``chosen`` another
    district (the chosen district wins over a place of the same name elsewhere)."""
    if place is None:
        return None
    area = locate(municipality, place.latitude, place.longitude)
    if chosen is None or (area is not None and chosen.pk in (area.pk, area.parent_id)):
        return place.latitude, place.longitude, area or chosen, True
    return None


#: What the keyed fingerprint of a report's texts is made with (with the SECRET_KEY).
SOURCE_HASH_SALT = "lagesbild.reports.source_hash"


def source_hash(raw_place: str, raw_description: str, place_text: str, description: str) -> str:
    """Return the keyed fingerprint that ties a report's stored texts to the texts they came from.

    It is an HMAC-SHA256, keyed by a key derived from the SECRET_KEY, of the texts as they
    arrived and as they were stored after scrubbing. The texts as they arrived may hold personal
    data, so they are never stored; nor can their fingerprint be computed, so a guessed original
    cannot be confirmed, without the key. A new SECRET_KEY makes every fingerprint miss once: the
    texts are then scrubbed again and their new fingerprint stored.
    """
    texts = _TEXTS_JSON.encode([raw_place, raw_description, place_text, description])
    return keyed_digest(SOURCE_HASH_SALT, texts, settings.SECRET_KEY)


# ``json.dumps(..., ensure_ascii=False)`` builds this encoder anew at every call.
_TEXTS_JSON = json.JSONEncoder(ensure_ascii=False)


def keyed_digest(salt: str, data: str, secret_key: str) -> str:
    """Return the HMAC-SHA256 (hex) of ``data`` under a key derived from ``secret_key`` and
    ``salt``, for values made from personal data that must not be recomputable without the key."""
    mac = _keyed_mac(salt, secret_key).copy()  # keyed once: a copy skips the key's two blocks
    mac.update(data.encode())
    return mac.hexdigest()


@lru_cache(maxsize=8)
def _keyed_mac(salt: str, secret_key: str) -> hmac.HMAC:
    """An HMAC-SHA256 under the key for ``salt``, with nothing hashed yet (copied per use)."""
    return hmac.new(_derived_key(salt, secret_key), digestmod=sha256)


@lru_cache(maxsize=8)
def _derived_key(salt: str, secret_key: str) -> bytes:
    """A key for one purpose, derived from the SECRET_KEY as Django's ``salted_hmac`` does."""
    return sha256((salt + secret_key).encode()).digest()


def _texts(new: NewReport, places: Places, existing: Report | None) -> tuple[str, str, str]:
    """Return the scrubbed place text and description of ``new``, and their fingerprint.

    The texts of an ``existing`` report whose fingerprint matches are what scrubbing these texts
    gave (and what any other write left them), so they are kept without scrubbing again; text
    identical to what is stored was scrubbed already and is kept too.
    """
    raw_place, raw_description = new.place_text.strip(), new.description.strip()
    if existing is not None and existing.source_hash:
        known = source_hash(raw_place, raw_description, existing.place_text, existing.description)
        if known == existing.source_hash:
            return existing.place_text, existing.description, known
    place_text = _scrubbed(raw_place, existing.place_text if existing else None, places)
    description = _scrubbed(raw_description, existing.description if existing else None, places)
    return place_text, description, source_hash(raw_place, raw_description, place_text, description)


def _scrubbed(text: str, stored: str | None, places: Places) -> str:
    """Scrub ``text``; text identical to what is stored was scrubbed already and is kept."""
    return text if text == stored else places.scrub(text)


def _stored_values(
    new: NewReport, locate: Locate, places: Places | None, existing: Report | None = None
) -> tuple[dict[str, Any], str]:
    """Return the values a report keeps of ``new`` (scrubbed text, derived place and area) and
    the fingerprint of its texts (``source_hash``)."""
    places = places or Places(new.organisation.municipality)
    latitude, longitude, area, geocoded = place_of(new, places, locate)
    place_text, description, fingerprint = _texts(new, places, existing)
    values = {
        "municipality": new.organisation.municipality,
        "organisation": new.organisation,
        "category": new.category,
        "occurred_from": new.occurred_from,
        "occurred_to": new.occurred_to,
        "latitude": latitude,
        "longitude": longitude,
        "geocoded": geocoded,
        "area": area,
        # Kept where it may decide again (no pin), so a pinned report never differs by it.
        "chosen_area": new.area if new.latitude is None else None,
        "place_text": place_text,
        "description": description,
        "insecurity": new.insecurity,
        "count": new.count,
        "source": new.source,
        "external_id": new.external_id,
    }
    return values, fingerprint


_FOREIGN_KEYS = ("municipality", "organisation", "category", "area", "chosen_area")
# Every foreign key of a report: what full_clean checks with one query each.
_ALL_FOREIGN_KEYS = [*_FOREIGN_KEYS, "reporter", "reviewed_by", "duplicate_of"]


def _differs(report: Report, values: dict[str, Any]) -> bool:
    """Tell whether storing ``values`` would change ``report`` (foreign keys compared by id)."""
    return any(
        getattr(report, f"{name}_id") != getattr(value, "pk", None)
        if name in _FOREIGN_KEYS
        else getattr(report, name) != value
        for name, value in values.items()
    )


def prepare_report(
    new: NewReport,
    existing: Report | None = None,
    reporter=None,
    *,
    locate: Locate = locate_area,
    validate_constraints: bool = True,
    places: Places | None = None,
    trusted_references: bool = False,
) -> tuple[Report, Outcome]:
    """Return the validated, unsaved report for ``new`` and whether storing it creates or updates.

    An ``existing`` report (same organisation, source and external id) is updated in place: it keeps
    its reporter, reported_at and review status, so a reviewed report stays reviewed; a rejected
    one that changed goes back to review (``_RESUBMITTED``).

    ``validate_constraints=False`` is for bulk callers that check the Meta constraints per row
    themselves: Django checks each with a query per report, and the database enforces them on save.
    Bulk callers pass one ``places`` for all their reports, so the gazetteer is read once.
    ``trusted_references=True`` is for bulk callers whose category, area and organisation were
    looked up once per file: full_clean would check each foreign key again with a query per row.
    """
    check_text(new)
    check_area(new)
    values, fingerprint = _stored_values(new, locate, places, existing)
    if existing is not None and not _differs(existing, values):
        # Unchanged; a fingerprint that was missing or stale is set here (bulk importers store it).
        existing.source_hash = fingerprint
        return existing, Outcome.UNCHANGED
    owner = {
        "reporter": reporter if getattr(reporter, "is_authenticated", False) else None,
        "reported_at": new.reported_at or timezone.now(),
    }
    if existing is None and trusted_references:
        # Many new reports from a file: built in one step, as Django builds the rows it reads.
        report = new_instance(Report, {**owner, **values, "source_hash": fingerprint})
    else:
        report = existing or Report(**owner)
        for name, value in values.items():
            setattr(report, name, value)
        report.source_hash = fingerprint
        if existing is not None:
            _resubmit(report)
    exclude = _ALL_FOREIGN_KEYS if trusted_references else None
    # A bulk caller's row that passes Django's field rules checked quickly skips full_clean; any
    # other goes through it, so a bad row gets Django's own messages.
    if validate_constraints or not trusted_references or not surely_clean(report, exclude or ()):
        report.full_clean(
            exclude=exclude, validate_unique=False, validate_constraints=validate_constraints
        )
    return report, Outcome.UPDATED if existing is not None else Outcome.CREATED


# A rejected report that its partner sent again, changed, goes back to the review queue: the
# partner answered the rejection (its reason, which the reporter sees) by correcting the report
# in their own system; kept rejected, the correction would count nowhere and no coordinator would
# see it again. The old reason goes with the content it was about. Not a report whose text the
# retention purge emptied: the same old file sent again differs from it only by that text.
_RESUBMITTABLE = {"review_status": Report.Review.REJECTED, "text_purged_at": None}
_RESUBMITTED = {
    "review_status": Report.Review.PENDING,
    "reviewed_by": None,
    "reviewed_at": None,
    "rejection_reason": "",
}


def _resubmit(report: Report) -> None:
    """Apply ``_RESUBMITTED`` to a changed report read under its row lock (one at a time)."""
    if all(getattr(report, name) == value for name, value in _RESUBMITTABLE.items()):
        for name, value in _RESUBMITTED.items():
            setattr(report, name, value)


def _resubmit_stored(reports: Sequence[Report]) -> None:
    """Apply ``_RESUBMITTED`` to changed reports as they are stored now (the bulk path): they
    were read before the import took the municipality's lock, and a coordinator may have
    reviewed them since, so the review read then is not written back."""
    pks = [report.pk for report in reports]
    for start in range(0, len(pks), BULK_BATCH):
        batch = pks[start : start + BULK_BATCH]
        Report.objects.filter(**_RESUBMITTABLE, pk__in=batch).update(**_RESUBMITTED)


def store_report(
    report: Report, outcome: Outcome, actor=None, request=None, audit: dict[str, Any] | None = None
) -> Report:
    """Save a report from ``prepare_report``, update the counts and log it; an unchanged one is
    left alone."""
    if outcome is Outcome.UNCHANGED:
        return report
    with counts_follow(report):
        report.save()
    action = f"lagesbild.report.{'created' if outcome is Outcome.CREATED else 'updated'}"
    log_action(actor, action, report, {"source": report.source, **(audit or {})}, request)
    return report


#: Rows per INSERT or UPDATE statement of ``store_reports``.
BULK_BATCH = 1000
# What ``prepare_report`` may change in a stored report (see ``_stored_values``).
_UPDATED_FIELDS = [
    *_FOREIGN_KEYS,
    "occurred_from",
    "occurred_to",
    "latitude",
    "longitude",
    "place_text",
    "description",
    "insecurity",
    "count",
    "source",
    "external_id",
    "source_hash",
    "updated_at",
]


def store_reports(planned: Sequence[tuple[Report, Outcome]]) -> None:
    """Store many reports from ``prepare_report`` at once: the bulk path of imports.

    New reports are inserted by the database's bulk path (``web.bulk.insert_new``: COPY on
    PostgreSQL; they get no primary key here) and changed ones updated in batches, and the
    rollup's weeks that any of them left or entered are refreshed once. Neither path calls
    ``save()``, so what it would do is done here: ``updated_at`` is set (``created_at`` and
    ``updated_at`` of new rows are set by the insert). No audit entry is written per report: the
    caller writes one for the whole import, with its counts.
    """
    created = [report for report, outcome in planned if outcome is Outcome.CREATED]
    updated = [report for report, outcome in planned if outcome is Outcome.UPDATED]
    now = timezone.now()
    for report in updated:
        report.updated_at = now
    with counts_follow(*created, *updated):
        insert_new(Report, created)
        Report.objects.bulk_update(updated, _UPDATED_FIELDS, batch_size=BULK_BATCH)
        _resubmit_stored(updated)


def build_report(new: NewReport, reporter=None) -> Report:
    """Return an unsaved, validated Report with scrubbed text and derived area."""
    return prepare_report(new, None, reporter)[0]


@transaction.atomic
def create_report(new: NewReport, reporter=None, request=None) -> Report:
    """Create a report and log it."""
    lock_municipality(new.organisation.municipality_id)  # placed in the areas as committed
    return store_report(build_report(new, reporter), Outcome.CREATED, reporter, request)


#: How a report form's one-use key is kept in ``external_id`` (the form's reports have no other).
SUBMISSION_PREFIX = "form:"
SENDING_SALT = "lagesbild.reports.sending"


def sending_id(key: str, new: NewReport) -> str:
    """Return the ``external_id`` of one sending of the form: its key and what it says.

    The same form sent twice as it was (a double tap, Back and send again) has one id; sent
    again after Back with something changed it is another report, and files as one.
    """
    said = (
        new.organisation.pk,
        new.category.pk,
        new.occurred_from.isoformat(),
        new.occurred_to.isoformat() if new.occurred_to else None,
        new.latitude,
        new.longitude,
        new.area.pk if new.area else None,
        new.place_text,
        new.description,
        new.insecurity,
        new.count,
    )
    # Keyed, as the texts' fingerprint is: the texts as typed may hold personal data.
    digest = keyed_digest(SENDING_SALT, _TEXTS_JSON.encode(said), settings.SECRET_KEY)
    return f"{SUBMISSION_PREFIX}{key}:{digest[:16]}"


def file_once(new: NewReport, reporter=None, request=None) -> tuple[Report, bool]:
    """Create a report from one sending of the form, unless that sending was filed already.

    ``new.external_id`` is the sending's id (``sending_id``): a second tap on a slow network, a
    phone resending the request or Back and "Skicka" again bring the same id, and the report
    filed the first time is returned instead of a copy. Return the report and whether it is new.
    """
    try:
        return _file_once(new, reporter, request)
    except IntegrityError:
        # The other sending stored it between our look and our insert (SQLite); it exists now.
        return _file_once(new, reporter, request)


@transaction.atomic
def _file_once(new: NewReport, reporter, request) -> tuple[Report, bool]:
    lock_municipality(new.organisation.municipality_id)  # one sending at a time, then the look
    existing = find_existing(new)
    if existing is not None:
        return existing, False
    return store_report(build_report(new, reporter), Outcome.CREATED, reporter, request), True


def find_existing(new: NewReport) -> Report | None:
    """Return the stored report ``new`` would update: same organisation, source and external id."""
    if not new.external_id:
        return None
    return (
        Report.objects.select_for_update()
        .with_external_ids(new.organisation.pk, new.source, [new.external_id])
        .first()
    )


def upsert_report(
    new: NewReport, reporter=None, request=None, audit: dict[str, Any] | None = None
) -> tuple[Report, Outcome]:
    """Create a report, or update the one with the same external id; never duplicate it."""
    try:
        return _upsert(new, reporter, request, audit)
    except IntegrityError:
        # A concurrent push of the same external id won the race; it exists now, so this updates.
        return _upsert(new, reporter, request, audit)


@transaction.atomic
def _upsert(new: NewReport, reporter, request, audit) -> tuple[Report, Outcome]:
    lock_municipality(new.organisation.municipality_id)  # before the report's own row lock
    report, outcome = prepare_report(new, find_existing(new), reporter)
    return store_report(report, outcome, reporter, request, audit), outcome


# --- the reporter's own change or withdrawal, before review ----------------------------------

#: What a reporter's change names in its audit entry: the fields, never their values (the texts
#: may have held what scrubbing removed). How the place was found follows from these. All of
#: ``NewReport`` but whose report it is and where and when it came from.
_CHANGEABLE = tuple(
    field.name
    for field in fields(NewReport)
    if field.name not in ("organisation", "source", "external_id", "reported_at", "former_ids")
)

CHANGED_MEANWHILE = gettext_lazy(
    "Rapporten har ändrats sedan du öppnade formuläret. Här är den som den är nu; "
    "ändra den igen om något fortfarande är fel."
)


def report_version(report: Report) -> str:
    """The version of a stored report an edit form was made from (its last write)."""
    return report.updated_at.isoformat() if report.updated_at else ""


def _own_locked(report: Report, actor: Any) -> Report:
    """Re-read ``report`` locked for update (its municipality first, as every writer does) and
    refuse unless ``actor`` may still change it themselves (``organisations.access``)."""
    lock_municipality(report.municipality_id)
    locked = (
        Report.objects.select_for_update()
        .select_related("organisation__municipality", "municipality")
        .filter(pk=report.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(_("Rapporten finns inte längre."))
    refusal = own_report_refusal(viewer_for(actor), locked)
    if refusal is not None:
        raise ValidationError(refusal, code="refused")
    return locked


@transaction.atomic
def change_own_report(
    report: Report, new: NewReport, actor: Any, version: str, request=None
) -> tuple[Report, Outcome]:
    """Store the reporter's own change of ``report`` before review, checked, scrubbed and placed
    exactly as a new report is (``prepare_report``), the counts following it to its new week.

    The report keeps its organisation, source, external id, reporter and review status (still
    waiting for review). ``version`` is ``report_version`` of the report the form was made
    from: a form sent again after the change was stored (a double tap, Back and send) changes
    nothing (``Outcome.UNCHANGED``), and a form made before another change is refused instead of
    undoing that change. The audit entry names the fields changed, never their contents.
    """
    locked = _own_locked(report, actor)
    new = replace(
        new,
        organisation=locked.organisation,
        source=locked.source,
        external_id=locked.external_id,
    )
    before = {name: getattr(locked, name) for name in _CHANGEABLE}
    prepared, outcome = prepare_report(new, locked, actor)
    if outcome is Outcome.UNCHANGED:
        return prepared, outcome
    if version != report_version(locked):
        raise ValidationError(CHANGED_MEANWHILE, code="stale")
    changed = [name for name in _CHANGEABLE if getattr(prepared, name) != before[name]]
    with counts_follow(prepared):
        prepared.save()
    log_action(actor, "lagesbild.report.changed", prepared, {"changed": changed}, request)
    return prepared, outcome


@transaction.atomic
def withdraw_own_report(report: Report, actor: Any, request=None) -> Report:
    """Withdraw the reporter's own report before review: it stays stored, marked withdrawn
    (``Report.Review.WITHDRAWN``), and leaves every count, as a rejected one does.

    Its free text goes at once rather than at the end of the retention period: no one reads a
    withdrawn report's text, and a report is often withdrawn for what its text says.
    """
    locked = _own_locked(report, actor)
    previous = locked.review_status
    locked.review_status = Report.Review.WITHDRAWN
    for name in FREE_TEXT_FIELDS:
        setattr(locked, name, "")
    locked.source_hash, locked.text_purged_at = "", timezone.now()
    emptied = [*FREE_TEXT_FIELDS, "source_hash", "text_purged_at"]
    with counts_follow(locked):
        locked.save(update_fields=["review_status", *emptied, "updated_at"])
    log_action(actor, "lagesbild.report.withdrawn", locked, {"previous": previous}, request)
    return locked
