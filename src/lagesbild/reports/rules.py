"""The checks a report must pass before it is built, for every channel.

The times are checked here for all of them (``time_problems``): the report form and the batch
form (``ReportForm.clean``) with ``FORM_AGE_LIMIT``, import, API and police.uk with
``IMPORT_AGE_LIMIT``. ``report_problems`` adds the place rules for the channels without a form,
with the same messages; the model's ``full_clean`` in ``services.prepare_report`` runs after them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The most persons or things one report counts; more is a typo (the form's and the import's limit).
MAX_COUNT = 10_000
# Phones and servers disagree by a few minutes; a report "from the future" beyond this is a typo.
CLOCK_TOLERANCE = timedelta(minutes=15)


@dataclass(frozen=True)
class AgeLimit:
    """How many years before today a channel takes an occurrence, and what it says of an older
    one (``%(date)s``: the occurrence's day)."""

    years: int
    message: Promise


# A person reports what they saw lately: an occurrence more than a year back is most likely a
# mistyped year ('1990' for '2026'), and one accepted moves every count's history to that year.
FORM_AGE_LIMIT = AgeLimit(
    1,
    gettext_lazy(
        "Händelsen ligger mer än ett år tillbaka (%(date)s). Kontrollera året; äldre händelser "
        "läggs in genom import."
    ),
)
# Files and partner systems bring history, a register's years, but not decades.
IMPORT_AGE_LIMIT = AgeLimit(
    10, gettext_lazy("Händelsen ligger mer än tio år tillbaka (%(date)s). Kontrollera året.")
)


def oldest_allowed(limit: AgeLimit, now: datetime) -> datetime:
    """Return the first moment ``limit`` takes: local midnight of today ``limit.years`` back."""
    today = timezone.localdate(now)
    try:
        day = today.replace(year=today.year - limit.years)
    except ValueError:  # 29 February in a year without one
        day = date(today.year - limit.years, 2, 28)
    return timezone.make_aware(datetime.combine(day, time()))


def _local_minute(moment: datetime) -> str:
    """Return the local day and minute, as the import's default format writes them: a time
    later today is in the future too, so the day alone would not show which time was meant."""
    try:
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    except OverflowError:  # year 9999 west of UTC has no UTC time: the time as written
        return moment.strftime("%Y-%m-%d %H:%M")


def _local_day(moment: datetime) -> date:
    try:
        return timezone.localtime(moment).date()
    except OverflowError:  # year 1 east of UTC has no UTC time: its own day is the one written
        return moment.date()


def _future_message(moment: datetime, now: datetime, suggest_yesterday: bool) -> str:
    """Say that ``moment`` lies ahead; when the same time yesterday has passed, ask whether that
    was meant: after midnight the form still holds today's date, and a night guard who types
    last night's 23:30 over it sends tonight's."""
    message = _("Tidpunkten ligger i framtiden (%(time)s).") % {"time": _local_minute(moment)}
    yesterday = moment - timedelta(days=1)
    # Less than an hour ahead is a slip of the clock or of a digit, not of the day.
    if not suggest_yesterday or moment - now < timedelta(hours=1) or yesterday > now:
        return message
    hint = _("Menade du i går, %(time)s? Ändra i så fall datumet.") % {
        "time": _local_minute(yesterday)
    }
    return f"{message} {hint}"


def time_problems(
    occurred_from: datetime | None,
    occurred_to: datetime | None,
    *,
    limit: AgeLimit,
    now: datetime | None = None,
    suggest_yesterday: bool = False,
) -> dict[str, str]:
    """Return {field: message} for the first rule each time breaks; empty when they pass.

    ``suggest_yesterday``: the forms, whose time field starts at today's date, ask whether a
    time ahead by less than a day was meant for yesterday."""
    now = now or timezone.now()
    oldest = oldest_allowed(limit, now)
    problems: dict[str, str] = {}
    for name, moment in (("occurred_from", occurred_from), ("occurred_to", occurred_to)):
        if moment is None:
            continue
        if moment > now + CLOCK_TOLERANCE:
            problems[name] = _future_message(moment, now, suggest_yesterday)
        elif moment < oldest:
            problems[name] = str(limit.message) % {"date": _local_day(moment).isoformat()}
    if "occurred_to" not in problems and occurred_from and occurred_to:
        if occurred_to < occurred_from:
            problems["occurred_to"] = _("Sluttiden måste vara efter starttiden.")
    return problems


def report_problems(
    *,
    occurred_from: datetime | None,
    occurred_to: datetime | None,
    has_latitude: bool,
    has_longitude: bool,
    has_area: bool,
    place_text: str,
    now: datetime | None = None,
    limit: AgeLimit = IMPORT_AGE_LIMIT,
) -> dict[str, str]:
    """Return {field: message} for every rule the values break; empty when they pass."""
    problems = time_problems(occurred_from, occurred_to, limit=limit, now=now)
    if has_latitude != has_longitude:
        missing = "longitude" if has_latitude else "latitude"
        problems[missing] = _("Latitud och longitud måste anges tillsammans.")
    if not (has_latitude or has_area or place_text.strip()):
        problems["place_text"] = _("Ange var: koordinater, stadsdel eller plats.")
    return problems
