"""The report lists' cached pages and bounded counts (``reports.list_cache``).

A cached page must be the page computed anew after every kind of write, never another class's
or another person's page, and every caller's sensitive reads are audited even when the page
comes from the cache. The count is exact below its bound and marked as a bound above it, and
the pages' links still walk through every listed report.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.audit.services import SENSITIVE_READ
from lagesbild.categories.models import Category
from lagesbild.measures.models import Measure
from lagesbild.organisations.access import viewer_for
from lagesbild.organisations.models import Membership, Role
from lagesbild.privacy.retention import purge_old_text
from lagesbild.reports import list_cache, review
from lagesbild.reports import views as report_views
from lagesbild.reports.exports import listed_reports
from lagesbild.reports.list_cache import BoundedPaginator
from lagesbild.reports.outcomes import filter_reports
from lagesbild.reports.services import NewReport, create_report
from lagesbild.testing import PASSWORD, STOCKHOLM, Cast, client_for, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
API = "/api/v1/reports/"

pytestmark = pytest.mark.django_db


def _filed(cast: Cast) -> dict[str, Any]:
    """Reports of every kind the lists show: others', sensitive, rejected, merged."""
    hour = timedelta(hours=1)
    reports = {
        "own": file_report(cast.bevakning, "klotter", WHEN, text="Bevakningens"),
        "housing": file_report(cast.bostad, "klotter", WHEN + hour, text="Bostadsbolagets"),
        "sensitive": file_report(
            cast.polisen, "narkotika_forsaljning", WHEN + 2 * hour, text="Tips"
        ),
        "rejected": file_report(cast.bevakning, "klotter", WHEN + 3 * hour, text="Fel"),
        "primary": file_report(cast.kommunen, "klotter", WHEN + 4 * hour, text="Först"),
        "duplicate": file_report(cast.bostad, "klotter", WHEN + 5 * hour, text="Samma"),
    }
    review.reject_report(reports["rejected"], "Inte här", cast.cecilia)
    review.merge_reports(reports["primary"], [reports["duplicate"]], cast.cecilia)
    return reports


def _colleague(cast: Cast, username: str, organisation: Any, role: str) -> Any:
    person = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=person, organisation=organisation, role=role)
    return person


def _filed_by(cast: Cast, person: Any) -> Any:
    new = NewReport(
        organisation=cast.bevakning,
        category=Category.objects.get(code="klotter"),
        occurred_from=WHEN,
        description=f"Av {person.username}",
    )
    return create_report(new, reporter=person)


def _web(user: Any, **query: str) -> Any:
    response = client_for(user).get(reverse("report-list"), query)
    assert response.status_code == 200
    return response


def _api(user: Any, **query: str) -> dict:
    response = client_for(user).get(API, query)
    assert response.status_code == 200
    return response.json()


def _direct_ids(user: Any, shown: str = "") -> list[int]:
    viewer = viewer_for(user)
    rows = filter_reports(listed_reports(viewer), viewer, shown)
    return list(rows.order_by("-occurred_from", "-pk").values_list("pk", flat=True))


def _sensitive_reads(user: Any) -> list[list[int]]:
    entries = AuditEntry.objects.filter(actor=user, action=SENSITIVE_READ).order_by("pk")
    return [entry.detail["reports"] for entry in entries]


def _same_as_computed_anew(user: Any) -> None:
    """The page (web and API) the cache answers equals the page computed without it."""
    cached_web, cached_api = _web(user).context["page"], _api(user)
    caches["lists"].clear()
    assert _web(user).context["page"] == cached_web
    assert _api(user) == cached_api
    assert cached_web.ids == _direct_ids(user)
    assert [r["id"] for r in cached_api["results"]] == _direct_ids(user)


def test_every_kind_of_write_shows_on_the_next_page(cast: Cast) -> None:
    reports = _filed(cast)
    measure = Measure.objects.create(
        municipality=cast.municipality, title="Belysning", owner=cast.kommunen
    )
    measure_named = Measure.objects.get(pk=measure.pk)
    measure_named.title = "Ny belysning"
    # Each write changes what at least one of the two sees.
    writes = [
        lambda: file_report(cast.bostad, "klotter", WHEN - timedelta(days=1), text="Ny"),
        lambda: review.accept_report(reports["own"], cast.cecilia),
        lambda: review.reject_report(reports["housing"], "Dubbel", cast.cecilia),
        lambda: measure.source_reports.add(reports["own"]),
        lambda: measure_named.save(),
        lambda: purge_old_text(days=1, now=timezone.now() + timedelta(days=2)),
    ]
    users = (cast.cecilia, cast.sara)
    for user in users:
        _same_as_computed_anew(user)
    for number, write in enumerate(writes):
        before = [_web(user).context["page"] for user in users]
        write()
        for user in users:
            _same_as_computed_anew(user)
        assert [_web(user).context["page"] for user in users] != before, number


def test_a_renamed_organisation_shows_on_the_cached_list(cast: Cast) -> None:
    _filed(cast)
    assert "Exempeltorpshem" in _web(cast.cecilia).content.decode()
    cast.bostad.name = "Nya bostadsbolaget"
    cast.bostad.save()
    assert "Nya bostadsbolaget" in _web(cast.cecilia).content.decode()


