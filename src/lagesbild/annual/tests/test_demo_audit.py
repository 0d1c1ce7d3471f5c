"""The demo's second audit (2026-12-07), the yearly report's year: year 0 was refused as "Basåret
-5 måste ligga mellan 1900 och rapportåret 0" (a base year nobody chose), 1800 as "Basåret 1795
…", and 9999 told the analyst to import Brå's file for a year that has not happened. A report
year before 1900 or not yet ended is refused as the report year, before any base year."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lagesbild.annual.services import BadReportYear, build_annual_report
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import client_for


def _refused(last: int) -> str:
    return f"Årsrapporten finns för år 1900–{last}: hela år som har tagit slut."


@pytest.mark.parametrize("year", ["0000", "1800", "1899", "9999", "this", "next"])
def test_a_year_out_of_range_is_refused_as_the_report_year(helsingborg, year: str) -> None:
    this = timezone.localdate().year
    asked = {"this": str(this), "next": str(this + 1)}.get(year, year)
    client = client_for(helsingborg.helena)
    response = client.get(f"/arsrapport/1283/{asked}/")
    assert response.status_code == 400
    page = response.content.decode()
    assert _refused(this - 1) in page
    assert "Basåret" not in page and "importera" not in page
    client.cookies["django_language"] = "en"
    english = client.get(f"/arsrapport/1283/{asked}/").content.decode()
    assert (
        f"The yearly report exists for the years 1900–{this - 1}: whole years that have ended."
        in english
    )


def test_the_report_year_is_refused_before_a_base_year_asked_for(helsingborg) -> None:
    response = client_for(helsingborg.helena).get("/arsrapport/1283/0000/?basar=1990")
    assert response.status_code == 400
    assert _refused(timezone.localdate().year - 1) in response.content.decode()


def test_the_service_refuses_it_too(helsingborg) -> None:
    viewer, _ = viewer_in(helsingborg.helena, "1283")
    with pytest.raises(BadReportYear, match="Årsrapporten finns för år 1900–"):
        build_annual_report("1283", 9999, viewer)
    with pytest.raises(BadReportYear):
        build_annual_report("1283", 0, viewer, base_year=1990)


def test_a_year_that_has_ended_still_names_the_base_year_or_the_missing_figures(
    helsingborg,
) -> None:
    client = client_for(helsingborg.helena)
    base = client.get("/arsrapport/1283/2021/?basar=2021")
    assert base.status_code == 400
    assert "Basåret 2021 måste ligga mellan 1900 och rapportåret 2021." in base.content.decode()
    missing = client.get("/arsrapport/1283/1950/")
    assert missing.status_code == 404
    assert "saknas för 1950" in missing.content.decode()


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_file_of_a_year_out_of_range_is_refused_before_any_job(helsingborg, kind: str) -> None:
    # The PDF and Word buttons had started a job for 9999 that could only fail.
    from lagesbild.jobs.models import Job

    client = client_for(helsingborg.helena)
    for method in (client.get, client.post):
        response = method(f"/arsrapport/1283/9999.{kind}")
        assert response.status_code == 400
        assert _refused(timezone.localdate().year - 1) in response.content.decode()
    assert not Job.objects.exists()
