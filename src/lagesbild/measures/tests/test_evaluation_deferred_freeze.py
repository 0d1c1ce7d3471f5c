"""A baseline is frozen only once its before period has ended.

A measure decided while its before period runs (before 2026-06-01–2026-12-31, decided on
2026-12-06) is not frozen then: the rest of the period is still to come. The daily run
(``lagesbild remind`` → ``freeze_due_baselines``) freezes it once the period is over; until
then the page counts the before period to today and says so, and never writes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from lagesbild.audit.models import AuditEntry
from lagesbild.measures.evaluation import (
    FROZEN,
    EvaluationInput,
    Outcome,
    Period,
    due_baselines,
    evaluate_measure,
    freeze_baseline,
    freeze_due_baselines,
    outcome_for,
    set_up_evaluation,
)
from lagesbild.measures.models import Measure, MeasureEvaluation
from lagesbild.measures.services import update_measure
from lagesbild.measures.tests.helpers import bulk_reports, make_measure
from lagesbild.testing import STOCKHOLM, Cast, client_for

BEFORE = Period(date(2026, 6, 1), date(2026, 12, 31))
AFTER = Period(date(2027, 1, 1), date(2027, 12, 31))
DECIDED_ON = datetime(2026, 12, 6, 12, tzinfo=STOCKHOLM)
LAST_DAY = datetime(2026, 12, 31, 23, 30, tzinfo=STOCKHOLM)
NIGHT_AFTER = datetime(2027, 1, 1, 7, 0, tzinfo=STOCKHOLM)  # the schedule's 07:00 run
SO_FAR = Period(BEFORE.start, date(2026, 12, 5))
LATER = Period(date(2026, 12, 10), date(2026, 12, 31))  # filed after the decision

RUNNING = (
    "Före-perioden pågår till och med 31 december 2026: utgångsläget fryses när den är slut och "
    "antalen före gäller hittills."
)
PENDING = (
    "Före-perioden är slut men utgångsläget är inte fryst ännu: det fryses vid nästa dagliga "
    "körning, och till dess räknas antalen före om med dagens rapporter."
)


def _set_up(cast: Cast, measure, before=BEFORE, after=AFTER) -> MeasureEvaluation:
    data = EvaluationInput(
        target_area=cast.norr, control_area=cast.soder, before=before, after=after
    )
    return set_up_evaluation(measure, data, cast.cecilia)


def _measure(cast: Cast, status: str) -> tuple[Measure, MeasureEvaluation]:
    """The lighting measure in Norr, in ``status``, set up with the default periods."""
    measure = make_measure(cast, "Belysning i Norr", status=status)
    return measure, _set_up(cast, measure)


def _frozen_entries() -> int:
    return AuditEntry.objects.filter(action=FROZEN).count()


def _remind(*args: str) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def _outcome(measure) -> Outcome | None:
    with translation.override("sv"):
        return outcome_for(measure)


def _page(cast: Cast, measure) -> str:
    response = client_for(cast.cecilia).get(reverse("measure-detail", args=[measure.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def so_far(cast: Cast) -> Cast:
    """The before period's reports up to the decision: Norr 40, Söder 30."""
    bulk_reports(cast, cast.norr, 40, SO_FAR)
    bulk_reports(cast, cast.soder, 30, SO_FAR)
    return cast


