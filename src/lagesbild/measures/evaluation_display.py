"""A measure's evaluation as the page shows it: the counts table and the figures, as text.

Numbers are formatted for the active language (decimal comma and true minus in Swedish); what
cannot be computed reads "–" with the reason, never NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lagesbild.core.narrative import MIN_COUNT, off_zero, percent_is_stated, rounded_percent
from lagesbild.core.stats.evaluation import (
    PER_DAYS,
    DifferenceEstimate,
    Displacement,
    Verdict,
    buffer_change_is_chance,
    format_number_en,
    format_number_sv,
    percent_effect_is_stated,
    wdd,
)
from lagesbild.measures.evaluation import Outcome, period_days

__all__ = ["PER_DAYS", "evaluation_panel"]

REGION_LABELS = {
    "target": gettext_lazy("Målområde"),
    "control": gettext_lazy("Jämförelseområde"),
    "buffer": gettext_lazy("Buffertzon"),
}
VERDICT_LABELS = {
    Verdict.EFFECT: gettext_lazy("Minskning påvisad"),
    Verdict.INCREASE: gettext_lazy("Ökning påvisad"),
    Verdict.NO_CLEAR_EFFECT: gettext_lazy("Ingen säker effekt"),
    Verdict.TOO_FEW_EVENTS: gettext_lazy("För få händelser för en bedömning"),
}
DISPLACEMENT_LABELS = {
    Displacement.DIFFUSION: gettext_lazy("spridning av positiva effekter till buffertzonen"),
    Displacement.DISPLACEMENT: gettext_lazy("viss förflyttning till buffertzonen"),
    Displacement.DISPLACEMENT_ERASED_EFFECT: gettext_lazy(
        "förflyttningen är större än minskningen i målområdet"
    ),
    Displacement.NOT_APPLICABLE: gettext_lazy("bedöms inte"),
    Displacement.UNCLEAR: gettext_lazy("går inte att avgöra"),
}
DASH = "–"


def _english() -> bool:
    return (get_language() or "sv").startswith("en")


def number(value: float | None, decimals: int = 0) -> str:
    """Format a number for the active language; '–' when it could not be computed."""
    if value is None:
        return DASH
    return (format_number_en if _english() else format_number_sv)(value, decimals)


def percent(fraction: float | None, end: bool = False) -> str:
    """Format a signed fraction as a whole percentage, e.g. '−49 %', rounded half away from
    zero as the sentences round (``core.narrative.rounded_percent``: −42,5 % is '−43 %'). An
    interval's ``end`` that rounds to 0 but is not 0 is 'strax under 0 %' (rule 12)."""
    if fraction is None:
        return DASH
    whole = rounded_percent(fraction)
    if end and whole == 0 and fraction != 0:
        return f"{off_zero(100 * fraction, 0, 'en' if _english() else 'sv')}\u00a0%"
    sign = "+" if whole > 0 else ""
    return f"{sign}{number(whole)}\u00a0%"


def interval(low: str, high: str) -> str:
    """Write an interval so a minus sign cannot be read as a dash: '−61 till −32'."""
    return f"{low} {_('till')} {high}"


@dataclass(frozen=True)
class CountRow:
    key: str
    role: str
    area: str
    before: str
    after: str
    change: str


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class EvaluationPanel:
    """Everything the evaluation section of a measure's page shows."""

    outcome: Outcome
    rows: tuple[CountRow, ...]
    figures: tuple[Figure, ...]
    verdict: str
    verdict_class: str
    text: str
    confidence: str
    # Under the counts table: why a change reads '–', or that it is per day.
    notes: tuple[str, ...] = ()


def _row_change(outcome: Outcome, before: int, after: int) -> str:
    """The change of one row: '–' below 20 (rule 5) or before the after period begins; per day
    when the periods differ in length."""
    days = outcome.days
    if days is None or not percent_is_stated(before, after):
        return DASH
    if outcome.lengths_differ:
        return percent((after / days[1]) / (before / days[0]) - 1)
    return percent((after - before) / before)


def _count_rows(outcome: Outcome) -> tuple[CountRow, ...]:
    return tuple(
        CountRow(
            key=row.key,
            role=str(REGION_LABELS[row.key]),
            area=row.label,
            # Before reporting began a zero is no count of events.
            before=DASH if outcome.before_unreported else number(row.before),
            after=DASH if outcome.not_begun else number(row.after),
            change=_row_change(outcome, row.before, row.after),
        )
        for row in outcome.rows
    )


