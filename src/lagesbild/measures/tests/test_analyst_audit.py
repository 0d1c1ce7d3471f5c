"""The analyst audit of 2026-12-07: a period of one day is "1 dag", in both languages."""

from __future__ import annotations

from datetime import date, datetime

import time_machine
from django.urls import reverse

from lagesbild.measures.evaluation import EvaluationInput, Period, set_up_evaluation
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.testing import STOCKHOLM, Cast, client_for

TODAY = datetime(2026, 12, 6, 12, tzinfo=STOCKHOLM)


def test_an_after_period_that_began_today_is_one_day_not_one_days(cast: Cast) -> None:
    # The page said "(1 dagar)" beside the sentence's own "dess första dag".
    measure = make_measure(cast, "Belysning i Norr", status="ongoing")
    data = EvaluationInput(
        target_area=cast.norr,
        control_area=cast.soder,
        before=Period(date(2026, 12, 5), date(2026, 12, 5)),
        after=Period(date(2026, 12, 6), date(2027, 12, 5)),
    )
    with time_machine.travel(TODAY, tick=False):
        set_up_evaluation(measure, data, cast.cecilia)
        client = client_for(cast.cecilia)
        page = client.get(reverse("measure-detail", args=[measure.pk]))
        client.cookies["django_language"] = "en"
        english = client.get(reverse("measure-detail", args=[measure.pk]))
    html = page.content.decode()
    assert "<strong>Före:</strong> 2026-12-05 – 2026-12-05 (1 dag)." in html
    assert "Den pågår: antalen efter gäller t.o.m. 2026-12-06 (1 dag)." in html
    assert "<strong>Efter:</strong> 2026-12-06 – 2027-12-05 (365 dagar)." in html
    assert "1 dagar" not in html
    text = english.content.decode()
    assert "It is running: the counts after cover up to 2026-12-06 (1 day)." in text
    assert "<strong>Before:</strong> 2026-12-05 – 2026-12-05 (1 day)." in text
    assert "1 days" not in text
