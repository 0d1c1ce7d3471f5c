"""A reporter changes or withdraws their own report until a coordinator has reviewed it: only
the one who filed it, only through the checks of a new report, the counts following, audited."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.audit.models import AuditEntry
from lagesbild.categories.models import Category
from lagesbild.organisations import access
from lagesbild.organisations.models import Membership, Role
from lagesbild.privacy.retention import purge_old_text
from lagesbild.reports import review
from lagesbild.reports.models import Report
from lagesbild.reports.services import NewReport, create_report
from lagesbild.reports.tests import raw_reference as raw
from lagesbild.reports.tests.test_views_reports import form_data
from lagesbild.testing import PASSWORD, Cast, client_for

OWN_SENTENCE = "Du kan själv ändra eller återkalla rapporten tills en samordnare har granskat den."
REVIEWED = "Rapporten är redan granskad av en samordnare"


def sara_files(cast: Cast, **fields) -> Report:
    """A report sara filed through the form an hour ago, with a pin in Norr."""
    new = NewReport(
        organisation=cast.bevakning,
        category=Category.objects.get(code="klotter"),
        occurred_from=timezone.localtime().replace(second=0, microsecond=0) - timedelta(hours=1),
        latitude=Cast.NORR_POINT[0],
        longitude=Cast.NORR_POINT[1],
        place_text="Vid skolan",
        description="Klotter på väggen.",
    )
    return create_report(replace(new, **fields), cast.sara)


def shown_form(client: Client, report: Report) -> dict:
    """The change form's values as the page fills them in (the fields the tests send)."""
    page = client.get(reverse("report-change", args=[report.pk])).content.decode()
    version = re.search(r'name="version" value="([^"]*)"', page)
    assert version, "the form carries no version"
    assert 'value="Vid skolan"' in page and "Klotter på väggen." in page
    return {"version": version.group(1)}


def test_the_reporter_changes_category_and_week_and_the_counts_follow(cast: Cast) -> None:
    report = sara_files(cast)
    client = client_for(cast.sara)
    detail = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert OWN_SENTENCE in detail and reverse("report-change", args=[report.pk]) in detail
    last_week = timezone.localtime() - timedelta(days=8)
    sent = form_data(
        category=Category.objects.get(code="hot").pk,
        occurred_from=last_week.strftime("%Y-%m-%dT%H:%M"),
        description="Klotter på väggen. Vittne: 850709-9805.",
        count="3",
        **shown_form(client, report),
    )
    url = reverse("report-change", args=[report.pk])
    first = client.post(url, sent)
    again = client.post(url, sent, follow=True)  # a second tap, or Back and send again
    assert first.status_code == 302
    report.refresh_from_db()
    assert (report.category.code, report.count, report.review_status) == ("hot", 3, "pending")
    assert report.description == "Klotter på väggen. Vittne: [personnummer]."
    assert report.reporter == cast.sara and report.organisation == cast.bevakning
    assert raw.rollup_cells() == raw.direct_cells()
    (entry,) = AuditEntry.objects.filter(action="lagesbild.report.changed")
    assert entry.detail == {"changed": ["category", "occurred_from", "description", "count"]}
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
        "Rapporten var redan sparad så här; inget ändrades."
    )
    # A form shown before that change would undo it: refused, and nothing changes.
    stale = client.post(url, {**sent, "count": "4"}, follow=True)
    assert "Rapporten har ändrats sedan du öppnade formuläret." in stale.content.decode()
    assert Report.objects.get(pk=report.pk).count == 3
    # The same checks as a new report: a pin far outside the municipality is refused.
    fresh = shown_form(client, report)
    outside = client.post(url, {**sent, **fresh, "latitude": "59.33", "longitude": "18.06"})
    assert outside.status_code == 400 and Report.objects.get(pk=report.pk).area == cast.norr