def _table_notes(outcome: Outcome) -> tuple[str, ...]:
    if outcome.before_unreported:
        return (
            _(
                "Före-perioden ligger före rapporteringens början: inga antal före och ingen "
                "förändring."
            ),
        )
    if outcome.not_begun:
        return (_("Efter-perioden har inte börjat än: inga antal efter och ingen förändring."),)
    notes = []
    stated = [percent_is_stated(row.before, row.after) for row in outcome.rows]
    if not all(stated):
        notes.append(
            _(
                "Förändringen anges i procent bara när båda antalen är minst %(n)s; annars "
                "visas antalen och –."
            )
            % {"n": MIN_COUNT}
        )
    days = outcome.days
    if outcome.lengths_differ and days is not None:
        note = (
            _(
                "Perioderna är olika långa (%(before)s och %(after)s dagar): förändringen i "
                "procent gäller antalet per dag."
            )
            if any(stated)
            # No percentage shown: a note on how it is computed explained a column of "–".
            else _(
                "Perioderna är olika långa (%(before)s och %(after)s dagar): antalen före och "
                "efter gäller olika lång tid."
            )
        )
        notes.append(note % period_days(days))
    return tuple(notes)


def _res_figures(outcome: Outcome) -> list[Figure]:
    r = outcome.result.relative_effect
    if r.res is None:
        reason = _("går inte att beräkna när ett antal är noll")
        return [Figure(_("Relativ effektstorlek (RES)"), DASH, reason)]
    meaning = _("Över 1: målområdet utvecklades bättre än jämförelseområdet.")
    if _too_few(outcome):
        value, meaning = number(r.res, 3), f"{meaning} {_too_few_note()}"
    else:
        value = f"{number(r.res, 3)} ({interval(number(r.ci_low, 3), number(r.ci_high, 3))})"
    res = Figure(_("Relativ effektstorlek (RES)"), value, meaning)
    label = _("Förändring relativt jämförelseområdet")
    if not percent_effect_is_stated(outcome.counts):
        reason = _(
            "Anges inte i procent: något av antalen i mål- eller jämförelseområdet är under "
            "%(n)s. Se RES."
        ) % {"n": MIN_COUNT}
        return [res, Figure(label, DASH, reason)]
    low, high = percent(r.relative_change_ci_low, True), percent(r.relative_change_ci_high, True)
    change = Figure(label, f"{percent(r.relative_change)} ({interval(low, high)})", _("1/RES − 1"))
    return [res, change]


def _too_few(outcome: Outcome) -> bool:
    """The verdict abstains for too few events: no figure beside it gives an interval or a z,
    which would read as the test the verdict declined (−27 (−44 till −10) beside a control of 3
    and 0 read as a significant fall)."""
    return outcome.result.verdict is Verdict.TOO_FEW_EVENTS


def _too_few_note() -> str:
    return _("Utan intervall: för få händelser för en bedömning, se ovan.")


def _difference(d: DifferenceEstimate, interval_shown: bool = True) -> str:
    if not interval_shown or d.ci_low is None or d.ci_high is None:
        return number(d.estimate)
    return f"{number(d.estimate)} ({interval(number(d.ci_low), number(d.ci_high))})"


def _wdq_figure(outcome: Outcome) -> Figure:
    q, e = outcome.result.wdq, outcome.result
    label = _("Viktad förflyttningskvot (WDQ)")
    meaning = str(DISPLACEMENT_LABELS[e.displacement])
    if q is None or q.wdq is None:
        return Figure(label, DASH, f"{meaning.capitalize()}: {_wdq_missing(outcome)}.")
    tne = number(q.total_net_effect, 1)
    note = _(
        "Över 0: spridning av positiva effekter; under 0: förflyttning; under −1: "
        "förflyttningen tar ut effekten. Total nettoeffekt %(tne)s händelser."
    ) % {"tne": tne}
    if e.verdict is Verdict.EFFECT and buffer_change_is_chance(e):
        note = _(
            "Förändringen i buffertzonen går inte att skilja från slumpen, så varken "
            "förflyttning eller spridning kan påvisas."
        )
    return Figure(label, f"{number(q.wdq, 3)} – {meaning}", note)


def _wdq_missing(outcome: Outcome) -> str:
    """Why the WDQ could not be computed: the real reason, from the counts."""
    c = outcome.counts
    if c.control_before == 0 or c.control_after == 0:
        if c.control_before == 0 and c.control_after == 0:
            return _(
                "jämförelseområdet har 0 händelser både före och efter, och kvoten delar med dem"
            )
        if c.control_after == 0:
            return _("jämförelseområdet har 0 händelser efter, och kvoten delar med det antalet")
        return _("jämförelseområdet har 0 händelser före, och kvoten delar med det antalet")
    if outcome.result.wdq is not None and outcome.result.wdq.success_measure is not None:
        return _("målområdet minskade inte jämfört med jämförelseområdet")
    return _("kräver en buffertzon med händelser")


