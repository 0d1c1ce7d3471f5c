"""The week's notes on its figures, in one wording for the page, the brief, the agenda and the
files passed on (``_week_body.html``, ``_brief_body.html``, ``_agenda.html``, ``exports``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lagesbild.briefings.alerts import MIN_COUNT, MIN_COUNT_WEEKS
from lagesbild.core.weeks import IsoWeek, parse_iso_week

if TYPE_CHECKING:
    from lagesbild.core.periods import Tertial

_METHODS = {
    "farrington_flexible": "Farrington",
    "ears_c1": "EARS C1",
    "insufficient_history": "för kort historik",
}


def method_label(code: str) -> str:
    """Name a detector for people: 'Farrington', 'EARS C1'."""
    return _(_METHODS.get(code, code))


def method_note(methods: Iterable[str], history_weeks: int, history_capped: bool) -> str:
    """'Metod denna vecka: EARS C1 (8 veckors historik före denna vecka).'"""
    return f"{_('Metod denna vecka:')} {methods_used(methods, history_weeks, history_capped)}"


def methods_used(methods: Iterable[str], history_weeks: int, history_capped: bool) -> str:
    """'EARS C1 (8 veckors historik före denna vecka).': the methods by name, with the history
    they had (the page's note and the Excel file's "Om" sheet)."""
    names = ", ".join(method_label(m) for m in methods)
    if history_capped:
        history = _(
            "(fem års historik eller mer före denna vecka; larmen läser de senaste fem åren)."
        )
    else:
        history = ngettext(
            "(%(counter)s veckas historik före denna vecka).",
            "(%(counter)s veckors historik före denna vecka).",
            history_weeks,
        ) % {"counter": history_weeks}
    return f"{names} {history}"


def no_alarm_note(
    judged: bool | None,
    in_progress: bool,
    held_back: int = 0,
    min_count: int = MIN_COUNT,
    weeks: int = MIN_COUNT_WEEKS,
) -> str:
    """What a week without an alarm says of its alerts (the page, the brief, the agenda and the
    Excel file): too short a history for any threshold, or no count at its larmgräns so far or
    this week, or how many counts reached it without alarming because their series had fewer
    than ``min_count`` reports in the last ``weeks`` weeks (it said "inget antal når sin
    larmgräns" beside them)."""
    if judged is False:
        return _("Historiken är för kort för att bedöma larm: det finns ingen larmgräns än.")
    values = {"counter": held_back, "min": min_count, "weeks": weeks}
    if in_progress:
        if not held_back:
            return _("Inga larm hittills denna vecka: inget antal har än nått sin larmgräns.")
        return (
            ngettext(
                "Inga larm hittills denna vecka: %(counter)s antal har nått sin larmgräns men "
                "larmar inte, eftersom ett larm kräver minst %(min)s rapporter de senaste "
                "%(weeks)s veckorna.",
                "Inga larm hittills denna vecka: %(counter)s antal har nått sina larmgränser men "
                "larmar inte, eftersom ett larm kräver minst %(min)s rapporter de senaste "
                "%(weeks)s veckorna.",
                held_back,
            )
            % values
        )
    if not held_back:
        return _("Inga larm denna vecka: inget antal når sin larmgräns.")
    return (
        ngettext(
            "Inga larm denna vecka: %(counter)s antal når sin larmgräns men larmar inte, eftersom "
            "ett larm kräver minst %(min)s rapporter de senaste %(weeks)s veckorna.",
            "Inga larm denna vecka: %(counter)s antal når sina larmgränser men larmar inte, "
            "eftersom ett larm kräver minst %(min)s rapporter de senaste %(weeks)s veckorna.",
            held_back,
        )
        % values
    )


def first_week_note(picture: Any) -> str:
    """Why last week is not compared when reporting began last week or this week, or that the
    week came before reporting began or that nothing has been counted yet (its zeros are no
    quiet week); '' else."""
    if not picture.first_week:
        return nothing_counted_note()
    if picture.previous_complete:
        return ""
    return _began_note(picture.week, picture.first_week)


def nothing_counted_note() -> str:
    """A week's note when no report has been counted in any week: reporting has not begun, and
    its zeros are no quiet week (the map and the public page say "Inga rapporter har räknats
    än" too)."""
    return _("Inga rapporter har räknats än, i någon vecka: nollorna betyder inte att inget hände.")


def reporting_began_note(week: IsoWeek, first: str | None) -> str:
    """:func:`first_week_note` for ``week`` of a municipality whose reporting began in week
    ``first`` (the agenda has the analysis, not the picture); '' when a whole week before
    ``week`` can be compared with."""
    if not first or week.previous() > parse_iso_week(first):
        return ""
    return _began_note(week, first)


def ended_before_reporting(last_day: date, first: IsoWeek | None) -> bool:
    """Whether a period that ends on ``last_day`` ended before reporting began in week
    ``first`` (or nothing is counted yet): it has no figures, and its zeros would read as a
    quiet period. The week page's rule, which the tertial's comparisons follow."""
    return first is None or last_day < first.monday


def _began_note(week: IsoWeek, first: str) -> str:
    if ended_before_reporting(week.sunday, parse_iso_week(first)):
        return _(
            "Rapporteringen började vecka %(first)s, efter denna vecka: nollorna betyder att "
            "inget hade rapporterats än, inte att inget hände."
        ) % {"first": first}
    return first_week_sentence(first, first == str(week.previous()))


def first_week_sentence(first: Any, began_last_week: bool) -> str:
    """The sentence for a week compared with none because reporting began in week ``first``:
    last week (it may have begun mid-week) or this week."""
    if began_last_week:
        return _(
            "Rapporteringen började vecka %(first)s, som kan ha börjat mitt i veckan; "
            "ingen förändring mot förra veckan anges."
        ) % {"first": first}
    return _(
        "Rapporteringen började vecka %(first)s: det finns ingen hel vecka före att jämföra med."
    ) % {"first": first}


def tertial_reporting_note(
    tertial: Tertial, previous: Tertial, last_year: Tertial, first: IsoWeek | None
) -> str:
    """When reporting began, beside a tertial's figures and their comparisons: a period that
    ended before it has no figures ("–", not 0), and one it began in holds only the weeks since;
    '' when reporting had begun by the first day of the same tertial last year."""
    if first is None:
        return _("Inga rapporter har räknats än: det finns inga siffror att visa.")
    values = {"first": first, "previous": previous, "last_year": last_year}
    if ended_before_reporting(tertial.last_day, first):
        return (
            _(
                "Rapporteringen började vecka %(first)s, efter detta tertial: det finns inga "
                "siffror för det, eftersom inget hade rapporterats än."
            )
            % values
        )
    if first.monday > tertial.first_day:
        return (
            _(
                "Rapporteringen började vecka %(first)s, inne i tertialet: siffrorna gäller "
                "veckorna sedan dess, och %(previous)s och %(last_year)s har inga siffror (–), "
                "eftersom inget hade rapporterats än."
            )
            % values
        )
    if ended_before_reporting(previous.last_day, first):
        return (
            _(
                "Rapporteringen började vecka %(first)s: %(previous)s och %(last_year)s har inga "
                "siffror (–), eftersom inget hade rapporterats än."
            )
            % values
        )
    if first.monday > previous.first_day:
        return (
            _(
                "Rapporteringen började vecka %(first)s, inne i %(previous)s: dess siffror gäller "
                "veckorna sedan dess, och %(last_year)s har inga siffror (–), eftersom inget hade "
                "rapporterats än."
            )
            % values
        )
    if ended_before_reporting(last_year.last_day, first):
        return (
            _(
                "Rapporteringen började vecka %(first)s: %(last_year)s har inga siffror (–), "
                "eftersom inget hade rapporterats än."
            )
            % values
        )
    if first.monday > last_year.first_day:
        return (
            _(
                "Rapporteringen började vecka %(first)s, inne i %(last_year)s: dess siffror gäller "
                "veckorna sedan dess."
            )
            % values
        )
    return ""


def tertial_review_notes(unreviewed: int, waiting: int) -> list[str]:
    """The tertial page's notes on reports not reviewed yet (``_tertial_body.html``), for its
    Excel file: counted ones, and ones that wait and are not counted yet."""
    notes = []
    if unreviewed:
        notes.append(
            ngettext(
                "%(counter)s rapport i perioden är ännu inte granskad; den räknas med.",
                "%(counter)s rapporter i perioden är ännu inte granskade; de räknas med.",
                unreviewed,
            )
            % {"counter": unreviewed}
        )
    if waiting:
        notes.append(
            ngettext(
                "%(counter)s rapport i perioden väntar på granskning och räknas inte förrän "
                "den godkänts.",
                "%(counter)s rapporter i perioden väntar på granskning och räknas inte förrän "
                "de godkänts.",
                waiting,
            )
            % {"counter": waiting}
        )
    return notes


def waiting_note(waiting: int) -> str:
    """How many reports wait for review and are not counted yet; '' when none."""
    if not waiting:
        return ""
    return ngettext(
        "%(counter)s rapport väntar på granskning och räknas inte förrän den godkänts.",
        "%(counter)s rapporter väntar på granskning och räknas inte förrän de godkänts.",
        waiting,
    ) % {"counter": waiting}


def week_in_progress_note(in_progress: bool) -> str:
    """The running week's note (the page's and the brief's): no change is given in per cent."""
    if not in_progress:
        return ""
    return _(
        "Veckan pågår: siffrorna gäller rapporterna hittills och jämförs inte i procent med hela "
        "veckor."
    )


def sensitive_included_note(sensitive_included: bool) -> str:
    """The brief's note for a reader whose figures hold sensitive categories: the agenda, which
    every partner reads, leaves them out ('' for a reader without them)."""
    if not sensitive_included:
        return ""
    return _(
        "Siffrorna räknar med rapporter i känsliga kategorier; mötets dagordning, som alla parter "
        "läser, gör det inte och kan därför visa andra tal."
    )
