"""A category whose sensitivity changed after an evaluation's baseline was frozen: before and
after count the same categories, and the page says which were left out and why."""

from __future__ import annotations

import time_machine
from django.urls import reverse
from django.utils import translation

from lagesbild.categories.models import Category
from lagesbild.measures.evaluation import EvaluationInput, outcome_for, set_up_evaluation
from lagesbild.measures.models import MeasureEvaluation
from lagesbild.measures.tests.helpers import AFTER, BEFORE, bulk_reports, make_measure
from lagesbild.testing import Cast, client_for

NOW = "2026-12-06 12:00 +01:00"


def _set_sensitive(codes: tuple[str, ...], sensitive: bool) -> None:
    """Mark the categories, parents first, as a coordinator does in the admin (a parent un-marked
    leaves its children marked, so each is un-marked by itself)."""
    for code in codes:
        category = Category.objects.get(code=code)
        category.sensitive = sensitive
        category.save()


def _frozen_while_public_order_was_sensitive(cast: Cast):
    """Norr: 100 graffiti and 60 drunkenness reports a year, before and after; Söder: 100
    graffiti. The baseline froze while public order (drunkenness under it) was sensitive."""
    for area in (cast.norr, cast.soder):
        bulk_reports(cast, area, 100, BEFORE)
        bulk_reports(cast, area, 100, AFTER)
    bulk_reports(cast, cast.norr, 60, BEFORE, category="berusning")
    bulk_reports(cast, cast.norr, 60, AFTER, category="berusning")
    _set_sensitive(("ordning",), True)
    measure = make_measure(cast, "Belysning i Norr", status="ongoing")
    data = EvaluationInput(
        target_area=cast.norr, control_area=cast.soder, before=BEFORE, after=AFTER
    )
    set_up_evaluation(measure, data, cast.cecilia)
    setup = MeasureEvaluation.objects.get(measure=measure)
    assert setup.is_frozen
    assert setup.frozen_baseline["totals"] == {"target": 100, "control": 100, "buffer": None}
    _set_sensitive(("ordning", "otrygg_samling", "buskorning", "berusning", "nedskrapning",
                    "storande_ljud"), False)  # fmt: skip
    return measure


@time_machine.travel(NOW, tick=False)
def test_a_category_sensitive_when_the_baseline_froze_is_left_out_of_the_counts_after_too(
    cast: Cast,
) -> None:
    # Counted after but not before, 100 → 160 beside 100 → 100 read "Ökning påvisad".
    measure = _frozen_while_public_order_was_sensitive(cast)
    outcome = outcome_for(measure)
    assert outcome is not None
    assert [(r.before, r.after) for r in outcome.rows] == [(100, 100), (100, 100)]
    assert outcome.caveats[0] == (
        "Kategorin Ordningsstörning räknades som känslig när utgångsläget frystes, så den finns "
        "inte i antalen före. Den är borttagen ur antalen efter också: före och efter räknar "
        "samma kategorier."
    )
    response = client_for(cast.cecilia).get(reverse("measure-detail", args=[measure.pk]))
    html = response.content.decode()
    assert "Ökning påvisad" not in html and "från 100 till 160" not in html
    assert f"<li>{outcome.caveats[0]}</li>" in html
    assert (
        "I målområdet var antalet i stort sett oförändrat (100 till 100) och jämförelseområdet "
        "var i stort sett oförändrat (100 till 100)." in html
    )


@time_machine.travel(NOW, tick=False)
def test_the_note_on_a_category_no_longer_sensitive_reads_in_english(cast: Cast) -> None:
    measure = _frozen_while_public_order_was_sensitive(cast)
    with translation.override("en"):
        outcome = outcome_for(measure)
    assert outcome is not None
    assert outcome.caveats[0] == (
        "The category Public disorder was sensitive when the baseline was frozen, so it is not "
        "in the counts before. It is taken out of the counts after as well: before and after "
        "count the same categories."
    )


@time_machine.travel(NOW, tick=False)
def test_a_category_sensitive_then_and_now_gets_no_note(cast: Cast) -> None:
    # Drug sales were sensitive all along: left out of both periods, nothing changed to say.
    bulk_reports(cast, cast.norr, 100, BEFORE)
    bulk_reports(cast, cast.norr, 100, AFTER)
    bulk_reports(cast, cast.soder, 100, BEFORE)
    bulk_reports(cast, cast.soder, 100, AFTER)
    bulk_reports(cast, cast.norr, 30, AFTER, category="narkotika_forsaljning")
    measure = make_measure(cast, "Belysning i Norr", status="ongoing")
    data = EvaluationInput(
        target_area=cast.norr, control_area=cast.soder, before=BEFORE, after=AFTER
    )
    set_up_evaluation(measure, data, cast.cecilia)
    outcome = outcome_for(measure)
    assert outcome is not None
    assert [(r.before, r.after) for r in outcome.rows] == [(100, 100), (100, 100)]
    assert not any("känslig" in caveat for caveat in outcome.caveats)
