"""Helpers for the public side's tests: a published Exempeltorp, reports last month, forms."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from lagesbild.public import antispam
from lagesbild.public.statistics import month_window
from lagesbild.testing import STOCKHOLM, Cast, file_report


@pytest.fixture
def published(cast: Cast) -> Cast:
    cast.municipality.public_page_enabled = True
    cast.municipality.save()
    return cast


def last_month(day: int = 10) -> datetime:
    """A moment in the last whole month, which the public page shows."""
    first = month_window(timezone.localdate(), 1)[0]
    return datetime(first.year, first.month, day, 12, 0, tzinfo=STOCKHOLM)


def file_many(organisation, category: str, n: int, point=None, **extra) -> list:
    when = last_month()
    return [
        file_report(organisation, category, when + timedelta(minutes=k), point=point, **extra)
        for k in range(n)
    ]


def form_data(code: str = "0999", **overrides) -> dict:
    """A valid citizen submission, with a token issued ten seconds ago."""
    data = {
        "reason": "belysning",
        "latitude": str(Cast.NORR_POINT[0]),
        "longitude": str(Cast.NORR_POINT[1]),
        "area": "",
        "place_text": "Gångtunneln vid skolan",
        "insecurity": "3",
        "description": "Lamporna är trasiga sedan en vecka.",
        "token": antispam.issue_token(code, issued_at=time.time() - 10),
        "webbplats": "",
    }
    data.update(overrides)
    return data


def seen_cells(html: str) -> list[str]:
    """The table cells' text in ``html`` as the eye sees it: a hidden count's spoken words
    (visually hidden, for screen readers) left out."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    spoken = r'<span class="visually-hidden">.*?</span>'
    return [re.sub(r"<[^>]+>", "", re.sub(spoken, "", cell)) for cell in cells]
