"""The weekly page, the report list and the API list cost a fixed number of queries.

Counted on a small town, then again after many more reports (more categories, districts,
organisations, weeks of history and a hot cell): the number must not grow with the data, and it
stays under a ceiling so that a new query per row or per hotspot shows up here. The weekly page
is measured uncached (the cache emptied and no stored results: what the first viewer after a
new report pays) and then cached (the same page again).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.models import StoredWeekResult
from lagesbild.briefings.tests.builders import bulk_weekly, weeks_back
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import STOCKHOLM, Cast, clear_caches, file_report

WEEK = IsoWeek(2024, 37)
# Ceilings at what the pages cost (the uncached week with one to spare); the exact numbers are
# asserted equal before and after growth. The cached week renders only its header and footer.
# The API's rate limit reads and writes the shared (database) cache: three of its queries. The
# uncached week pays the cache (read, then write: about five with the database cache), its
# generation and the stored-results lookup on top of the computation; the week page's analysis
# notes (near repeats, reporting effort) are cached with the week; the municipality's population
# (the alerts' offset) is one more query. The stored baseline of the week's alerts
# (``briefings.judging``) is one query to look up and, for the first viewer of a class after a
# write in an earlier week, six to store (a savepoint, the lock, the generation, one upsert, the
# pruning). The cached week: session, user, memberships (with
# their municipalities), generation and the audit entry (the body comes from the process's
# memory, the menu from the memberships already read). The near-repeat note reads each category's
# subcategories (one query each, so that the category's window is read by index).
# The report lists, uncached, read the generation for their key on top of what they cost before
# (session, user, memberships, the bounded count, the rows, their measures, the audit entry);
# cached, they skip the count, the rows and the measures (reports.list_cache).
MAX_QUERIES = {
    # 58: a week without police notices asks how far the stored ones reach; 59: the analysis
    # reads the first reporting week (its hotspot period starts no earlier).
    "week": 59,
    "week-cached": 5,
    "report-list": 8,
    "report-list-cached": 5,
    "api-reports": 14,
    "api-reports-cached": 11,
}


def _file(cast: Any, n: int, weeks_back: int) -> None:
    organisations = [cast.kommunen, cast.polisen, cast.bevakning, cast.bostad]
    categories = ["klotter", "hot", "narkotika_forsaljning", "organiserad", "otrygg_samling"]
    for i in range(n):
        week = IsoWeek.containing(WEEK.monday - timedelta(weeks=i % (weeks_back + 1)))
        when = datetime.combine(week.monday + timedelta(days=i % 7), datetime.min.time())
        point = (Cast.NORR_POINT, Cast.SODER_POINT, None)[i % 3]
        area = None if point else cast.soder
        file_report(
            organisations[i % 4],
            categories[i % 5],
            when.replace(hour=8 + i % 12, tzinfo=STOCKHOLM),
            point,
            text="Något hände",
            area=area,
        )


def _flagged(cast: Any) -> bool:
    analysis = weekly_analysis(viewer_for(cast.cecilia), cast.municipality, WEEK)
    return bool(analysis.alerts or analysis.hotspots)


def _uncached(url: str) -> str:
    clear_caches()
    StoredWeekResult.objects.all().delete()
    return url


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _counts(users: dict[str, Client]) -> dict[tuple[str, str], int]:
    urls: dict[str, Callable[[], str]] = {
        "week": lambda: _uncached(reverse("week", kwargs={"week": str(WEEK)})),
        "week-cached": lambda: reverse("week", kwargs={"week": str(WEEK)}),
        "report-list": lambda: _uncached(reverse("report-list")),
        "report-list-cached": lambda: reverse("report-list"),
        "api-reports": lambda: _uncached("/api/v1/reports/"),
        "api-reports-cached": lambda: "/api/v1/reports/",
    }
    return {
        (name, who): _queries(c, url()) for who, c in users.items() for name, url in urls.items()
    }


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_reports(cast: Any) -> None:
    users = {}
    for name in ("cecilia", "sara"):  # sees everything / her company's and no sensitive ones
        client = Client()
        client.force_login(getattr(cast, name))
        users[name] = client
    # Quiet weeks of graffiti in Norr, then an outbreak: the week has alarms and a hot cell.
    bulk_weekly(
        cast.bevakning, "klotter", cast.norr, Cast.NORR_POINT, weeks_back(WEEK, 20), [2] * 20 + [15]
    )
    _file(cast, 12, weeks_back=2)
    _queries(users["cecilia"], reverse("week", kwargs={"week": str(WEEK)}))  # warm the caches
    assert _flagged(cast)  # so that the page looks up measures in both counts
    few = _counts(users)
    _file(cast, 90, weeks_back=60)
    assert _flagged(cast)
    many = _counts(users)
    assert many == few, (many, few)
    for who in users:
        assert many["week-cached", who] < many["week", who] - 15, many
        assert many["report-list-cached", who] < many["report-list", who], many
        assert many["api-reports-cached", who] < many["api-reports", who], many
    for (name, _), n in many.items():
        assert n <= MAX_QUERIES[name], (name, n, many)
