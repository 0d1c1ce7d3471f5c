"""The one place Word files are made: the house style (A4, Swedish, page numbers, the municipality
as author and its logo) and the tables, for the statutory document and the yearly report alike.

The base is the municipality's own Word template when ``LAGESBILD_DOCX_TEMPLATE`` names one
(its styles, page setup, headers and footers are kept; its body text is dropped), otherwise
python-docx's default document. Styles the document uses but the template lacks are copied from
python-docx's default, since Word only writes a style into a file once it has been used.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings

from lagesbild.web.pdf import SPOKEN_SYMBOLS

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE = "sv-SE"
A4_MM = (210, 297)
MARGIN_MM = 25
LOGO_WIDTH_MM = 35
USED_STYLES = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Caption",
    "Table Grid",
    "List Bullet",
    "Header",
    "Footer",
)


def new_document(title: str, municipality: str, language: str = LANGUAGE) -> Any:
    """Return an empty document in the house style, ready for the content; ``language`` is the
    text's (a BCP 47 tag such as "sv-SE"), which Word spell-checks it in."""
    from docx import Document

    template = settings.LAGESBILD_DOCX_TEMPLATE
    doc = Document(template) if template else Document()
    if template:
        _drop_body(doc)
    _ensure_styles(doc)
    _set_language(doc, language)
    _core_properties(doc, title, municipality, language)
    section = doc.sections[0]
    if not template:  # a municipal template brings its own page setup
        _a4(section)
    _header(section, municipality)
    _footer(section, language)
    return doc


def add_landscape_section(doc: Any) -> None:
    """Start a landscape page that keeps the header and footer of the page before it."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.oxml.ns import qn

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    # python-docx leaves one of the two sections without header and footer references; point
    # both at the same header and footer parts so every page keeps the page numbers.
    before, after = doc.sections[-2]._sectPr, section._sectPr
    kinds = (qn("w:headerReference"), qn("w:footerReference"))
    for source, target in ((before, after), (after, before)):
        references = [ref for ref in source if ref.tag in kinds]
        if references and not any(ref.tag in kinds for ref in target):
            for ref in reversed(references):
                target.insert(0, copy.deepcopy(ref))


def _drop_body(doc: Any) -> None:
    """Remove the template's own paragraphs and tables; keep the final section properties."""
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _ensure_styles(doc: Any) -> None:
    from docx import Document

    present = {s.name for s in doc.styles}
    missing = [name for name in USED_STYLES if name not in present]
    if not missing:
        return
    default = Document().styles
    for name in missing:
        doc.styles.element.append(copy.deepcopy(default[name].element))


def document_bytes(doc: Any) -> bytes:
    """The finished document as the bytes of a .docx file."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# A cell of figures: "7 131", "10 962,3", "2025", "−16 %", "±0 %", or the dash of a missing value
# (the space in a figure may be a no-break space, as on the page).
_FIGURE = re.compile(r"^(–|[−+±]?\d[\d \u00a0]*(,\d+)?([ \u00a0]%)?)$")


def _figure_columns(rows: Sequence[Sequence[str]]) -> list[bool]:
    """Which columns hold only figures (and a dash where there is none), to be set right-aligned."""
    return [
        all(_FIGURE.match(value.strip()) for value in column)
        and any(value.strip() != "–" for value in column)
        for column in zip(*rows, strict=True)
    ]


def _repeat_on_each_page(row: Any) -> None:
    """Mark ``row`` as the table's header row, repeated at the top of every page it runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def add_table(doc: Any, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    """Add a table with its caption above it, the header row bold and repeated on each page, and
    the columns of figures right-aligned; return the table. Cells are written as given."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if caption:  # on the table's page, not alone at the foot of the one before
        doc.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    _repeat_on_each_page(table.rows[0])
    figures = _figure_columns(rows) if rows else [False] * len(headers)
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    # Figures read down their column at the units, as on the page and in the PDF.
    for table_row in table.rows:
        for cell, is_figure in zip(table_row.cells, figures, strict=True):
            if is_figure:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if key := symbol_key(rows):
        doc.add_paragraph(key)
    return table


def symbol_key(rows: Sequence[Sequence[str]]) -> str:
    """The words for the symbols that stand alone in some of ``rows``' cells ("– ingen uppgift.
    · dolt antal."), or "" when none does.

    A Word run has no alternative text, so a screen reader reads a bare "–" as nothing or
    "dash" (the PDF's cells carry the words as /ActualText): the key under the table says it
    once, for every reader."""
    used = {value.strip() for row in rows for value in row} & SPOKEN_SYMBOLS.keys()
    return " ".join(
        f"{symbol} {SPOKEN_SYMBOLS[symbol]}." for symbol in SPOKEN_SYMBOLS if symbol in used
    )


def _set_language(doc: Any, language: str) -> None:
    """Make Word spell-check in ``language``: the default run language and every style that names
    one."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.append(OxmlElement("w:lang"))
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    if normal.find(qn("w:lang")) is None:
        normal.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)
    for lang in doc.settings.element.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), language)


def _core_properties(doc: Any, title: str, municipality: str, language: str) -> None:
    properties = doc.core_properties
    properties.title = title
    properties.author = municipality
    properties.last_modified_by = municipality
    properties.language = language
    properties.comments = ""


def _a4(section: Any) -> None:
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.header_distance = section.footer_distance = Mm(12)


def _header(section: Any, municipality: str) -> None:
    """The logo (if configured) and the municipality's name, unless the template has a header."""
    from docx.shared import Mm

    header = section.header
    if any(p.text.strip() for p in header.paragraphs) or header.part.related_parts:
        return  # the municipal template's own header wins
    paragraph = header.paragraphs[0]
    if settings.LAGESBILD_LOGO_PATH:
        paragraph.add_run().add_picture(settings.LAGESBILD_LOGO_PATH, width=Mm(LOGO_WIDTH_MM))
        paragraph.add_run("\t")
    paragraph.add_run(municipality)


#: The footer's words around the page number and the page count, by the text's language.
PAGE_WORDS = {"sv": ("Sida ", " av "), "en": ("Page ", " of ")}


def _footer(section: Any, language: str) -> None:
    """ "Sida N av M" as Word fields, centred; Word fills them in when it lays out the pages."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer = section.footer
    paragraph = (
        footer.add_paragraph() if footer.paragraphs[0].text.strip() else footer.paragraphs[0]
    )
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page, of = PAGE_WORDS.get(language.split("-")[0], PAGE_WORDS["sv"])
    paragraph.add_run(page)
    _field(paragraph, "PAGE")
    paragraph.add_run(of)
    _field(paragraph, "NUMPAGES")


def _field(paragraph: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"  # shown until Word updates the field
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