def test_a_measure_decided_while_its_before_period_runs_is_not_frozen(so_far: Cast) -> None:
    cast = so_far
    with time_machine.travel(DECIDED_ON, tick=False):
        measure, setup = _measure(cast, "proposed")
        update_measure(measure, {"status": "decided"}, cast.cecilia)
        setup.refresh_from_db()
        assert setup.frozen_at is None and setup.frozen_baseline == {}
        assert _frozen_entries() == 0

        outcome = _outcome(measure)
        html = _page(cast, measure)
    assert outcome is not None
    assert RUNNING in outcome.caveats
    assert outcome.before_running and outcome.observed_before == Period(
        BEFORE.start, date(2026, 12, 6)
    )
    assert [(r.before, r.after) for r in outcome.rows] == [(40, 0), (30, 0)]
    assert outcome.as_json()["periods"]["before_counted"] == ["2026-06-01", "2026-12-06"]
    # The page says both: the before period is counted so far, the after one has not begun.
    assert RUNNING in html
    assert "Den pågår: antalen före gäller t.o.m. 2026-12-06 (189 dagar)." in html
    assert (
        "Efter-perioden har inte börjat än (den börjar 1 januari 2027), så ingen jämförelse görs "
        "förrän den har börjat." in html
    )
    assert "Ingen jämförelse än" in html
    assert "Antalen före räknas om tills åtgärden är beslutad och före-perioden är slut" in html
    assert "Antalen före frystes" not in html
    assert MeasureEvaluation.objects.get(pk=setup.pk).frozen_at is None  # the GET wrote nothing


def test_the_daily_run_freezes_it_once_with_the_reports_filed_after_the_decision(
    so_far: Cast,
) -> None:
    cast = so_far
    with time_machine.travel(DECIDED_ON, tick=False):
        # Set up already decided (as from a finding): deferred just the same.
        measure, setup = _measure(cast, "decided")
        assert not setup.is_frozen

    with time_machine.travel(LAST_DAY, tick=False):  # the period's last day is not over
        # Filed between the decision and the period's end: part of the before period.
        bulk_reports(cast, cast.norr, 12, LATER)
        bulk_reports(cast, cast.soder, 5, LATER)
        assert "0 evaluation baselines frozen." in _remind()
        assert not MeasureEvaluation.objects.get(pk=setup.pk).is_frozen

    with time_machine.travel(NIGHT_AFTER, tick=False):
        assert "1 evaluation baseline would be frozen." in _remind("--dry-run")
        assert not MeasureEvaluation.objects.get(pk=setup.pk).is_frozen  # a dry run freezes none
        first = _remind()
        second = _remind()
        assert freeze_due_baselines(timezone.localdate()) == []
    assert f"{measure.pk} Belysning i Norr: baseline of 2026-06-01–2026-12-31 frozen" in first
    assert "1 evaluation baseline frozen." in first
    assert "0 evaluation baselines frozen." in second
    setup.refresh_from_db()
    assert setup.frozen_at == NIGHT_AFTER
    assert setup.frozen_baseline["totals"] == {"target": 52, "control": 35, "buffer": None}
    assert setup.frozen_baseline["period"] == ["2026-06-01", "2026-12-31"]
    entry = AuditEntry.objects.get(action=FROZEN)  # exactly one
    assert entry.actor is None and entry.detail == {
        "baseline": {"target": 52, "control": 35, "buffer": None}
    }

    # Frozen: a report filed late for the period does not move it.
    bulk_reports(cast, cast.norr, 3, Period(date(2026, 12, 30), date(2026, 12, 31)))
    with time_machine.travel(datetime(2027, 1, 20, 12, tzinfo=STOCKHOLM), tick=False):
        outcome = _outcome(measure)
    assert outcome is not None and outcome.frozen and not outcome.before_running
    assert outcome.counts.target_before == 52


def test_a_due_baseline_is_counted_live_by_the_page_and_frozen_by_a_stored_evaluation(
    so_far: Cast,
) -> None:
    cast = so_far
    with time_machine.travel(DECIDED_ON, tick=False):
        measure, setup = _measure(cast, "decided")
    bulk_reports(cast, cast.norr, 12, LATER)
    with time_machine.travel(datetime(2027, 1, 1, 3, tzinfo=STOCKHOLM), tick=False):
        # Over, but the daily run has not come: the page counts all of it and writes nothing.
        outcome = _outcome(measure)
        html = _page(cast, measure)
        assert not MeasureEvaluation.objects.get(pk=setup.pk).is_frozen
        assert _frozen_entries() == 0
        assert outcome is not None and PENDING in outcome.caveats and PENDING in html
        assert not outcome.before_running and outcome.observed_before == BEFORE
        assert outcome.counts.target_before == 52
        assert "Den pågår: antalen före" not in html

        evaluate_measure(measure, cast.cecilia)  # a write: it freezes first
    setup.refresh_from_db()
    assert setup.is_frozen and setup.frozen_baseline["totals"]["target"] == 52
    assert setup.result["baseline_frozen"] is True and PENDING not in setup.result["caveats"]
    assert _frozen_entries() == 1


