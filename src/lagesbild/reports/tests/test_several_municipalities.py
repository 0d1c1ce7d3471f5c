"""The report form of someone who files in several municipalities (audit of 2026-12-07: a police
analyst with memberships in three municipalities). vilma of the cast reports for the security
company here and is a police analyst in Annanstad."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lagesbild.areas.models import Area
from lagesbild.audit.models import AuditEntry
from lagesbild.organisations.models import Membership, Role
from lagesbild.reports.models import Report
from lagesbild.reports.services import REPAIRED_AREAS, repair_misplaced_areas
from lagesbild.reports.tests import raw_reference as raw
from lagesbild.reports.tests.test_views_reports import form_data
from lagesbild.testing import Cast, client_for, file_report, recount


def _without_pin(**overrides) -> dict:
    return form_data(latitude="", longitude="", place_text="") | overrides


def test_the_form_asks_for_whom_and_names_each_choice_s_municipality(cast: Cast) -> None:
    page = client_for(cast.vilma).get(reverse("report-create")).content.decode()
    assert 'name="organisation"' in page and 'type="hidden" name="organisation"' not in page
    assert ">Bevakning AB (Exempeltorp)</option>" in page
    assert ">Lokalpolisområde Annanstad</option>" in page  # named already: not twice
    assert '<option value="" selected>– välj organisation –</option>' in page
    assert ">Norr (Exempeltorp)</option>" in page and ">Mitt (Annanstad)</option>" in page


def test_a_report_is_filed_for_the_organisation_chosen(cast: Cast) -> None:
    mitt = Area.objects.get(municipality=cast.other_municipality, code="mitt")
    response = client_for(cast.vilma).post(
        reverse("report-create"), _without_pin(organisation=cast.annan_polis.pk, area=mitt.pk)
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.organisation, report.municipality, report.area) == (
        cast.annan_polis,
        cast.other_municipality,
        mitt,
    )


def test_a_district_of_another_municipality_is_refused(cast: Cast) -> None:
    response = client_for(cast.vilma).post(
        reverse("report-create"), _without_pin(organisation=cast.annan_polis.pk, area=cast.norr.pk)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["area"] == [
        "Området Norr ligger i Exempeltorp, men Lokalpolisområde Annanstad rapporterar i "
        "Annanstad. Välj ett område i Annanstad."
    ]
    assert not Report.objects.exists()


# The report list of someone in several municipalities: all of them, or the one chosen.


def test_the_report_list_shows_the_municipality_chosen_and_keeps_it(cast: Cast) -> None:
    when = timezone.now() - timedelta(days=1)
    here = file_report(cast.polisen, "klotter", when, point=Cast.NORR_POINT)
    there = file_report(cast.annan_polis, "klotter", when, area=mitt(cast))
    Membership.objects.create(user=cast.anders, organisation=cast.annan_polis, role=Role.ANALYST)
    client = client_for(cast.anders)
    everything = client.get(reverse("report-list")).content.decode()
    assert f"/rapporter/{here.pk}/" in everything and f"/rapporter/{there.pk}/" in everything
    page = client.get(reverse("report-list") + "?kommun=0999").content.decode()
    assert f"/rapporter/{here.pk}/" in page and f"/rapporter/{there.pk}/" not in page
    assert "<title>Rapporter – Exempeltorp" in page
    assert '<a href="/rapporter/?kommun=0998">Annanstad</a>' in page
    assert 'href="/rapporter/?visa=mina&amp;kommun=0999"' in page
    export = client.get(reverse("report-export", args=["csv"]) + "?kommun=0999")
    rows = export.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 2  # the heading and Exempeltorp's one report
    assert client.get(reverse("report-list") + "?kommun=0000").status_code == 404


def mitt(cast: Cast) -> Area:
    return Area.objects.get(municipality=cast.other_municipality, code="mitt")


def test_a_report_stored_before_with_another_municipalitys_district_is_repaired(
    cast: Cast,
) -> None:
    """Before check_area, a person in two municipalities could choose the other's district:
    ``lagesbild repair_areas`` moves such a report to its own municipality's district of its
    point (or none), the weekly counts with it."""
    when = timezone.now() - timedelta(days=2)
    pinned, unpinned = (
        file_report(cast.annan_polis, "skadegorelse", when, point=point)
        for point in ((57.005, 14.005), None)  # in Mitt, Annanstad
    )
    Report.objects.filter(pk__in=[pinned.pk, unpinned.pk]).update(area=cast.norr)  # old data
    recount(cast.other_municipality)
    out = StringIO()
    call_command("repair_areas", "--dry-run", stdout=out)
    assert out.getvalue() == "would repair the district of 2 reports\n"
    call_command("repair_areas", stdout=out)
    pinned.refresh_from_db()
    unpinned.refresh_from_db()
    assert pinned.area == Area.objects.get(municipality=cast.other_municipality, code="mitt")
    assert unpinned.area is None
    assert raw.rollup_cells() == raw.direct_cells()
    entry = AuditEntry.objects.get(action=REPAIRED_AREAS)
    assert entry.detail == {"reports": {cast.other_municipality.code: 2}}
    assert repair_misplaced_areas() == 0