def test_viewers_of_one_class_share_a_page_and_each_read_is_audited(cast: Cast) -> None:
    reports = _filed(cast)
    sensitive = [reports["sensitive"].pk]
    first = _web(cast.cecilia)
    with CaptureQueriesContext(connection) as queries:
        second = _web(cast.anders)  # a police analyst: sees and reads what a coordinator does
    assert second.context["page"] == first.context["page"]
    assert not any("reports_report" in q["sql"] for q in queries.captured_queries)
    assert _sensitive_reads(cast.cecilia) == [sensitive]
    assert _sensitive_reads(cast.anders) == [sensitive]
    _api(cast.cecilia)
    _api(cast.anders)
    assert _sensitive_reads(cast.anders) == [sensitive, sensitive]


def test_another_class_never_gets_a_cached_page(cast: Cast) -> None:
    reports = _filed(cast)
    _web(cast.cecilia), _api(cast.cecilia)  # cached for the coordinators' class
    for user in (cast.sara, cast.hugo, cast.rut, cast.olle, cast.nemo, cast.vilma, cast.ebba):
        page, api = _web(user).context["page"], _api(user)
        assert page.ids == _direct_ids(user)
        assert [r["id"] for r in api["results"]] == _direct_ids(user)
        assert reports["sensitive"].pk not in page.ids
        assert _sensitive_reads(user) == []
    # sara's company's reports, with their text; nothing of the housing company's.
    assert set(_web(cast.sara).context["page"].ids) == {reports["own"].pk, reports["rejected"].pk}


def test_my_reports_are_each_persons_own(cast: Cast) -> None:
    sam = _colleague(cast, "sam", cast.bevakning, Role.REPORTER)  # sara's class, another person
    mine, his = (_filed_by(cast, person) for person in (cast.sara, sam))
    assert _web(cast.sara, visa="mina").context["page"].ids == [mine.pk]
    assert _web(sam, visa="mina").context["page"].ids == [his.pk]
    # The whole list is one page for both: the same class.
    assert _web(sam).context["page"] == _web(cast.sara).context["page"]


def test_this_weeks_filter_is_the_viewers_organisations(cast: Cast) -> None:
    now = timezone.now()
    ours = file_report(cast.kommunen, "klotter", now, text="Kommunens")
    police = file_report(cast.polisen, "klotter", now, text="Polisens")
    assert _web(cast.cecilia, visa="vecka").context["page"].ids == [ours.pk]
    assert _web(cast.anders, visa="vecka").context["page"].ids == [police.pk]


def test_bounded_paginator_counts_exactly_below_its_bound_and_marks_the_bound(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(cast)  # six listed for the coordinator, a rejected and a merged one among them
    monkeypatch.setattr(list_cache, "COUNT_BOUND", 3)
    rows = listed_reports(viewer_for(cast.cecilia)).order_by("-occurred_from", "-pk")
    total = rows.count()
    assert total == 6
    first = BoundedPaginator(rows, 2, asked=1)
    assert (first.count, first.exact, first.at_least) == (4, False, 3)
    assert first.page(1).has_next()
    last = BoundedPaginator(rows, 2, asked=3)
    assert (last.count, last.exact, last.num_pages) == (6, True, 3)
    everything = BoundedPaginator(rows, 2, asked=None)
    assert (everything.count, everything.exact) == (6, True)
    # Far beyond the end: the count is exact, so Django's paginator finds the last page.
    beyond = BoundedPaginator(rows, 2, asked=99)
    assert beyond.exact and beyond.get_page(99).number == 3


def test_the_web_pages_walk_through_every_report_with_a_marked_bound(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(cast)
    monkeypatch.setattr(list_cache, "COUNT_BOUND", 3)
    monkeypatch.setattr(report_views, "PER_PAGE", 2)
    first = _web(cast.cecilia)
    html = first.content.decode()
    assert "Fler än 3 rapporter" in html and "Sida 1 av minst 2" in html
    seen, page = [], first.context["page"]
    while True:
        seen += page.ids
        if not page.has_next:
            break
        page = _web(cast.cecilia, page=str(page.next_page_number)).context["page"]
    assert seen == _direct_ids(cast.cecilia)
    assert page.exact and page.count == 6 and page.num_pages == 3
    assert "6 rapporter" in _web(cast.cecilia, page="3").content.decode()


def test_the_api_pages_walk_through_every_report_with_a_marked_bound(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filed(cast)
    monkeypatch.setattr(list_cache, "COUNT_BOUND", 3)
    body = _api(cast.cecilia, page_size="2")
    assert (body["count"], body["count_exact"]) == (3, False)
    seen = [r["id"] for r in body["results"]]
    client = client_for(cast.cecilia)
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [r["id"] for r in body["results"]]
    assert seen == _direct_ids(cast.cecilia)
    assert (body["count"], body["count_exact"]) == (6, True)
    last = _api(cast.cecilia, page_size="2", page="last")
    assert (last["count"], last["count_exact"], len(last["results"])) == (6, True, 2)
    assert client.get(API, {"page_size": "2", "page": "9"}).status_code == 404


def test_a_page_number_beyond_any_list_is_the_last_page_or_a_404_not_a_500(cast: Cast) -> None:
    # Its count's LIMIT overflowed a 64-bit integer (the fuzzer).
    _filed(cast)
    huge = "9" * 21
    assert "6 rapporter" in _web(cast.cecilia, page=huge).content.decode()
    answer = client_for(cast.cecilia).get(API, {"page": huge})
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"