def test_a_measure_decided_after_its_before_period_ended_is_frozen_at_once(cast: Cast) -> None:
    before = Period(date(2025, 12, 1), date(2026, 11, 30))
    after = Period(date(2026, 12, 1), date(2027, 11, 30))
    bulk_reports(cast, cast.norr, 40, before)
    bulk_reports(cast, cast.soder, 30, before)
    with time_machine.travel(DECIDED_ON, tick=False):
        measure = make_measure(cast, "Belysning i Norr", status="proposed")
        setup = _set_up(cast, measure, before, after)
        assert not setup.is_frozen  # a proposal's baseline may still change
        update_measure(measure, {"status": "decided"}, cast.cecilia)
    setup.refresh_from_db()
    assert setup.frozen_at == DECIDED_ON
    assert setup.frozen_baseline["totals"] == {"target": 40, "control": 30, "buffer": None}
    assert _frozen_entries() == 1


def test_setting_up_again_clears_the_baseline_and_freezes_a_new_one_when_due(
    so_far: Cast,
) -> None:
    cast = so_far
    ended = Period(date(2025, 12, 1), date(2026, 11, 30))
    with time_machine.travel(DECIDED_ON, tick=False):
        measure = make_measure(cast, "Belysning i Norr", status="decided")
        first = _set_up(cast, measure, ended, Period(date(2026, 12, 1), date(2027, 11, 30)))
        assert first.is_frozen and first.frozen_baseline["totals"]["target"] == 40
        # Again, with the running period: the old baseline answers another question; the new
        # one waits for its period to end.
        second = _set_up(cast, measure)
        assert second.pk == first.pk and not second.is_frozen and second.frozen_baseline == {}
        # And again with the ended one: frozen at once, as before the rule.
        third = _set_up(cast, measure, ended, Period(date(2026, 12, 1), date(2027, 11, 30)))
        assert third.is_frozen
    assert _frozen_entries() == 2
    assert measure.changes.filter(changes__has_key="evaluation").count() == 3


def test_the_daily_run_freezes_again_a_baseline_frozen_before_its_period_ended(
    so_far: Cast,
) -> None:
    cast = so_far
    with time_machine.travel(DECIDED_ON, tick=False):
        measure, setup = _measure(cast, "decided")
        freeze_baseline(setup)  # as the rule's predecessor did: 40 of a period half gone
        assert setup.frozen_baseline["totals"]["target"] == 40
    bulk_reports(cast, cast.norr, 12, LATER)
    with time_machine.travel(NIGHT_AFTER, tick=False):
        assert [s.pk for s in due_baselines(timezone.localdate())] == [setup.pk]
        assert len(freeze_due_baselines()) == 1
        assert freeze_due_baselines() == []
    setup.refresh_from_db()
    assert setup.frozen_at == NIGHT_AFTER and setup.frozen_baseline["totals"]["target"] == 52
    entry = AuditEntry.objects.filter(action=FROZEN).order_by("-pk").first()
    assert entry is not None and entry.detail["replaces"]["target"] == 40
    change = measure.changes.order_by("-pk").first()
    assert change is not None
    assert change.comment == (
        "Utgångsläget frystes om: det hade frysts 2026-12-06 12:00, innan före-perioden var slut."
    )
    assert change.changes == {
        "evaluation": [
            "före: mål 40, jämförelse 30, buffert –",
            "före: mål 52, jämförelse 30, buffert –",
        ]
    }


