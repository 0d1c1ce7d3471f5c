"""The statutory document as standalone HTML, PDF (WeasyPrint) and DOCX (python-docx).

All three read the same content (``services.document_content``): the PDF is rendered from the
page's own content template, and the DOCX follows the same numbered sections so the municipality
can edit it in Word before it goes to the council.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from lagesbild.official.queries import YearColumns
from lagesbild.statutory.generation import (
    DOCUMENT_LANGUAGE,
    PLACEHOLDER,
    missing_bra_text,
    partner_columns,
    percent_of,
    police_columns,
)
from lagesbild.statutory.templatetags.statutory import (
    STATUS_SYMBOLS,
    base_change,
    num,
    or_dash,
    rate,
    trend,
)
from lagesbild.web.pdf import html_to_pdf
from lagesbild.web.word import (
    DOCX_TYPE,
    add_landscape_section,
    add_table,
    document_bytes,
    new_document,
)

DOCUMENT_CSS = "statutory/document.css"
#: The captions the page's template gives too (``statutory/_content.html``).
POLICE_CAPTION = (
    "Händelsenotiser per kategori efter händelsetid, sammanfattningar oräknade. Källa: "
    "Polismyndigheten (polisen.se). Notiserna är pressmeddelanden, inte brottsstatistik."
)
SHARES_WITHHELD = "Andelen anges inte i procent när rapporterna är färre än 20."
PLAN_HEADERS = (
    "Problem",
    "Orsak",
    "Åtgärd",
    "Operativt mål",
    "Vem",
    "När",
    "Uppföljning",
    "Status",
)


def document_css() -> str:
    """Return the PDF stylesheet, read from the app's static files."""
    path = finders.find(DOCUMENT_CSS)
    if path is None:
        raise FileNotFoundError(f"static file {DOCUMENT_CSS} not found")
    with open(path, encoding="utf-8") as f:
        return f.read()


def render_html(content: dict[str, Any]) -> str:
    """Return the document as one self-contained HTML page (styles inline, no forms).

    Headings and captions are Swedish like the document's text, whoever downloads it.
    """
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(
            "statutory/pdf.html", {"content": content, "css": document_css(), "editable": False}
        )


def render_pdf(content: dict[str, Any]) -> bytes:
    """Return the document as PDF, rendered from the page's content template."""
    return html_to_pdf(render_html(content))


def export_filename(content: dict[str, Any], fmt: str) -> str:
    """Return the download's file name, e.g. lagesbild-atgardsplan-1283-2024-v2.pdf."""
    version = f"v{content['version']}" if content.get("version") else "utkast"
    return f"lagesbild-atgardsplan-{content['municipality_code']}-{content['year']}-{version}.{fmt}"


# --- DOCX ----------------------------------------------------------------------------------------


def _n(value: float | None) -> str:
    """A figure as the page's cell writes it (:func:`num`), with plain spaces as the Word
    file's other cells."""
    return num(value).replace("\u00a0", " ")


def _earlier_heading(columns: YearColumns) -> list[str]:
    """The year before's heading, where the table compares it (``YearColumns``)."""
    return [columns.previous] if columns.previous else []


def _earlier(columns: YearColumns, value: float | None) -> list[str]:
    return [_n(value)] if columns.previous else []


