# ruff: noqa: E501  (the expected rows below are whole lines of HTML)
"""The report list's rows, exactly: the table and the cards for a fixed set of reports.

The rows are built for speed (reversed once per page, labels looked up once per page), so what
every kind of row shows is written out here in full: escaping, times in Swedish local time, the
review statuses, hidden text, measures, a report without area and a synthetic one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pytest
from django.urls import reverse

from lagesbild.measures.models import Measure
from lagesbild.reports import review
from lagesbild.reports.models import Report
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

REPORTED = datetime(2024, 9, 12, 8, 0, tzinfo=STOCKHOLM)
LONG = ("Lång text " * 20).strip()
LONG_CUT = LONG[:139] + "…"  # the cards show at most 140 characters

# The rows as the templates rendered them before they were built for speed, line by line, with
# {report} for the number of each report of ``_listed`` and {lighting}/{guards} for the measures;
# since then the cells of values say their column's heading (``data-label``) for a phone.
TABLE = (
    "<tbody>",
    "  ",
    "    <tr>",
    '      <td><a href="/rapporter/{synthetic}/">2024-09-09 23:45</a></td>',
    '      <td data-label="Kategori">Klotter</td>',
    '      <td data-label="Område">–</td>',
    '      <td data-label="Organisation">Exempeltorpshem</td>',
    '      <td>Demo <span class="badge">syntetisk</span></td>',
    '      <td data-label="Granskning"><span class="review-status pending">Ej granskad</span>',
    "</td>",
    '      <td data-label="Åtgärder">–</td>',
    "    </tr>",
    "  ",
    "    <tr>",
    '      <td><a href="/rapporter/{sensitive}/">2024-09-08 17:15</a></td>',
    '      <td data-label="Kategori">Misstänkt narkotikaförsäljning</td>',
    '      <td data-label="Område">–</td>',
    '      <td data-label="Organisation">Lokalpolisområde Exempeltorp</td>',
    "      <td>Tips</td>",
    '      <td data-label="Granskning"><span class="review-status accepted">Godkänd</span>',
    "</td>",
    '      <td data-label="Åtgärder">–</td>',
    "    </tr>",
    "  ",
    "    <tr>",
    '      <td><a href="/rapporter/{hidden_primary}/">2024-09-08 10:15</a></td>',
    '      <td data-label="Kategori">Misstänkt narkotikaförsäljning</td>',
    '      <td data-label="Område">–</td>',
    '      <td data-label="Organisation">Exempeltorpshem</td>',
    "      <td>[namn] tips</td>",
    '      <td data-label="Granskning"><span class="review-status merged">Dubblett av <a href="/rapporter/{sensitive}/">#{sensitive}</a></span>',
    "</td>",
    '      <td data-label="Åtgärder">–</td>',
    "    </tr>",
    "  ",
    "    <tr>",
    '      <td><a href="/rapporter/{measured}/">2024-09-07 16:15</a></td>',
    '      <td data-label="Kategori">Trasig belysning</td>',
    '      <td data-label="Område">Söder</td>',
    '      <td data-label="Organisation">Kommunledningsförvaltningen</td>',
    "      <td>Mörkt</td>",
    '      <td data-label="Granskning"><span class="review-status pending">Ej granskad</span>',
    "</td>",
    '      <td data-label="Åtgärder">Belysning (beslutad); Väktare (genomförd)</td>',
    "    </tr>",
    "  ",
    "    <tr>",
    '      <td><a href="/rapporter/{merged}/">2024-09-06 15:15</a></td>',
    '      <td data-label="Kategori">Klotter</td>',
    '      <td data-label="Område">–</td>',
    '      <td data-label="Organisation">Bevakning AB</td>',
    "      <td>{long}</td>",
    '      <td data-label="Granskning"><span class="review-status merged">Dubblett av <a href="/rapporter/{primary}/">#{primary}</a></span>',
    "</td>",
    '      <td data-label="Åtgärder">–</td>',
    "    </tr>",
    "  ",
    "    <tr>",
    '      <td><a href="/rapporter/{primary}/">2024-09-05 14:15</a></td>',
    '      <td data-label="Kategori">Klotter</td>',
    '      <td data-label="Område">–</td>',
    '      <td data-label="Organisation">Lokalpolisområde Exempeltorp</td>',
    "      <td>Polisens</td>",
    '      <td data-label="Granskning"><span class="review-status accepted">Godkänd</span>',
    "</td>",
    '      <td data-label="Åtgärder">–</td>',
    "    </tr>",
    "  ",
    "    <tr>",
    '      <td><a href="/rapporter/{rejected}/">2024-09-04 13:15</a></td>',
    '      <td data-label="Kategori">Klotter</td>',
    '      <td data-label="Område">–</td>',
    '      <td data-label="Organisation">Bevakning AB</td>',
    "      <td>Tre</td>",
    '      <td data-label="Granskning"><span class="review-status rejected">Avvisad: Utanför &lt;kommunens&gt; mark</span>',
    "</td>",
    '      <td data-label="Åtgärder">–</td>',
    "    </tr>",
    "  ",
    "    <tr>",
    '      <td><a href="/rapporter/{escaped}/">2024-09-03 12:15</a></td>',
    '      <td data-label="Kategori">Klotter</td>',
    '      <td data-label="Område">–</td>',
    '      <td data-label="Organisation">Bevakning AB</td>',
    "      <td>&lt;b&gt;Två&lt;/b&gt; &amp; &quot;tre&quot;</td>",
    '      <td data-label="Granskning"><span class="review-status pending">Ej granskad</span>',
    "</td>",
    '      <td data-label="Åtgärder">–</td>',
    "    </tr>",
    "  ",
    "    <tr>",
    '      <td><a href="/rapporter/{plain}/">2024-09-02 11:15</a></td>',
    '      <td data-label="Kategori">Klotter</td>',
    '      <td data-label="Område">Norr</td>',
    '      <td data-label="Organisation">Bevakning AB</td>',
    "      <td>Ett</td>",
    '      <td data-label="Granskning"><span class="review-status accepted">Godkänd</span>',
    "</td>",
    '      <td data-label="Åtgärder">–</td>',
    "    </tr>",
    "  ",
    "  </tbody>",
)

SARAS_CARDS = (
    '<ul class="report-cards"><li class="report-card">',
    '  <p class="card-head"><a href="/rapporter/{merged}/">Klotter</a></p>',
    '  <p class="card-meta">2024-09-06 15:15 · okänt område</p>',
    '  <p class="card-text">{long_cut}</p>',
    '  <p class="card-status"><span class="review-status merged">Dubblett av <a href="/rapporter/{primary}/">#{primary}</a></span>',
    "</p>",
    "  ",
    "</li>",
    '<li class="report-card">',
    '  <p class="card-head"><a href="/rapporter/{rejected}/">Klotter</a></p>',
    '  <p class="card-meta">2024-09-04 13:15 · okänt område</p>',
    '  <p class="card-text">Tre</p>',
    '  <p class="card-status"><span class="review-status rejected">Avvisad: Utanför &lt;kommunens&gt; mark</span>',
    "</p>",
    "  ",
    "</li>",
    '<li class="report-card">',
    '  <p class="card-head"><a href="/rapporter/{escaped}/">Klotter</a></p>',
    '  <p class="card-meta">2024-09-03 12:15 · okänt område</p>',
    '  <p class="card-text">&lt;b&gt;Två&lt;/b&gt; &amp; &quot;tre&quot;</p>',
    '  <p class="card-status"><span class="review-status pending">Ej granskad</span>',
    "</p>",
    "  ",
    "</li>",
    '<li class="report-card">',
    '  <p class="card-head"><a href="/rapporter/{plain}/">Klotter</a></p>',
    '  <p class="card-meta">2024-09-02 11:15 · Norr</p>',
    '  <p class="card-text">Ett</p>',
    '  <p class="card-status"><span class="review-status accepted">Godkänd</span>',
    "</p>",
    "  ",
    "</li>",
    "</ul>",
)

HUGOS_CARDS = (
    '<ul class="report-cards"><li class="report-card">',
    '  <p class="card-head"><a href="/rapporter/{synthetic}/">Klotter</a> <span class="badge">syntetisk</span></p>',
    '  <p class="card-meta">2024-09-09 23:45 · okänt område</p>',
    '  <p class="card-text">Demo</p>',
    '  <p class="card-status"><span class="review-status pending">Ej granskad</span>',
    "</p>",
    "  ",
    "</li>",
    '<li class="report-card">',
    '  <p class="card-head"><a href="/rapporter/{hidden_primary}/">Misstänkt narkotikaförsäljning</a></p>',
    '  <p class="card-meta">2024-09-08 10:15 · okänt område</p>',
    '  <p class="card-text">[namn] tips</p>',
    '  <p class="card-status"><span class="review-status merged">Dubblett av en annan rapport</span>',
    "</p>",
    "  ",
    "</li>",
    "</ul>",
)

RUTS_CARDS = (
    '<ul class="report-cards"><li class="report-card">',
    '  <p class="card-head"><a href="/rapporter/{measured}/">Trasig belysning</a></p>',
    '  <p class="card-meta">2024-09-07 16:15 · Söder</p>',
    '  <p class="card-text">Mörkt</p>',
    '  <p class="card-status"><span class="review-status pending">Ej granskad</span>',
    "</p>",
    '  <p class="card-measures">Ledde till: <a href="/atgarder/{lighting}/">Belysning</a> (beslutad); <a href="/atgarder/{guards}/">Väktare</a> (genomförd)</p>',
    "</li>",
    "</ul>",
)


@dataclass
class Listed:
    plain: Report
    escaped: Report
    rejected: Report
    primary: Report
    merged: Report
    measured: Report
    sensitive: Report
    synthetic: Report
    hidden_primary: Report


def _when(day: int, hour: int) -> datetime:
    return datetime(2024, 9, day, hour, 15, tzinfo=STOCKHOLM)


def _listed(cast: Cast) -> Listed:
    def filed(organisation, code: str, day: int, text: str = "", hour: int = 0, **extra) -> Report:
        when = _when(day, hour or 9 + day % 12)
        return file_report(organisation, code, when, text=text, reported_at=REPORTED, **extra)

    plain = filed(cast.bevakning, "klotter", 2, "Ett", area=cast.norr)
    escaped = filed(cast.bevakning, "klotter", 3, '<b>Två</b> & "tre"')
    rejected = filed(cast.bevakning, "klotter", 4, "Tre")
    primary = filed(cast.polisen, "klotter", 5, "Polisens")
    merged = filed(cast.bevakning, "klotter", 6, LONG)
    measured = filed(cast.kommunen, "trasig_belysning", 7, "Mörkt", area=cast.soder)
    sensitive = filed(cast.polisen, "narkotika_forsaljning", 8, "Tips")
    synthetic = filed(cast.bostad, "klotter", 9, "Demo", source=Report.Source.DEMO)
    # Merged into a sensitive report of the police: its reporter may not open that one.
    hidden_primary = filed(cast.bostad, "narkotika_forsaljning", 8, "Hugos tips", hour=10)
    # A late evening in summer time is the next day in UTC: the list shows local time.
    Report.objects.filter(pk=synthetic.pk).update(
        occurred_from=datetime(2024, 9, 9, 23, 45, tzinfo=STOCKHOLM)
    )
    review.accept_report(plain, cast.cecilia)
    review.reject_report(rejected, "Utanför <kommunens> mark", cast.cecilia)
    review.merge_reports(primary, [merged], cast.cecilia)
    review.merge_reports(sensitive, [hidden_primary], cast.cecilia)
    for title, status in (("Belysning", Measure.Status.DECIDED), ("Väktare", Measure.Status.DONE)):
        Measure.objects.create(
            municipality=cast.municipality, title=title, owner=cast.kommunen, status=status
        ).source_reports.add(measured)
    return Listed(
        plain, escaped, rejected, primary, merged, measured, sensitive, synthetic, hidden_primary
    )


def _part(html: str, start: str, end: str) -> str:
    match = re.search(re.escape(start) + ".*?" + re.escape(end), html, re.S)
    assert match, html
    return match.group(0)


def _list(user, **query) -> str:
    response = client_for(user).get(reverse("report-list"), query)
    assert response.status_code == 200
    return response.content.decode()


def _detail(report: Report) -> str:
    return reverse("report-detail", args=[report.pk])


def _measure(title: str) -> int:
    return Measure.objects.get(title=title).pk


def _expected(lines: tuple[str, ...], r: Listed) -> str:
    numbers = {name: getattr(r, name).pk for name in Listed.__dataclass_fields__}
    lighting, guards = (_measure(t) for t in ("Belysning", "Väktare"))
    text = "\n".join(lines)
    return text.format(**numbers, lighting=lighting, guards=guards, long=LONG, long_cut=LONG_CUT)


@pytest.mark.django_db
def test_the_coordinators_table_shows_every_kind_of_row_exactly(cast: Cast) -> None:
    r = _listed(cast)
    assert _part(_list(cast.cecilia), "<tbody>", "</tbody>") == _expected(TABLE, r)


@pytest.mark.django_db
def test_the_reporters_cards_show_every_kind_of_card_exactly(cast: Cast) -> None:
    r = _listed(cast)
    cards = '<ul class="report-cards">'
    assert _part(_list(cast.sara), cards, "</ul>") == _expected(SARAS_CARDS, r)
    assert _part(_list(cast.hugo), cards, "</ul>") == _expected(HUGOS_CARDS, r)
    assert _part(_list(cast.rut), cards, "</ul>") == _expected(RUTS_CARDS, r)


@pytest.mark.django_db
def test_ones_own_reports_are_cards_for_the_coordinator_too(cast: Cast) -> None:
    r = _listed(cast)
    own = file_report(cast.kommunen, "klotter", _when(10, 8), text="Egen")
    Report.objects.filter(pk=own.pk).update(reporter=cast.cecilia)
    listed = _list(cast.cecilia, visa="mina")
    assert _part(listed, '<ul class="report-cards">', "</ul>") == (
        '<ul class="report-cards"><li class="report-card">\n'
        f'  <p class="card-head"><a href="{_detail(own)}">Klotter</a></p>\n'
        '  <p class="card-meta">2024-09-10 08:15 · okänt område</p>\n'
        '  <p class="card-text">Egen</p>\n'
        '  <p class="card-status"><span class="review-status pending">Ej granskad</span>\n'
        "</p>\n  \n</li>\n</ul>"
    )
    assert _detail(r.plain) not in listed
