"""Every PDF's table headers declare their scope (PDF/UA-1, Matterhorn 15-003).

WeasyPrint 70 wrote TH elements with only ``/A << /O /Table >>``: the HTML's ``scope="row"`` and
``scope="col"`` were lost, so a screen reader could not tell a row's name from a column's.
"""

from __future__ import annotations

from lagesbild.testing import assert_tagged_pdf, header_cells
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
