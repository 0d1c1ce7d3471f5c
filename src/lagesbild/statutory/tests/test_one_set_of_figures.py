"""The yearly report and the statutory document agree on every figure they share.

Both read the partner reports from ``reports.rollup.year_counts``, the police events from
``official.queries.police_event_year`` and Brå from ``official.queries.category_series``; the
statutory document leaves every sensitive category out for all readers, and the yearly report
says how many of its total are sensitive, so ``total - sensitive`` is the document's total.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from lagesbild.annual.rendering import render_document
from lagesbild.annual.services import build_annual_report
from lagesbild.organisations.access import viewer_for
from lagesbild.statutory.generation import gather_figures
from lagesbild.statutory.tests.conftest import YEAR
from lagesbild.testing import STOCKHOLM, file_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def sensitive_report(town):
    """A sensitive report filed by the housing company: the coordinator and its filer see it."""
    cast = town.cast
    return file_report(
        cast.bostad,
        "narkotika_forsaljning",
        datetime(YEAR, 4, 2, 12, tzinfo=STOCKHOLM),
        cast.NORR_POINT,
    )


@pytest.mark.parametrize("who", ["cecilia", "rut", "hugo"])
def test_partner_reports_agree_once_the_sensitive_ones_are_taken_out(
    town, sensitive_report, who
) -> None:
    cast = town.cast
    statutory = gather_figures(cast.municipality, YEAR)["partner_reports"]
    annual = build_annual_report("0999", YEAR, viewer_for(getattr(cast, who))).partner_reports
    assert annual is not None
    assert annual.total - annual.sensitive == statutory["total"] == 7
    if getattr(cast, who) in (cast.cecilia, cast.hugo):  # coordinator; the filer's organisation
        assert annual.sensitive == 1
    else:
        assert annual.sensitive == 0 and not annual.sensitive_included


def test_the_yearly_report_says_which_total_the_statutory_document_gives(
    town, sensitive_report
) -> None:
    # The audit: 4 267 in the yearly report against 4 034 in the statutory document, unexplained.
    report = build_annual_report("0999", YEAR, viewer_for(town.cast.cecilia))
    text = " ".join(render_document(report).split())
    assert (
        "Därav 1 i känsliga kategorier; den lagstadgade lägesbilden tar inte med dem och "
        "redovisar 7." in text
    )
    assert gather_figures(town.cast.municipality, YEAR)["partner_reports"]["total"] == 7


def test_partner_reports_per_kind_of_organisation_agree_for_a_reader(town) -> None:
    cast = town.cast
    statutory = gather_figures(cast.municipality, YEAR)["partner_reports"]
    annual = build_annual_report("0999", YEAR, viewer_for(cast.rut)).partner_reports
    assert annual is not None
    assert {v.organisation_kind: v.count for v in annual.by_kind} == {
        r["kind"]: r["count"] for r in statutory["by_kind"]
    }


def test_police_events_and_bra_figures_are_the_same_in_both(town) -> None:
    cast = town.cast
    figures = gather_figures(cast.municipality, YEAR)
    annual = build_annual_report("0999", YEAR, viewer_for(cast.cecilia))
    police = figures["police_events"]
    assert annual.police_events is not None
    assert (annual.police_events.total, annual.police_events.previous_total) == (
        police["total"],
        police["previous_total"],
    )
    assert [(r.category, r.count, r.previous) for r in annual.police_events.rows] == [
        (r["code"], r["count"], r["previous"]) for r in police["rows"]
    ]
    statutory_bra = {r["code"]: (r["count"], r["previous"]) for r in figures["official"]["rows"]}
    annual_bra = {
        c.code: (c.current.count, c.previous.change.from_value if c.previous else None)
        for c in annual.categories
        if c.code in statutory_bra
    }
    assert annual_bra == statutory_bra and set(statutory_bra) == {"skadegorelse", "stold"}


def test_a_preliminary_year_is_named_preliminary_in_both(town) -> None:
    # The audit: the preliminary flag was lost on the way from Brå's rows to the sentences, so
    # a year of preliminary months was compared with final years as if complete (rule 11).
    from lagesbild.analysis.explorer import ExplorerQuery, explore
    from lagesbild.official.models import OfficialStatistic

    cast = town.cast
    OfficialStatistic.objects.filter(municipality_code="0999", year=YEAR).update(preliminary=True)
    rows = gather_figures(cast.municipality, YEAR)["official"]["rows"]
    assert rows and all("(preliminära siffror)" in row["sentence"] for row in rows)
    annual = build_annual_report("0999", YEAR, viewer_for(cast.cecilia))
    sentences = [s.text for c in annual.categories for s in c.statements]
    assert sentences and all("(preliminära siffror)" in text for text in sentences)
    query = ExplorerQuery(("skadegorelse", "stold"), YEAR - 1, YEAR, "count", ())
    explored = [s.text for row in explore(cast.municipality, query).rows for s in row.statements]
    assert explored and all("(preliminära siffror)" in text for text in explored)
    OfficialStatistic.objects.filter(municipality_code="0999").update(preliminary=False)
    annual = build_annual_report("0999", YEAR, viewer_for(cast.cecilia))
    assert not any("preliminära" in s.text for c in annual.categories for s in c.statements)
