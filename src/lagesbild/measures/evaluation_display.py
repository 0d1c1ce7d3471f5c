"""A measure's evaluation as the page shows it: the counts table and the figures, as text.

Numbers are formatted for the active language (decimal comma and true minus in Swedish); what
cannot be computed reads "–" with the reason, never NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lagesbild.core.stats.evaluation import (
    DifferenceEstimate,
    Displacement,
    Verdict,
    format_number_en,
    format_number_sv,
    wdd,
)
from lagesbild.measures.evaluation import LENGTH_TOLERANCE, Outcome

# Counts of periods of different lengths are put on this common footing before differencing.
PER_DAYS = 30

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


def percent(fraction: float | None) -> str:
    """Format a signed fraction as a percentage, e.g. '−49 %'."""
    if fraction is None:
        return DASH
    text = number(100 * fraction)
    sign = "+" if round(100 * fraction) > 0 else ""
    return f"{sign}{text}\u00a0%"


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


def _count_rows(outcome: Outcome) -> tuple[CountRow, ...]:
    return tuple(
        CountRow(
            key=row.key,
            role=str(REGION_LABELS[row.key]),
            area=row.label,
            before=number(row.before),
            after=number(row.after),
            change=percent((row.after - row.before) / row.before) if row.before else DASH,
        )
        for row in outcome.rows
    )


def _res_figures(outcome: Outcome) -> list[Figure]:
    r = outcome.result.relative_effect
    if r.res is None:
        reason = _("går inte att beräkna när ett antal är noll")
        return [Figure(_("Relativ effektstorlek (RES)"), DASH, reason)]
    return [
        Figure(
            _("Relativ effektstorlek (RES)"),
            f"{number(r.res, 3)} ({interval(number(r.ci_low, 3), number(r.ci_high, 3))})",
            _("Över 1: målområdet utvecklades bättre än jämförelseområdet."),
        ),
        Figure(
            _("Förändring relativt jämförelseområdet"),
            f"{percent(r.relative_change)} "
            f"({interval(percent(r.relative_change_ci_low), percent(r.relative_change_ci_high))})",
            _("1/RES − 1"),
        ),
    ]


def _difference(d: DifferenceEstimate) -> str:
    if d.ci_low is None or d.ci_high is None:
        return number(d.estimate)
    return f"{number(d.estimate)} ({interval(number(d.ci_low), number(d.ci_high))})"


def _wdq_figure(outcome: Outcome) -> Figure:
    q, e = outcome.result.wdq, outcome.result
    label = _("Viktad förflyttningskvot (WDQ)")
    meaning = str(DISPLACEMENT_LABELS[e.displacement])
    if q is None or q.wdq is None:
        reason = (
            _("målområdet minskade inte jämfört med jämförelseområdet")
            if q is not None and q.success_measure is not None
            else _("kräver en buffertzon med händelser")
        )
        return Figure(label, DASH, f"{meaning.capitalize()}: {reason}.")
    tne = number(q.total_net_effect, 1)
    return Figure(
        label,
        f"{number(q.wdq, 3)} – {meaning}",
        _(
            "Över 0: spridning av positiva effekter; under 0: förflyttning; under −1: "
            "förflyttningen tar ut effekten. Total nettoeffekt %(tne)s händelser."
        )
        % {"tne": tne},
    )


def _wdd_figure(outcome: Outcome) -> Figure | None:
    w = outcome.result.wdd
    if w is None:
        return None
    z = number(w.z, 2) if w.z is not None else DASH
    return Figure(
        _("Viktad förflyttningsdifferens (WDD)"),
        f"{_difference(w)}; SE {number(w.se, 1)}; Z {z}",
        _("Nettoförändring i mål- och buffertzon mot jämförelseområdet, i antal händelser."),
    )


def _per_period_figure(outcome: Outcome) -> Figure | None:
    """A time-weighted difference in differences when the periods differ in length.

    Counts per 30 days (the WDD's time weights, Wheeler & Ratcliffe 2018 as the R package ptools
    weights them), so a longer after period does not read as an increase.
    """
    before, after = outcome.before.days, outcome.after.days
    if abs(before - after) <= LENGTH_TOLERANCE * max(before, after):
        return None
    c = outcome.counts
    local = wdd(
        (c.target_before, c.target_after),
        (c.control_before, c.control_after),
        time_weights=(before / PER_DAYS, after / PER_DAYS),
    ).local
    value = number(local.estimate, 1)
    if local.ci_low is not None and local.ci_high is not None:
        value = f"{value} ({interval(number(local.ci_low, 1), number(local.ci_high, 1))})"
    return Figure(
        _("Skillnad i skillnader per 30 dagar"),
        value,
        _(
            "Perioderna är olika långa (%(b)s och %(a)s dagar): antalen räknas om till "
            "händelser per 30 dagar innan skillnaderna tas (tidsviktad WDD)."
        )
        % {"b": before, "a": after},
    )


def _figures(outcome: Outcome) -> tuple[Figure, ...]:
    did = outcome.result.difference_in_differences
    figures = [
        *_res_figures(outcome),
        Figure(
            _("Skillnad i skillnader (DiD)"),
            _difference(did),
            _("Målområdets förändring minus jämförelseområdets, i antal händelser."),
        ),
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
    return EvaluationPanel(
        outcome=outcome,
        rows=_count_rows(outcome),
        figures=_figures(outcome),
        verdict=str(VERDICT_LABELS[verdict]),
        verdict_class=verdict.value,
        text=outcome.text_en if _english() else outcome.text_sv,
        confidence=f"{number(outcome.result.confidence * 100)}\u00a0%",
    )
