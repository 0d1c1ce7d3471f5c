"""Every PDF's table headers declare their scope (PDF/UA-1, Matterhorn 15-003), and a cell of
a bare "–" or "·" says in words what it stands for.

WeasyPrint 70 wrote TH elements with only ``/A << /O /Table >>``: the HTML's ``scope="row"`` and
``scope="col"`` were lost, so a screen reader could not tell a row's name from a column's. A cell
that held only "–" was read as nothing or "dash", one of "·" as nothing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.utils import translation

from lagesbild.testing import assert_tagged_pdf, header_cells, spoken_cells
from lagesbild.web.pdf import html_to_pdf

TABLE = """<!DOCTYPE html><html lang="sv"><head><title>Per stadsdel</title></head><body>
<table><caption>Per stadsdel</caption>
<thead><tr><th scope="col">Stadsdel</th><th scope="col">Antal</th><th>Förra veckan</th></tr></thead>
<tbody><tr><th scope="row">Norr</th><td>3</td><td>1</td></tr>
<tr><th scope="rowgroup">Söder</th><td>1</td><td>0</td></tr></tbody>
<tfoot><tr><th scope="row">Totalt</th><td>4</td><td>1</td></tr></tfoot></table>
</body></html>"""


def test_each_header_cell_carries_the_scope_its_html_gives() -> None:
    pdf = html_to_pdf(TABLE)
    assert_tagged_pdf(pdf)
    scopes = [(th["/A"]["/O"], th["/A"]["/Scope"]) for th in header_cells(pdf)]
    # Three column headers (one without scope, a column header as WeasyPrint links it), then
    # the three rows' names.
    assert scopes == [("/Table", "/Column")] * 3 + [("/Table", "/Row")] * 3


SYMBOLS = """<!DOCTYPE html><html lang="%s"><head><title>Per stadsdel</title></head><body>
<table><thead><tr><th scope="col">Stadsdel</th><th scope="col">Antal</th><th>Snitt</th></tr></thead>
<tbody><tr><th scope="row">Norr</th><td>–</td><td data-spoken="inga tidigare år">–</td></tr>
<tr><th scope="row">Söder</th><td> · </td><td>2–3</td></tr>
<tr><th scope="row">–</th><td>4</td><td data-spoken="inga tidigare år">1,5</td></tr></tbody>
</table><p>–</p></body></html>"""


def test_a_cell_of_a_bare_symbol_carries_its_words_and_keeps_the_symbol(tmp_path: Path) -> None:
    pdf = html_to_pdf(SYMBOLS % "sv")
    assert_tagged_pdf(pdf)
    # In the tree's order: the cell's own words where its template gives them, else the symbol's;
    # a cell of more than the symbol ("2–3", "1,5") and text outside tables keep their text.
    assert spoken_cells(pdf) == ["ingen uppgift", "inga tidigare år", "dolt antal", "ingen uppgift"]
    # The page still shows the symbols: the words are for screen readers and copying.
    path = tmp_path / "symbols.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "ingen uppgift" not in text
    assert [line.split() for line in text.splitlines() if line.strip()] == [
        ["Stadsdel", "Antal", "Snitt"],
        ["Norr", "–", "–"],
        ["Söder", "·", "2–3"],
        ["–", "4", "1,5"],
        ["–"],
    ]


def test_a_symbols_words_follow_the_documents_language() -> None:
    # The words are the document's language, whatever language the process has active.
    with translation.override("sv"):
        pdf = html_to_pdf(SYMBOLS.replace("<td data-spoken", "<td data-x") % "en")
    assert_tagged_pdf(pdf, "en")
    assert spoken_cells(pdf) == ["no figure", "no figure", "hidden count", "no figure"]