def _wdd_figure(outcome: Outcome) -> Figure | None:
    w = outcome.result.wdd
    if w is None:
        return None
    if outcome.lengths_differ:
        reason = _("Visas inte när perioderna är olika långa: WDD jämför antal händelser.")
        return Figure(_("Viktad förflyttningsdifferens (WDD)"), DASH, reason)
    if _too_few(outcome):
        return Figure(_("Viktad förflyttningsdifferens (WDD)"), number(w.estimate), _too_few_note())
    z = number(w.z, 2) if w.z is not None else DASH
    meaning = _("Nettoförändring i mål- och buffertzon mot jämförelseområdet, i antal händelser.")
    c = outcome.counts
    if not c.has_own_buffer_control:
        # The main control's change is taken off twice, as a count: beside a small buffer a
        # large control's rise alone made WDD −20 where the target did worse (+45 against +32).
        change = c.control_after - c.control_before
        twice = _(
            "Jämförelseområdets förändring (%(change)s) dras av två gånger, mot målområdet och "
            "mot bufferten, i antal: har jämförelseområdet många fler händelser än bufferten "
            "väger det tungt. Läs WDD tillsammans med skillnaden i skillnader."
        ) % {"change": f"+{number(change)}" if change > 0 else number(change)}
        meaning = f"{meaning} {twice}"
    return Figure(
        _("Viktad förflyttningsdifferens (WDD)"),
        f"{_difference(w)}; SE {number(w.se, 1)}; Z {z}",
        meaning,
    )


def _per_period_figure(outcome: Outcome) -> Figure | None:
    """A time-weighted difference in differences when the periods differ in length.

    Counts per ``PER_DAYS`` (30) days (the WDD's time weights, Wheeler & Ratcliffe 2018 as the R
    package ptools weights them), so a longer after period does not read as an increase.
    """
    if not outcome.lengths_differ or outcome.days is None:
        return None
    before, after = outcome.days
    c = outcome.counts
    local = wdd(
        (c.target_before, c.target_after),
        (c.control_before, c.control_after),
        time_weights=(before / PER_DAYS, after / PER_DAYS),
    ).local
    value = number(local.estimate, 1)
    shown = not _too_few(outcome)
    if shown and local.ci_low is not None and local.ci_high is not None:
        value = f"{value} ({interval(number(local.ci_low, 1), number(local.ci_high, 1))})"
    # Translators: %(days)s is PER_DAYS (30).
    note = _(
        "Perioderna är olika långa (%(before)s och %(after)s dagar): antalen räknas om till "
        "händelser per %(days)s dagar innan skillnaderna tas (tidsviktad WDD)."
    ) % (period_days((before, after)) | {"days": PER_DAYS})
    return Figure(
        _("Skillnad i skillnader per %(days)s dagar") % {"days": PER_DAYS},
        value,
        note if shown else f"{note} {_too_few_note()}",
    )


def _figures(outcome: Outcome) -> tuple[Figure, ...]:
    if not outcome.compared:
        return ()
    did = outcome.result.difference_in_differences
    did_value = _difference(did, interval_shown=not _too_few(outcome))
    did_note = _("Målområdets förändring minus jämförelseområdets, i antal händelser.")
    if _too_few(outcome):
        did_note = f"{did_note} {_too_few_note()}"
    if outcome.lengths_differ:  # counts of unequal periods: the per-30-day figure instead
        did_value = DASH
        did_note = _(
            "Visas inte i antal när perioderna är olika långa; se raden per %(days)s dagar."
        ) % {"days": PER_DAYS}
    figures = [
        *_res_figures(outcome),
        Figure(_("Skillnad i skillnader (DiD)"), did_value, did_note),
    ]
    per_period = _per_period_figure(outcome)
    if per_period is not None:
        figures.append(per_period)
    if outcome.counts.has_buffer:
        figures.append(_wdq_figure(outcome))
        wdd = _wdd_figure(outcome)
        if wdd is not None:
            figures.append(wdd)
    return tuple(figures)


def evaluation_panel(outcome: Outcome | None) -> EvaluationPanel | None:
    """Return what the page shows of ``outcome`` (None: no evaluation set up)."""
    if outcome is None:
        return None
    verdict = outcome.result.verdict
    label, css = str(VERDICT_LABELS[verdict]), verdict.value
    if outcome.before_unreported:
        label, css = _("Ingen jämförelse"), "not_begun"
    elif outcome.not_begun:
        label, css = _("Ingen jämförelse än"), "not_begun"
    return EvaluationPanel(
        outcome=outcome,
        rows=_count_rows(outcome),
        figures=_figures(outcome),
        verdict=label,
        verdict_class=css,
        text=outcome.text_en if _english() else outcome.text_sv,
        confidence=f"{number(outcome.result.confidence * 100)}\u00a0%",
        notes=_table_notes(outcome),
    )