def test_a_proposed_measure_is_not_frozen_by_the_daily_run(so_far: Cast) -> None:
    cast = so_far
    with time_machine.travel(DECIDED_ON, tick=False):
        measure, setup = _measure(cast, "proposed")
    with time_machine.travel(NIGHT_AFTER, tick=False):
        assert freeze_due_baselines() == []
        outcome = _outcome(measure)
    assert not MeasureEvaluation.objects.get(pk=setup.pk).is_frozen
    assert outcome is not None
    assert (
        "Utgångsläget är inte fryst ännu (åtgärden är inte beslutad) och kan ändras."
        in outcome.caveats
    )


def test_a_before_period_that_has_not_begun_is_said_so(cast: Cast) -> None:
    with time_machine.travel(DECIDED_ON, tick=False):
        measure, setup = _measure(cast, "decided")
        MeasureEvaluation.objects.filter(pk=setup.pk).update(
            before_start=date(2026, 12, 10), before_end=date(2026, 12, 31)
        )
        outcome = _outcome(measure)
        html = _page(cast, measure)
    assert outcome is not None and outcome.observed_before is None and outcome.before_running
    assert (
        "Före-perioden har inte börjat än (den börjar 10 december 2026 och slutar 31 december "
        "2026): utgångsläget fryses när den är slut." in outcome.caveats
    )
    assert "Den har inte börjat än." in html


PLACEHOLDER = re.compile(r"%\(\w+\)s")
# The new msgids (RUNNING above is one of them, formatted).
NEW_MESSAGES = (
    PENDING,
    "Före-perioden har inte börjat än (den börjar %(start)s och slutar %(end)s): utgångsläget "
    "fryses när den är slut.",
    "Före-perioden pågår till och med %(day)s: utgångsläget fryses när den är slut och antalen "
    "före gäller hittills.",
    "Utgångsläget frystes om: det hade frysts %(at)s, innan före-perioden var slut.",
    "före: mål %(t)s, jämförelse %(c)s, buffert %(b)s",
    "Den pågår: antalen före gäller t.o.m. %(to)s (%(n)s dagar).",
    "Antalen före frystes %(at)s (när åtgärden var beslutad och före-perioden slut); rapporter "
    "som registreras eller ändras senare flyttar dem inte.",
    "Antalen före räknas om tills åtgärden är beslutad och före-perioden är slut; då fryses de.",
    "Målområde: %(target)s. Jämförelseområdet föreslås, före-perioden är året före start och "
    "fryses när åtgärden är beslutad och perioden är slut.",
)


@pytest.mark.parametrize("message", NEW_MESSAGES)
def test_each_new_sentence_has_its_english(message: str) -> None:
    with translation.override("en"):
        english = gettext(message)
    assert english != message
    assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(message))


def test_the_caveat_of_a_running_before_period_reads_in_english(so_far: Cast) -> None:
    cast = so_far
    with time_machine.travel(DECIDED_ON, tick=False):
        measure, _ = _measure(cast, "decided")
        with translation.override("en"):
            outcome = outcome_for(measure)
    assert outcome is not None
    assert (
        "The before period runs up to and including 31 December 2026: the baseline is frozen "
        "when it has ended, and the counts before are so far." in outcome.caveats
    )


def test_a_measure_cancelled_before_its_baseline_froze_is_not_called_undecided(
    so_far: Cast,
) -> None:
    cast = so_far
    with time_machine.travel(DECIDED_ON, tick=False):
        measure, _ = _measure(cast, "proposed")
        update_measure(measure, {"status": "decided"}, cast.cecilia)
        update_measure(measure, {"status": "cancelled"}, cast.cecilia)
        outcome = _outcome(measure)
    assert outcome is not None
    assert outcome.caveats == ("Åtgärden avbröts: en förändring kan inte tillskrivas den.",)
