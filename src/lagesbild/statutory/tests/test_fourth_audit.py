"""The fourth audit (2026-12-06) of the statutory document, each case with its exact input.

Exempeltorp (0999) from the shared cast, with only the figures each case needs: p-values as
the sentences print them, preliminary years carried into section 3 and the problems, honest
reasons where no test supports a change, the stored span of police notices and partner reports,
and no percentages of small counts in tables or texts.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lagesbild.official.queries import YearColumns
from lagesbild.statutory.exports import _official_rows
from lagesbild.statutory.generation import (
    analys_text,
    gather_figures,
    kartlaggning_text,
    konsekvenser_text,
    partner_columns,
    police_columns,
    suggested_problems,
)
from lagesbild.statutory.templatetags.statutory import base_change
from lagesbild.testing import STOCKHOLM, file_report, police_event, recount, store_bra

pytestmark = pytest.mark.django_db


def _preliminary(year: int) -> None:
    from lagesbild.official.models import OfficialStatistic

    OfficialStatistic.objects.filter(municipality_code="0999", year=year).update(preliminary=True)


def _today(monkeypatch, day: date) -> None:
    monkeypatch.setattr("lagesbild.statutory.generation.timezone.localdate", lambda: day)


def _analysis_paragraphs(figures: dict) -> list[str]:
    return analys_text(figures).split("\n\n")


# --- finding 2 and 3: one p format, the preliminary mark in section 3 ---------------------------


def test_section_3_prints_p_as_section_1_does_and_names_the_preliminary_year(cast) -> None:
    # Brå stöld 2024 = 102, 2025 = 132 (E-test p = 0.04992), 2025 preliminary: section 1 said
    # "p = 0,0499 … (preliminära siffror)", section 3 "p = 0,050" and nothing preliminary.
    store_bra("0999", "stold", {2024: 102, 2025: 132})
    _preliminary(2025)
    figures = gather_figures(cast.municipality, 2025)
    row = figures["official"]["rows"][0]
    assert "(preliminära siffror)" in row["sentence"] and "p = 0,0499" in row["sentence"]
    assert _analysis_paragraphs(figures)[0] == (
        "Förändringar som de statistiska testerna stöder: Stöld och inbrott: från 102 år 2024 "
        "till 132 år 2025 (preliminära siffror), en statistiskt säkerställd förändring (E-test, "
        "p = 0,0499; Brå), men ingen säkerställd trend över hela perioden."
    )


def test_problems_from_brå_name_a_preliminary_year(cast) -> None:
    store_bra("0999", "stold", {2024: 102, 2025: 132})
    _preliminary(2025)
    problems = suggested_problems(gather_figures(cast.municipality, 2025))
    assert problems[0]["description"] == "132 anmälda brott år 2025 (preliminära siffror) (Brå)."


def test_one_reported_crime_is_written_in_the_singular(cast) -> None:
    # Before: "Våld och hot: 1 anmälda brott år 2025; …" and "1 anmälda brott år 2025 (Brå)."
    store_bra("0999", "vald", {2025: 1})
    figures = gather_figures(cast.municipality, 2025)
    assert figures["official"]["rows"][0]["sentence"].startswith(
        "Våld och hot: 1 anmält brott år 2025; inget tidigare år"
    )
    assert suggested_problems(figures)[0]["description"] == "1 anmält brott år 2025 (Brå)."


# --- finding 4: the categories no test supports, each with its own reason -----------------------


def test_categories_without_a_test_or_a_stated_trend_get_their_own_reason(cast) -> None:
    # Våld: a Brå figure only for 2025 (no test ran). Skadegörelse: a level shift (four years at
    # 100, six at 60, the base year 2020 on the new level). Stöld: three years (too few for a
    # trend). Narkotika: small counts. Only a test that ran on enough data is "normal variation".
    store_bra("0999", "vald", {2025: 50})
    store_bra(
        "0999",
        "skadegorelse",
        dict(zip(range(2016, 2026), [100, 101, 99, 100, 60, 61, 59, 60, 61, 60], strict=True)),
    )
    store_bra("0999", "stold", {2023: 300, 2024: 310, 2025: 305})
    store_bra(
        "0999", "narkotika", dict(zip(range(2018, 2026), [8, 9, 7, 8, 9, 8, 7, 9], strict=True))
    )
    figures = gather_figures(cast.municipality, 2025)
    reasons = {r["code"]: r["trend_reason"] for r in figures["official"]["rows"]}
    assert reasons == {
        "vald": "few_years",
        "skadegorelse": "level_shift",
        "stold": "few_years",
        "narkotika": "small_counts",
    }
    assert _analysis_paragraphs(figures)[-1] == (
        "För skadegörelse beskrivs serien bättre av ett nivåskifte än av en jämn trend, och "
        "förändringen mot basåret är inte statistiskt säkerställd. För stöld och inbrott finns "
        "för få år med Brås siffror för att bedöma en trend (minst 5 behövs), och förändringen "
        "mot basåret är inte statistiskt säkerställd. För narkotika är antalen för små (i "
        "genomsnitt under 20 per år) för att bedöma en trend, och förändringen mot basåret är "
        "inte statistiskt säkerställd. För våld och hot finns Brås siffror bara för år 2025, så "
        "ingen förändring har kunnat prövas."
    )


# --- finding 5: police notices outside their stored span ----------------------------------------


def _november_notices() -> None:
    # Eight notices in November 2024 (four of violence, four of vandalism), none since.
    for i in range(8):
        code = "misshandel" if i % 2 else "klotter"
        police_event(100 + i, datetime(2024, 11, 3 + 3 * i, 12, tzinfo=STOCKHOLM), code)


def test_a_year_the_stored_police_notices_do_not_reach_is_not_compared(cast) -> None:
    # Before: "Polismyndigheten publicerade 0 händelsenotiser … år 2025 (år 2024: 8); flest
    # gällde våld och hot (0) och skadegörelse (0)."
    _november_notices()
    figures = gather_figures(cast.municipality, 2025)
    assert police_columns(figures) == YearColumns(None, None)  # no table of zeros
    police = figures["police_events"]
    assert (police["stored_from"], police["stored_to"]) == ("2024-11-03", "2024-11-24")
    assert kartlaggning_text(figures).split("\n\n")[2] == (
        "Systemet har Polismyndighetens händelsenotiser om händelser i Exempeltorp från "
        "3 november 2024 till 24 november 2024; år 2025 täcks inte, så inga notiser för året "
        "redovisas. Notiserna är pressmeddelanden, inte brottsstatistik (källa: Polismyndigheten)."
    )


def test_a_partly_stored_year_gives_its_days_and_no_comparison(cast) -> None:
    from django.template.loader import render_to_string

    _november_notices()
    figures = gather_figures(cast.municipality, 2024)
    assert police_columns(figures) == YearColumns("3 november–24 november 2024", None)
    content = {"figures": figures, "year": 2024}
    html = render_to_string("statutory/_content.html", {"content": content})
    table = html[html.index('id="cap-police"') : html.index("</table>", html.index("cap-police"))]
    assert '<th scope="col">3 november–24 november 2024</th></tr></thead>' in table
    assert "2023" not in table
    text = kartlaggning_text(figures).split("\n\n")[2]
    assert text == (
        "Systemet har Polismyndighetens händelsenotiser om händelser i Exempeltorp från "
        "3 november 2024 till 24 november 2024, så år 2024 täcks bara delvis: 8 notiser "
        "3 november–24 november 2024; flest gällde skadegörelse (4) och våld och hot (4). De "
        "jämförs inte med hela år. Notiserna är pressmeddelanden, inte brottsstatistik (källa: "
        "Polismyndigheten)."
    )


def test_two_fully_stored_years_are_compared_as_before_one_notice_in_the_singular(cast) -> None:
    police_event(1, datetime(2023, 1, 2, 12, tzinfo=STOCKHOLM), "klotter")
    police_event(2, datetime(2024, 6, 1, 12, tzinfo=STOCKHOLM), "misshandel")
    police_event(3, datetime(2025, 1, 5, 12, tzinfo=STOCKHOLM), "ovrigt", summary=True)
    figures = gather_figures(cast.municipality, 2024)
    assert police_columns(figures) == YearColumns("2024", "2023")
    text = kartlaggning_text(figures).split("\n\n")[2]
    assert text.startswith(
        "Polismyndigheten publicerade 1 händelsenotis om händelser i Exempeltorp år 2024 "
        "(år 2023: 1); flest gällde våld och hot (1)."
    )


# --- finding 6 and 12: partner reports of a first or running year, shares of a few reports ------


def _reports_from_may_2025(cast) -> None:
    for month, code, point, insecurity in [
        (5, "klotter", cast.NORR_POINT, 3),
        (6, "klotter", cast.NORR_POINT, 1),
        (7, "fordon_cykel", cast.SODER_POINT, 1),
    ]:
        when = datetime(2025, month, 10, 12, tzinfo=STOCKHOLM)
        file_report(cast.bevakning, code, when, point, insecurity=insecurity)
    recount(cast.municipality)


def test_the_first_reporting_year_names_its_months_and_is_not_compared(cast, monkeypatch) -> None:
    # Before: "Samverkanspartnerna rapporterade 146 … år 2025 (år 2024: 0)".
    _today(monkeypatch, date(2026, 12, 6))
    _reports_from_may_2025(cast)
    figures = gather_figures(cast.municipality, 2025)
    assert figures["partner_reports"]["first_month"] == "2025-05-01"
    assert kartlaggning_text(figures).split("\n\n")[2] == (
        "Samverkanspartnerna rapporterade 3 händelser och iakttagelser under maj–december 2025; "
        "flest gällde skadegörelse (2) och stöld och inbrott (1). Rapporteringen i Lägesbild "
        "började i maj 2025. Antalet speglar hur mycket partnerna rapporterar, inte hela "
        "brottsligheten."
    )


def test_the_year_after_a_partly_reported_year_is_not_compared_with_it(cast, monkeypatch) -> None:
    _today(monkeypatch, date(2027, 2, 1))
    _reports_from_may_2025(cast)
    file_report(
        cast.bevakning, "klotter", datetime(2026, 3, 1, 12, tzinfo=STOCKHOLM), cast.NORR_POINT
    )
    recount(cast.municipality)
    text = kartlaggning_text(gather_figures(cast.municipality, 2026)).split("\n\n")[2]
    assert text == (
        "Samverkanspartnerna rapporterade 1 händelse eller iakttagelse år 2026; flest gällde "
        "skadegörelse (1). Rapporteringen i Lägesbild började i maj 2025, så året före jämförs "
        "inte. Antalet speglar hur mycket partnerna rapporterar, inte hela brottsligheten."
    )


def test_a_running_year_names_the_days_it_covers_and_is_not_compared(cast, monkeypatch) -> None:
    # Before: "Samverkanspartnerna rapporterade 110 händelser … år 2026 (år 2025: 120)"; one
    # report was "1 händelser och iakttagelser".
    _today(monkeypatch, date(2026, 12, 6))
    for year in (2025, 2026):
        when = datetime(year, 1, 10, 12, tzinfo=STOCKHOLM)
        file_report(cast.bevakning, "klotter", when, cast.NORR_POINT)
    recount(cast.municipality)
    figures = gather_figures(cast.municipality, 2026)
    assert partner_columns(figures) == YearColumns(
        "januari–december 2026 (t.o.m. 6 december)", None
    )
    text = kartlaggning_text(figures).split("\n\n")[2]
    assert text == (
        "Samverkanspartnerna rapporterade 1 händelse eller iakttagelse under januari–december "
        "2026 (till och med den 6 december); flest gällde skadegörelse (1). Antalet speglar hur "
        "mycket partnerna rapporterar, inte hela brottsligheten."
    )


def test_shares_of_a_few_reports_are_given_as_counts(cast, monkeypatch) -> None:
    # Before: "… bedömdes 1 (33 %) ge hög upplevd otrygghet", "Norr med 80 % av belastningen".
    _today(monkeypatch, date(2026, 12, 6))
    _reports_from_may_2025(cast)
    figures = gather_figures(cast.municipality, 2025)
    assert figures["partner_reports"]["shares_withheld"]
    assert konsekvenser_text(figures).split("\n\n")[0] == (
        "Av partnernas 3 rapporter under maj–december 2025 bedömdes 1 ge hög upplevd otrygghet "
        "(3 på skalan 1–3)."
    )
    assert _analysis_paragraphs(figures)[-1] == (
        "Mest belastad under maj–december 2025 var Norr med belastning 4 av 5 i partnernas "
        "rapporter "
        "(2 rapporter). Där dominerade skadegörelse (2 rapporter)."
    )


# --- finding 7 and 13: the tables hold back percentages of small counts, Word as the page -------


def test_the_table_gives_the_counts_where_the_sentence_gives_no_percentage(cast) -> None:
    # Brå våld 2020 = 3, 2025 = 14: the table said "+367 % (säkerställd, mot 2020)".
    from django.template.loader import render_to_string

    store_bra("0999", "vald", {2020: 3, 2025: 14})
    figures = gather_figures(cast.municipality, 2025)
    row = figures["official"]["rows"][0]
    assert "Båda antalen är under 20, så ingen procentuell förändring anges." in row["sentence"]
    assert row["change_base_percent"] is None
    assert base_change(row) == ("3 → 14", "säkerställd, mot 2020")
    html = render_to_string("statutory/_official_row.html", {"r": row})
    assert '3 → 14 <span class="sub-inline">(säkerställd, mot 2020)</span>' in html
    assert _official_rows(figures)[0][4] == "3 → 14 (säkerställd, mot 2020)"


def test_the_word_file_has_the_pages_qualifiers_total_row_and_police_caption(draft) -> None:
    import io

    from docx import Document

    from lagesbild.statutory.exports import render_docx
    from lagesbild.statutory.services import document_content

    doc = Document(io.BytesIO(render_docx(document_content(draft))))
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    vandalism = next(r for r in cells if r[0] == "Skadegörelse")
    assert vandalism[4] == "−20 % (säkerställd, mot 2019)"
    # Partner reports began in May 2023 and the stored notices run from 1 June 2023 to 2 June
    # 2024: the sentences compare neither with 2023, so the tables have no 2023 column (they had
    # one: "1" report and "1" notice beside the whole year's), and the notices' column names the
    # days it covers.
    assert ["Alla rapporter", "7", "3"] in cells
    assert ["Kategori", "1 januari–2 juni 2024"] in cells and ["Alla notiser", "3"] in cells
    captions = [p.text for p in doc.paragraphs if p.style and p.style.name == "Caption"]
    assert (
        "Händelsenotiser per kategori efter händelsetid, sammanfattningar oräknade. Källa: "
        "Polismyndigheten (polisen.se). Notiserna är pressmeddelanden, inte brottsstatistik."
    ) in captions


# --- finding 15: a preliminary year is marked in the table's header -----------------------------


def test_the_header_marks_a_preliminary_year(cast) -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    store_bra("0999", "stold", {2024: 102, 2025: 132})
    _preliminary(2025)
    figures = gather_figures(cast.municipality, 2025)
    assert figures["official"]["preliminary"]
    content = {"figures": figures, "year": 2025, "sections": {}, "problems": [], "plan": []}
    with translation.override("sv"):
        html = render_to_string("statutory/_content.html", {"content": content})
    assert '<th scope="col">2025 (prel.)</th>' in html
