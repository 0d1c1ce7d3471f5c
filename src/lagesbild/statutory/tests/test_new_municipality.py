"""The statutory draft of a municipality that began reporting on 16 November 2026 (the fixers'
audit of a new municipality, 2026-12-07): the document names the part of the year its partner
reports cover in every sentence about them, says which Brå years exist instead of telling the
council to import a file, says that the tertials before reporting had nothing to report, and
says when the suggested problems rest on too few reports to rank or share a load.

Exempeltorp (0999) from the shared cast: 13 reports from 16 November to 5 December 2026.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lagesbild.statutory.generation import (
    analys_text,
    annan_information_text,
    gather_figures,
    kartlaggning_text,
    konsekvenser_text,
    ranking_text,
    suggested_problems,
    tertial_text,
)
from lagesbild.testing import STOCKHOLM, file_report, recount, store_bra

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)
# (category, district, insecurity): skadegörelse in Norr 5 reports, load 11; stöld in Söder
# 4 reports, load 11 (a tie with the first); otrygg samling in Norr 4 reports, load 7.
REPORTS = [
    *[("klotter", "norr", i) for i in (3, 2, 2, 2, 2)],
    *[("bostadsinbrott", "soder", i) for i in (3, 3, 3, 2)],
    *[("otrygg_samling", "norr", i) for i in (2, 2, 2, 1)],
]


@pytest.fixture
def new_town(cast, monkeypatch):
    monkeypatch.setattr("lagesbild.statutory.generation.timezone.localdate", lambda: TODAY)
    points = {"norr": cast.NORR_POINT, "soder": cast.SODER_POINT}
    for i, (code, district, insecurity) in enumerate(REPORTS):
        when = datetime(2026, 11, 16 + i, 20, tzinfo=STOCKHOLM)
        file_report(cast.bevakning, code, when, points[district], insecurity=insecurity)
    recount(cast.municipality)
    return cast


def _figures(cast) -> dict:
    return gather_figures(cast.municipality, 2026)


def test_a_year_without_brå_figures_names_the_years_that_exist_not_an_import(new_town) -> None:
    # Before: "Brås statistik över anmälda brott för 2026 finns inte i systemet; importera den
    # under Data (/data/) eller med 'lagesbild import bra FIL'."
    assert kartlaggning_text(_figures(new_town)).split("\n\n")[1] == (
        "Brås statistik över anmälda brott för 2026 publiceras först under 2027 och ingår inte. "
        "Underlaget har ännu inga av Brås siffror för kommunen."
    )
    store_bra("0999", "skadegorelse", {2025: 120})
    assert kartlaggning_text(_figures(new_town)).split("\n\n")[1] == (
        "Brås statistik över anmälda brott för 2026 publiceras först under 2027 och ingår inte. "
        "Underlaget har Brås siffror för 2025."
    )


def test_a_past_year_without_brå_figures_is_missing_from_the_material(cast, monkeypatch) -> None:
    monkeypatch.setattr("lagesbild.statutory.generation.timezone.localdate", lambda: TODAY)
    store_bra("0999", "skadegorelse", {2016: 100, 2017: 110, 2018: 120})
    assert kartlaggning_text(gather_figures(cast.municipality, 2025)).split("\n\n")[1] == (
        "Brås statistik över anmälda brott för 2025 ingår inte i underlaget. Underlaget har Brås "
        "siffror för 2016–2018."
    )


def test_every_sentence_on_the_partner_reports_names_the_months_they_cover(new_town) -> None:
    # Before: "Mest belastad år 2026 var Norr …", "Av partnernas 13 rapporter år 2026 …".
    f = _figures(new_town)
    mapping = kartlaggning_text(f).split("\n\n")
    assert mapping[-1].startswith(
        "Mest belastade stadsdelar under november–december 2026: Norr (9 rapporter, "
        "belastning 18) och Söder (4 rapporter, belastning 11)."
    )
    assert konsekvenser_text(f).split("\n\n")[0] == (
        "Av partnernas 13 rapporter under november–december 2026 bedömdes 4 ge hög upplevd "
        "otrygghet (3 på skalan 1–3)."
    )
    assert annan_information_text(f).split("\n\n")[-1] == (
        "Partnernas iakttagelser under november–december 2026 kom från bevakningsföretag (13)."
    )
    assert (
        analys_text(f)
        .split("\n\n")[-1]
        .startswith(
            "Mest belastad under november–december 2026 var Norr med belastning 18 av 29 i "
            "partnernas rapporter (9 rapporter)."
        )
    )
    assert suggested_problems(f)[0]["description"] == (
        "5 rapporter från samverkanspartnerna under november–december 2026 (belastning 11, "
        "lika med prio 2)."
    )


def test_the_captions_name_the_months_too(new_town) -> None:
    from django.template.loader import render_to_string

    from lagesbild.statutory.services import generate_draft

    document = generate_draft(new_town.municipality, 2026, actor=new_town.cecilia)
    from lagesbild.statutory.services import document_content

    html = render_to_string("statutory/_content.html", {"content": document_content(document)})
    assert "Rapporter under november–december 2026 efter typ av rapporterande organisation." in html
    assert (
        "Kategori och stadsdel med störst belastning i partnernas rapporter under "
        "november–december 2026." in html
    )
    assert "importera" not in html.lower()


def test_tertials_before_reporting_began_say_so(new_town) -> None:
    # Before: "Tertial 1 2026 (januari–april): inga rapporter med plats i någon stadsdel."
    parts = tertial_text(_figures(new_town)).split("\n\n")
    assert parts[0] == (
        "Tertial 1 2026 (januari–april): rapporteringen i Lägesbild började vecka 2026-W47, "
        "efter tertialet."
    )
    assert parts[1] == (
        "Tertial 2 2026 (maj–augusti): rapporteringen i Lägesbild började vecka 2026-W47, "
        "efter tertialet."
    )
    assert parts[2].endswith(
        " Rapporteringen i Lägesbild började vecka 2026-W47, inne i tertialet: siffrorna gäller "
        "veckorna sedan dess."
    )


def test_the_suggested_problems_say_they_are_too_few_to_rank_and_name_the_tie(new_town) -> None:
    problems = suggested_problems(_figures(new_town))
    assert [p["description"] for p in problems[1:]] == [
        "4 rapporter från samverkanspartnerna under november–december 2026 (belastning 11, "
        "lika med prio 1).",
        "4 rapporter från samverkanspartnerna under november–december 2026 (belastning 7).",
    ]
    assert ranking_text(_figures(new_town), problems) == (
        "De föreslagna problemen bygger på 5, 4 och 4 rapporter under november–december 2026. "
        "Det är för få (under 20 per "
        "problem) för att rangordna problemen efter belastning; ordningen är bara ett förslag "
        "att pröva. Prio 1 och 2 har samma belastning (11)."
    )


def test_the_page_tells_the_coordinator_where_to_import_brå_and_no_one_else(new_town) -> None:
    from django.urls import reverse

    from lagesbild.statutory.services import generate_draft
    from lagesbild.testing import client_for

    document = generate_draft(new_town.municipality, 2026, actor=new_town.cecilia)
    page = reverse("statutory-document", args=[document.pk])
    hint = (
        "Utkastet har inga av Brås siffror för 2026. När Brå har publicerat dem importerar du "
        'Brås fil under <a href="/data/?kommun=0999">Data</a> och tar fram ett nytt utkast.'
    )
    assert hint in client_for(new_town.cecilia).get(page).content.decode()
    assert "Brås fil" not in client_for(new_town.rut).get(page).content.decode()
    client = client_for(new_town.cecilia)
    client.cookies["django_language"] = "en"
    english = client.get(page)
    assert (
        "The draft has none of Brå's figures for 2026. Once Brå has published them, import "
        'Brå\'s file under <a href="/data/?kommun=0999">Data</a> and generate a new draft.'
    ) in english.content.decode()


def test_the_word_file_gives_the_missing_brå_sentence_not_an_empty_table(new_town) -> None:
    import io

    from docx import Document

    from lagesbild.statutory.exports import render_docx
    from lagesbild.statutory.services import document_content, generate_draft

    document = generate_draft(new_town.municipality, 2026, actor=new_town.cecilia)
    doc = Document(io.BytesIO(render_docx(document_content(document))))
    texts = [p.text for p in doc.paragraphs]
    after = texts[texts.index("1.1 Anmälda brott") + 1]
    assert after == (
        "Brås statistik över anmälda brott för 2026 publiceras först under 2027 och ingår inte. "
        "Underlaget har ännu inga av Brås siffror för kommunen."
    )
    assert not any(t.startswith("Anmälda brott per kategori år 2026") for t in texts)