def test_a_withdrawn_report_leaves_the_counts_and_the_review_queue(cast: Cast) -> None:
    report = sara_files(cast)
    client = client_for(cast.sara)
    url = reverse("report-withdraw", args=[report.pk])
    mine = reverse("report-list") + "?visa=mina"
    assert "Återkallad" not in client.get(mine).content.decode()  # the list page, now cached
    assert client.get(url).status_code == 200  # the question, nothing withdrawn yet
    assert Report.objects.counted().filter(pk=report.pk).exists()
    assert client.post(url).status_code == 302
    report.refresh_from_db()
    assert report.review_status == Report.Review.WITHDRAWN
    assert not Report.objects.counted().filter(pk=report.pk).exists()
    assert raw.rollup_cells() == raw.direct_cells()
    assert AuditEntry.objects.filter(action="lagesbild.report.withdrawn").count() == 1
    # No one reads a withdrawn report's text: it goes at once, not after the retention period.
    assert (report.description, report.place_text, report.source_hash) == ("", "", "")
    assert report.text_purged_at is not None
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert "Återkallad" in page and "har återkallat den; den räknas inte" in page
    assert "Klotter på väggen" not in page and "Vid skolan" not in page
    assert "Rapporten är återkallad, och dess fritext (plats och beskrivning) togs bort" in page
    assert "Återkallad" in client.get(mine).content.decode()
    assert reverse("report-change", args=[report.pk]) not in page
    # Not a coordinator's to review: not in the week's queue, and the actions refuse it.
    queue = review.review_queue(
        access.viewer_for(cast.cecilia), cast.municipality, review.week_of(report)
    )
    assert report.pk not in [r.pk for group in queue.groups for r in group] + [
        r.pk for r in queue.reviewed
    ]
    with pytest.raises(ValidationError, match="återkallad"):
        review.accept_report(report, cast.cecilia)


def test_only_its_reporter_changes_a_report_and_only_until_it_is_reviewed(cast: Cast) -> None:
    report = sara_files(cast)
    change = reverse("report-change", args=[report.pk])
    withdraw = reverse("report-withdraw", args=[report.pk])
    # A colleague of the same organisation, and the municipality's coordinator: refused.
    for other in (cast.vilma, cast.cecilia):
        client = client_for(other)
        assert client.get(change).status_code == 403
        assert client.post(withdraw).status_code == 403
    # A coordinator of another municipality does not see it at all.
    elsewhere = get_user_model().objects.create_user(username="agnes", password=PASSWORD)
    Membership.objects.create(user=elsewhere, organisation=cast.annan, role=Role.COORDINATOR)
    assert client_for(elsewhere).post(withdraw).status_code == 404
    # An API token is no session: these pages are not the API.
    secret = create_token(cast.bevakning, "Partnersystem", [Scope.REPORT_WRITE]).secret
    token = Client().post(withdraw, headers={"Authorization": f"Bearer {secret}"})
    assert token.status_code == 302 and token["Location"].startswith(
        resolve_url(settings.LOGIN_URL)
    )
    assert Report.objects.get(pk=report.pk).review_status == Report.Review.PENDING
    # Reviewed: the buttons are gone and a sending is refused with the sentence.
    review.accept_report(report, cast.cecilia)
    client = client_for(cast.sara)
    detail = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert REVIEWED in detail and change not in detail and withdraw not in detail
    refused = client.post(withdraw, follow=True)
    assert refused.content.decode().count(REVIEWED) == 1  # said once, on the report's page
    assert Report.objects.get(pk=report.pk).review_status == Report.Review.ACCEPTED
    assert not AuditEntry.objects.filter(action__startswith="lagesbild.report.withdrawn").exists()


def test_a_purged_report_and_a_files_report_are_not_changed_by_their_reporter(cast: Cast) -> None:
    purged = sara_files(cast)
    purge_old_text(days=0, now=timezone.now() + timedelta(days=1))
    imported = sara_files(cast, source=Report.Source.IMPORT, external_id="rad-1")
    client = client_for(cast.sara)
    for report, why in ((purged, "fritext är borttagen"), (imported, "från en fil")):
        report.refresh_from_db()
        assert not access.may_change_own_report(access.viewer_for(cast.sara), report)
        answer = client.post(reverse("report-change", args=[report.pk]), follow=True)
        assert why in answer.content.decode()
        assert Report.objects.get(pk=report.pk).updated_at == report.updated_at


def test_the_access_layer_names_the_reports_values_it_checks() -> None:
    assert access._PENDING == Report.Review.PENDING
    assert access._WITHDRAWN == Report.Review.WITHDRAWN
    assert access._FROM_THE_FORM == Report.Source.FORM


def test_reports_withdrawn_before_the_text_went_with_them_are_emptied_by_the_migration(
    cast: Cast,
) -> None:
    withdrawn, pending = sara_files(cast), sara_files(cast, external_id="", place_text="Torget")
    Report.objects.filter(pk=withdrawn.pk).update(review_status=Report.Review.WITHDRAWN)
    migration = import_module("lagesbild.reports.migrations.0014_withdrawn_reports_without_text")
    migration.empty_withdrawn_texts(apps, None)
    withdrawn.refresh_from_db()
    assert (withdrawn.description, withdrawn.place_text, withdrawn.source_hash) == ("", "", "")
    assert withdrawn.text_purged_at is not None
    assert Report.objects.get(pk=pending.pk).place_text == "Torget"  # only withdrawn ones
