"""The yearly report as a Word file: a background job like the PDF, with the page's text."""

from __future__ import annotations

from io import BytesIO

import lxml.html
from docx import Document

from lagesbild.audit.models import AuditEntry
from lagesbild.jobs.models import Job
from lagesbild.testing import client_for, job_file
from lagesbild.web.word import DOCX_TYPE

PAGE = "/arsrapport/1283/2021/"
DOCX = "/arsrapport/1283/2021.docx"
WORD_HEADINGS = {"Title": "h1", "Heading 1": "h2", "Heading 2": "h3", "Heading 3": "h4"}


def _page_text(body: str) -> tuple[list[tuple[str, str]], list[list[list[str]]], int]:
    """The page body's headings (tag, text), tables (rows of cells) and number of charts."""
    root = lxml.html.fragment_fromstring(body, create_parent="main")

    def text(element) -> str:
        return " ".join(element.text_content().replace("\u00a0", "\x00").split()).replace(
            "\x00", "\u00a0"
        )

    headings = [(e.tag, text(e)) for e in root.iter("h1", "h2", "h3", "h4")]
    # A cell across n columns is n cells of Word's grid, as python-docx reads a merged row.
    tables = [
        [
            [text(c) for c in row if c.tag in ("th", "td") for _ in range(int(c.get("colspan", 1)))]
            for row in table.iter("tr")
        ]
        for table in root.iter("table")
    ]
    return headings, tables, len(list(root.iter("figure")))


def _assert_partner_table_adds_up(tables: list[list[list[str]]]) -> None:
    """The partner table: its rows, each kind's sum in the rows' order of kinds, the total last;
    every sum is the sum of the printed rows it stands for."""
    header, *rows = next(t for t in tables if t[0] == ["Organisationstyp", "Kategori", "Antal"])
    assert rows[-1][:2] == ["Totalt", "Alla kategorier"]
    details = [r for r in rows[:-1] if r[1] != "Alla kategorier"]
    sums = [r for r in rows[:-1] if r[1] == "Alla kategorier"]
    assert rows[:-1] == details + sums  # the rows, then the sums, then the total
    assert [r[0] for r in sums] == list(dict.fromkeys(r[0] for r in details))
    for kind, _, count in sums:
        assert int(count) == sum(int(r[2]) for r in details if r[0] == kind)
    assert int(rows[-1][2]) == sum(int(r[2]) for r in sums) == 3


def test_the_word_file_is_made_by_a_job_with_the_pages_headings_tables_and_charts(
    helsingborg,
) -> None:
    client = client_for(helsingborg.lars)
    page = client.get(PAGE)
    assert f'action="{DOCX}"' in page.content.decode()  # a button beside the PDF's
    headings, tables, charts = _page_text(page.context["body"])

    response = job_file(client, DOCX)
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    assert 'filename="samverkansrapport-1283-2021.docx"' in response["Content-Disposition"]
    doc = Document(BytesIO(response.getvalue()))

    styled = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    assert [(WORD_HEADINGS[s], text) for s, text in styled if s in WORD_HEADINGS] == headings
    assert [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables] == tables
    _assert_partner_table_adds_up(tables)
    assert "Samverkansrapport 2021 – Helsingborg" in headings[0][1]
    assert len(doc.inline_shapes) == charts >= 5
    words = "\n".join(p.text for p in doc.paragraphs)
    assert "minskat med 15 procent jämfört med 2020" in words
    entry = AuditEntry.objects.get(action="lagesbild.annual.exported")
    assert entry.actor == helsingborg.lars and entry.detail["format"] == "docx"


def test_another_municipalitys_member_gets_404_and_no_job_as_for_the_pdf(helsingborg, cast) -> None:
    stranger = client_for(cast.cecilia)
    for export in ("/arsrapport/1283/2021.pdf", DOCX):
        assert stranger.get(export).status_code == stranger.post(export).status_code == 404
    assert not Job.objects.exists()  # the refused POSTs queued nothing


def test_a_base_year_that_is_no_year_before_the_report_is_a_400_as_for_the_pdf(
    helsingborg,
) -> None:
    response = client_for(helsingborg.helena).post(DOCX + "?basar=abc")
    assert response.status_code == 400
    assert "Ange basåret som ett årtal, t.ex. 2018." in response.content.decode()