def _paragraphs(doc: Any, text: str) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    for block in (b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n")):
        if not block:
            continue
        run = doc.add_paragraph().add_run(block)
        if PLACEHOLDER in block:  # stands out when the municipality edits the file
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _table(doc: Any, caption: str, headers: tuple[str, ...], rows: list[list[str]]) -> None:
    if not rows:
        doc.add_paragraph("Inga uppgifter finns för året.")
        return
    # A missing cause reads "–" as on the page and in the PDF (``or_dash``, the one rule).
    add_table(doc, caption, headers, [[or_dash(value) for value in row] for row in rows])


def _base_change_cell(r: dict[str, Any]) -> str:
    main, note = base_change(r)  # the page's cell, qualifier and all
    return (f"{main} ({note})" if note else main).replace("\u00a0", " ")


def _official_rows(f: dict[str, Any]) -> list[list[str]]:
    rows = ([f["official"]["total"]] if f["official"]["total"] else []) + f["official"]["rows"]
    return [
        [
            r["label"],
            _n(r["count"]),
            rate(r["rate"]).replace("\u00a0", " "),
            _n(r["previous"]),
            _base_change_cell(r),
            trend(r["trend"]).replace("\u00a0", " "),
        ]
        for r in rows
    ]


def _mapping(doc: Any, c: dict[str, Any]) -> None:
    f, year = c["figures"], c["year"]
    doc.add_heading("1 Kartläggning", level=1)
    _paragraphs(doc, c["sections"]["kartlaggning"])
    doc.add_heading("1.1 Anmälda brott", level=2)
    if not _official_rows(f):  # the page's sentence, not a table of headings alone
        doc.add_paragraph(missing_bra_text(f))
    else:
        _official_table(doc, f, year)
    doc.add_heading("1.2 Polisens händelsenotiser", level=2)
    _police_table(doc, f, year)
    _partner_tables(doc, c)


def _official_table(doc: Any, f: dict[str, Any], year: int) -> None:
    caption = f"Anmälda brott per kategori år {year}. Källa: Brå, anmälda brott."
    if f["official"].get("population"):
        # The population the rates are per 100 000 of, as the PDF's caption names it.
        caption += f" Folkmängd {_n(f['official']['population'])} (SCB)."
    _table(
        doc,
        caption,
        (
            "Kategori",
            f"{year} (prel.)" if f["official"].get("preliminary") else str(year),
            "Per 100 000 inv.",
            str(year - 1),
            "Förändring mot basår",
            "Trend",
        ),
        _official_rows(f),
    )


def _police_table(doc: Any, f: dict[str, Any], year: int) -> None:
    police, columns = f["police_events"], police_columns(f)
    if police and columns.current:
        _table(
            doc,
            POLICE_CAPTION,
            ("Kategori", columns.current, *_earlier_heading(columns)),
            [["Alla notiser", _n(police["total"]), *_earlier(columns, police["previous_total"])]]
            + [
                [r["label"], _n(r["count"]), *_earlier(columns, r["previous"])]
                for r in police["rows"]
            ],
        )
    else:
        doc.add_paragraph(
            f"Inga händelsenotiser från Polismyndigheten finns i systemet för {year}."
        )


def _partner_tables(doc: Any, c: dict[str, Any]) -> None:
    f = c["figures"]
    partners, columns = f["partner_reports"], partner_columns(f)
    assert columns.current is not None  # partner reports always head their year, or its part
    doc.add_heading("1.3 Partnernas rapporter per kategori", level=2)
    # The page's sum row first, as in the HTML and PDF.
    total = (
        [
            [
                "Alla rapporter",
                _n(partners["total"]),
                _n(partners["high_insecurity"]),
                *_earlier(columns, partners["previous_total"]),
            ]
        ]
        if partners["by_category"]
        else []
    )
    _table(
        doc,
        "Rapporter i Lägesbild (ej avvisade); känsliga kategorier redovisas inte.",
        ("Kategori", columns.current, "Därav hög otrygghet", *_earlier_heading(columns)),
        total
        + [
            [r["label"], _n(r["count"]), _n(r["high"]), *_earlier(columns, r["previous"])]
            for r in partners["by_category"]
        ],
    )
    doc.add_heading("1.4 Rapporter och belastning per stadsdel", level=2)
    withheld = partners.get("shares_withheld", False)
    _table(
        doc,
        f"{partners['load_rule']} {SHARES_WITHHELD}" if withheld else partners["load_rule"],
        ("Stadsdel", "Rapporter", "Belastning", "Andel av belastningen"),
        [
            [
                d["name"],
                _n(d["count"]),
                _n(d["load"]),
                "–" if withheld else f"{percent_of(d['share'], 1)} %",
            ]
            for d in partners["by_district"]
        ],
    )
    doc.add_heading("1.5 Konsekvenser", level=2)
    _paragraphs(doc, c["sections"]["konsekvenser"])


def _other(doc: Any, c: dict[str, Any]) -> None:
    f = c["figures"]
    doc.add_heading("2 Annan information", level=1)
    _paragraphs(doc, c["sections"]["annan_information"])
    doc.add_heading("2.1 Enkätresultat", level=2)
    _table(
        doc,
        "Enkätresultat registrerade under samverkansöverenskommelsens mål.",
        ("Indikator", "Värde", "År", "Föregående värde", "Föregående år"),
        [
            [
                s["name"],
                _n(s["value"]),
                str(s["year"]),
                _n(s["previous_value"]),
                str(s["previous_year"] or "–"),
            ]
            for s in f["surveys"]
        ],
    )
    doc.add_heading("2.2 Partnernas iakttagelser per typ av organisation", level=2)
    _table(
        doc,
        "",
        ("Organisation", "Rapporter"),
        [[k["label"], _n(k["count"])] for k in f["partner_reports"]["by_kind"]],
    )
    doc.add_heading("2.3 Tertialanalyser", level=2)
    _paragraphs(doc, c["sections"]["tertial"])


def _analysis(doc: Any, c: dict[str, Any]) -> None:
    partners = c["figures"]["partner_reports"]
    labels = {r["code"]: r["label"] for r in partners["by_category"]}
    doc.add_heading("3 Analys", level=1)
    _paragraphs(doc, c["sections"]["analys"])
    doc.add_heading("3.1 Mest belastade stadsdelar", level=2)
    _table(
        doc,
        partners["load_rule"],
        ("Stadsdel", "Kategori", "Rapporter", "Belastning"),
        [
            [
                p["district_name"],
                labels.get(p["category"], p["category"]),
                _n(p["count"]),
                _n(p["load"]),
            ]
            for p in partners["pairs"][:5]
        ],
    )
    doc.add_heading("3.2 Orsaker", level=2)
    _paragraphs(doc, c["sections"]["orsaker"])


def _when(row: dict[str, Any]) -> str:
    return f"{row['start_date'] or '?'} – {row['end_date'] or '?'}"


def _plan(doc: Any, c: dict[str, Any]) -> None:
    add_landscape_section(doc)  # the plan's eight columns need the width
    doc.add_heading("4 Åtgärdsplan", level=1)
    _paragraphs(doc, c["sections"]["atgardsplan"])
    doc.add_heading("4.1 Prioriterade problem", level=2)
    _table(
        doc,
        "",
        ("Prio", "Problem", "Beskrivning", "Kategori", "Område", "Orsak", "Konsekvenser"),
        [
            [
                str(p["rank"]),
                p["title"],
                p["description"],
                ", ".join(p["categories"]),
                ", ".join(p["areas"]),
                p["cause"],
                p["consequences"],
            ]
            for p in c["problems"]
        ],
    )
    doc.add_heading("4.2 Åtgärder", level=2)
    _table(
        doc,
        "Brås mall: problem → orsak → åtgärd → operativt mål → vem → när → uppföljning.",
        PLAN_HEADERS,
        [
            [
                f"{r['problem_rank']}. {r['problem']}" if r["problem"] else "Inget problem",
                r["cause"],
                r["title"],
                r["operational_goal"],
                r["who"],
                _when(r),
                r["follow_up"],
                f"{STATUS_SYMBOLS.get(r['follow_up_status'], '○')} {r['follow_up_label']}",
            ]
            for r in c["plan"]
        ],
    )
    doc.add_heading("4.3 Fullständighetskontroll", level=2)
    for issue in c["issues"]:
        doc.add_paragraph(issue["message"], style="List Bullet")
    if not c["issues"]:
        doc.add_paragraph("Kontrollen hittade inga luckor.")


def render_docx(content: dict[str, Any]) -> bytes:
    """Return the document as DOCX: Heading 1 per section, Heading 2 per part, the plan a table."""
    doc = new_document(content["title"], content["municipality"])
    doc.add_heading(content["title"], level=0)
    status = content["status_label"]
    if content.get("decision_reference"):
        status += f": {content['decision_reference']}, {content['decided_at']}"
    version = content.get("version") or "–"
    doc.add_paragraph(
        f"Enligt {content['law']}. Version {version}. Status: {status}. "
        f"Underlaget framtaget {content['figures']['generated_on']}."
    )
    for part in (_mapping, _other, _analysis, _plan):
        part(doc, content)
    return document_bytes(doc)


EXPORTS: dict[str, tuple[Callable[[dict[str, Any]], bytes], str]] = {
    "pdf": (render_pdf, "application/pdf"),
    "docx": (render_docx, DOCX_TYPE),
}
