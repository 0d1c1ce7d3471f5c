"""The fourth audit (2026-12-06) of the yearly report, each case with its exact input.

Exempeltorp (0999) from the shared cast with only the Brå figures and police notices each case
needs: no percentage in the table or the chart where the sentence gives only the counts, the
chart's labels rounded as the sentences round, preliminary years marked in the headers, and police
notices compared only where the stored notices cover both years.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import translation

from lagesbild.annual.charts import change_spec
from lagesbild.annual.rendering import render_document
from lagesbild.annual.services import build_annual_report
from lagesbild.annual.templatetags.annual_report import signed_percent
from lagesbild.official.queries import YearColumns
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import STOCKHOLM, police_event, store_bra

pytestmark = pytest.mark.django_db


def _report(cast, year: int = 2025):
    return build_annual_report("0999", year, viewer_for(cast.cecilia))


def _category(report, code: str):
    return next(c for c in report.categories if c.code == code)


def test_the_table_and_the_chart_hold_back_percentages_of_small_counts(cast) -> None:
    # Brå våld 2020 = 3, 2025 = 14: the table said "+367 %" and the chart drew the bar, beside
    # "Båda antalen är under 20, så ingen procentuell förändring anges."
    store_bra("0999", "vald", {2020: 3, 2025: 14})
    store_bra("0999", "stold", {2020: 40, 2025: 63})
    with translation.override("sv"):
        report = _report(cast)
        violence = _category(report, "vald")
        assert "Båda antalen är under 20, så ingen procentuell förändring anges." in (
            violence.statements[0].text
        )
        assert signed_percent(violence.base) == "–"
        assert signed_percent(_category(report, "stold").base) == "+58\u00a0%"
        spec = change_spec(report)
    assert spec is not None
    assert spec["data"]["values"] == [
        {
            "kategori": "Stöld och inbrott",
            "förändring": pytest.approx(0.575),
            "etikett": "+58\u00a0%",
        }
    ]


def test_the_chart_labels_each_bar_with_the_sentences_whole_percent(cast) -> None:
    # 40 → 63 is 57.5 %: Vega's "+.0%" on the float printed "+57 %", the sentence "58 procent".
    store_bra("0999", "stold", {2020: 40, 2025: 63})
    with translation.override("sv"):
        report = _report(cast)
        spec = change_spec(report)
        sentence = _category(report, "stold").statements[-1].text
    assert "ökat med 58 procent" in sentence
    assert spec is not None
    labels = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert all(layer["encoding"]["text"] == {"field": "etikett"} for layer in labels)


def test_the_headers_mark_a_preliminary_year(cast) -> None:
    from lagesbild.official.models import OfficialStatistic

    store_bra("0999", "stold", {2024: 102, 2025: 132})
    OfficialStatistic.objects.filter(municipality_code="0999", year=2025).update(preliminary=True)
    with translation.override("sv"):
        report = _report(cast)
        html = render_document(report)
    assert report.preliminary_years == (2025,)
    assert '<th scope="col">2025 (prel.)</th>' in html
    assert '<th scope="col">2024</th>' in html


def test_police_notices_of_a_year_the_stored_ones_do_not_reach_are_not_compared(cast) -> None:
    # Eight notices in November 2024, none since: "0 händelsenotiser under 2025 (8 året innan)".
    store_bra("0999", "stold", {2024: 102, 2025: 132})
    for i in range(8):
        when = datetime(2024, 11, 3 + 3 * i, 12, tzinfo=STOCKHOLM)
        police_event(100 + i, when, "misshandel" if i % 2 else "klotter")
    with translation.override("sv"):
        report = _report(cast)
        text = report.police_events_text
        html = render_document(report)
        partial = _report(cast, 2024).police_events_text
        partial_html = render_document(_report(cast, 2024))
    # The tables as the sentences: none of zeros for 2025, no 2023 column beside part of 2024
    # (they had "2024 | 2025" with 4 and 0, and "2023 | 2024" with 0 and 4).
    assert report.police_columns == YearColumns(None, None)
    assert "Händelsenotiser per kategori" not in html
    table = partial_html[partial_html.index("Händelsenotiser per kategori") :]
    table = table[: table.index("</table>")]
    assert '<th scope="col">Kategori</th><th scope="col">3 november–24 november 2024</th>' in table
    assert "2023" not in table and "<td>4</td></tr>" in table
    assert text == (
        "De lagrade notiserna gäller 3 november 2024–24 november 2024; 2025 täcks inte, så inga "
        "notiser för året redovisas."
    )
    assert text in html and "året innan)" not in html
    assert partial == (
        "De lagrade notiserna gäller 3 november 2024–24 november 2024, så 2024 täcks bara "
        "delvis: 8 händelsenotiser 3 november 2024–24 november 2024. De jämförs inte med hela år."
    )
    with translation.override("en"):
        assert _report(cast).police_events_text == (
            "The stored notices cover 3 November 2024–24 November 2024; 2025 is not covered, so "
            "no notices are given for the year."
        )
