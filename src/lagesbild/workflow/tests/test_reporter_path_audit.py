"""The coordinator's way from the home page to the reports that wait for review (audit of
2026-12-06): the queue shows one week, so the home page links the weeks that hold them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.core.weeks import IsoWeek
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report
from lagesbild.workflow import home

HOME = reverse("home")


def _days_ago(days: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days)
    return datetime.combine(day, datetime.min.time(), tzinfo=STOCKHOLM)


def _queue_link(week: IsoWeek, cast: Cast) -> str:
    return f"{reverse('review-queue')}?kommun={cast.municipality.code}&amp;vecka={week}"


def test_the_home_page_links_each_week_that_holds_waiting_reports(cast: Cast) -> None:
    this_week = IsoWeek.containing(timezone.localdate())
    file_report(cast.bevakning, "klotter", _days_ago(0), Cast.NORR_POINT)
    for _ in range(2):
        file_report(cast.bostad, "klotter", _days_ago(21), Cast.NORR_POINT)
    three_weeks_ago = IsoWeek.containing(_days_ago(21).date())
    text = client_for(cast.cecilia).get(HOME).content.decode()
    assert "3 rapporter väntar på granskning" in text
    assert f'{_queue_link(this_week, cast)}">Granska vecka {this_week}: 1 rapport</a>' in text
    link = f'{_queue_link(three_weeks_ago, cast)}">Granska vecka {three_weeks_ago}: 2 rapporter'
    assert link in text
    # The last complete week holds none: no link to an empty queue.
    assert _queue_link(this_week.previous(), cast) not in text
    # Each link opens a queue that shows the waiting reports it names.
    queue = client_for(cast.cecilia).get(
        reverse("review-queue"), {"vecka": str(three_weeks_ago), "kommun": cast.municipality.code}
    )
    assert queue.context["queue"].pending == 2


def test_weeks_beyond_the_newest_few_are_summed_in_english_too(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(home, "SHOWN_REVIEW_WEEKS", 1)
    file_report(cast.bevakning, "klotter", _days_ago(0), Cast.NORR_POINT)
    file_report(cast.bevakning, "klotter", _days_ago(14), Cast.NORR_POINT)
    file_report(cast.bevakning, "klotter", _days_ago(28), Cast.NORR_POINT)
    client: Client = client_for(cast.cecilia)
    assert "2 rapporter till väntar i äldre veckor." in client.get(HOME).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(HOME).content.decode()
    assert "2 more reports are waiting in earlier weeks." in text
    assert "Review week" in text
