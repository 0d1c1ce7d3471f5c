"""Every importer refuses a bad file the same way: ``file:line: reason``, and nothing is written.

Each source starts from a small file that imports cleanly (proved by a dry run). The file holds a
marker text with å/ä/ö; a bad file is made by spoiling the marker: a NUL or an escape character
in it, the marker's line in Windows-1252 while the rest is UTF-8, the file cut off in the middle
of it (inside a quoted CSV field, a JSON string, a UTF-8 character), the whole JSON in
Windows-1252, a cut gzip stream, a cut workbook. The import command must fail with one message
naming the file, the marker's line and the reason, and the database must be as before.
Runs on SQLite and PostgreSQL (where a NUL used to fail the insert with a traceback).
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lagesbild.areas.models import Area, Municipality
from lagesbild.audit.models import AuditEntry
from lagesbild.core.tests.samples import sample_path
from lagesbild.official.models import OfficialStatistic, PoliceEvent, Population
from lagesbild.organisations.models import Organisation
from lagesbild.reports.importing import DEFAULT_COLUMNS
from lagesbild.reports.models import QuarantinedRow, Report
from lagesbild.testing import Cast, square

pytestmark = pytest.mark.django_db

MARKER = "Ödåkra Söder"  # non-ASCII on purpose: the encodings are spoiled through it
BRA_MARKER = "Malmö"
MODELS = (Report, QuarantinedRow, OfficialStatistic, PoliceEvent, Population, Area, AuditEntry)


# --- good files, one per source -----------------------------------------------------------------


def _partner_csv() -> str:
    header = ";".join(DEFAULT_COLUMNS.values())
    rows = [
        'A-1;klotter;2024-09-11 22:15;;;;Norr;;"Klotter på väggen";;',
        f'A-2;klotter;2024-09-12 08:00;;;;Söder;;"{MARKER}";;',
    ]
    return "\n".join([header, *rows]) + "\n"


def _bra_csv() -> str:
    # A municipality's name is the one text a yearly Brå file has, so the marker is one.
    return f'Kommun;Antal;Per 100 000 inv.\nHöör;100;50\nLund;200;3\n"{BRA_MARKER}";300;5\n'


def _polisen_events() -> list[dict]:
    events = json.loads(sample_path("polisen", "events-dnouri.json").read_bytes())[:3]
    events[-1]["summary"] = f"Brand i {MARKER}."
    return events


def _polisen_json() -> str:
    return json.dumps(_polisen_events(), ensure_ascii=False, indent=1)


def _polisen_jsonl() -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in _polisen_events())


def _policeuk_json() -> str:
    path = sample_path("policeuk", "crimes-street-all-crime-leicester-2023-01-wbeeker.json")
    crimes = json.loads(path.read_bytes())[:3]
    crimes[-1]["location"]["street"]["name"] = f"On or near {MARKER}"
    return json.dumps(crimes, ensure_ascii=False, indent=1)


def _kolada_json() -> str:
    row = {
        "kpi": "N07403",
        "municipality": "1283",
        "period": 2023,
        "values": [{"gender": "T", "value": 5.0, "count": 1, "status": MARKER}],
    }
    return json.dumps({"count": 1, "values": [row]}, ensure_ascii=False, indent=1)


def _scb_json() -> str:
    dataset = {
        "label": f"Folkmängd {MARKER}",
        "source": "SCB",
        "dimension": {
            "id": ["Region", "ContentsCode", "Tid"],
            "size": [1, 1, 1],
            "Region": {"category": {"index": {"1283": 0}, "label": {"1283": "Helsingborg"}}},
            "ContentsCode": {"category": {"index": {"BE0101N1": 0}}},
            "Tid": {"category": {"index": {"2023": 0}}},
        },
        "value": [149280],
    }
    return json.dumps({"dataset": dataset}, ensure_ascii=False, indent=1)


def _areas_geojson() -> str:
    features = [
        {"type": "Feature", "properties": {"code": "c", "name": "Centrum"}, "geometry": g}
        for g in [square(12.69, 56.04)]
    ] + [
        {
            "type": "Feature",
            "properties": {"code": "o", "name": MARKER},
            "geometry": square(12.74, 56.10),
        }
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def _workbook(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _partner_xlsx() -> bytes:
    return _workbook(
        [
            list(DEFAULT_COLUMNS.values()),
            ["A-1", "klotter", "2024-09-11 22:15", None, None, None, "Norr", None, MARKER],
        ]
    )


def _bra_xlsx() -> bytes:
    return _workbook(
        [["Kommun", "Antal", "Per 100 000 inv."], ["Höör", 100, 50], [BRA_MARKER, 1, 1]]
    )


@dataclass(frozen=True)
class Source:
    """How to import one kind of file; ``text`` is None for binary formats."""

    name: str
    file: str
    args: tuple[str, ...]
    text: Callable[[], str] | None = None
    data: Callable[[], bytes] | None = None
    is_json: bool = False
    marker: str = MARKER

    def good(self) -> bytes:
        return self.text().encode() if self.text else self.data()  # type: ignore[misc]


SOURCES = {
    s.name: s
    for s in [
        Source("reports-csv", "partner.csv", ("reports", "--org", "bevakning"), _partner_csv),
        Source("bra-csv", "kommuner.csv", ("bra", "--year", "2023"), _bra_csv, marker=BRA_MARKER),
        Source("polisen-json", "events.json", ("polisen",), _polisen_json, is_json=True),
        Source("polisen-jsonl", "events.jsonl", ("polisen",), _polisen_jsonl, is_json=True),
        Source(
            "policeuk-json",
            "crimes.json",
            # Leicester's crimes go to a UK partnership: 0999's areas are in Sweden, far away.
            ("policeuk", "--municipality", "9001", "--org", "leicestershire-police"),
            _policeuk_json,
            is_json=True,
        ),
        Source("kolada-json", "kolada.json", ("kolada",), _kolada_json, is_json=True),
        Source("scb-json", "scb.json", ("scb",), _scb_json, is_json=True),
        Source(
            "areas-geojson",
            "areas.geojson",
            ("areas", "--municipality", "0999"),
            _areas_geojson,
            is_json=True,
        ),
        Source(
            "reports-xlsx", "partner.xlsx", ("reports", "--org", "bevakning"), None, _partner_xlsx
        ),
        Source(
            "bra-xlsx",
            "kommuner.xlsx",
            ("bra", "--year", "2023"),
            None,
            _bra_xlsx,
            marker=BRA_MARKER,
        ),
        Source(
            "polisen-gz",
            "events.jsonl.gz",
            ("polisen",),
            None,
            lambda: gzip.compress(_polisen_jsonl().encode()),
        ),
    ]
}


# --- spoiling them -------------------------------------------------------------------------------
# A spoiler takes the good text and its marker and returns the bad bytes.
Spoil = Callable[[str, str], bytes]


def _marker_line(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


def _first_non_ascii_line(text: str, marker: str) -> int:
    position = next(i for i, char in enumerate(text) if not char.isascii())
    return text[:position].count("\n") + 1


def _insert(char: str) -> Spoil:
    return lambda text, marker: text.replace(marker, marker[:2] + char + marker[2:]).encode()


def _mixed(text: str, marker: str) -> bytes:
    """The marker in Windows-1252, the rest UTF-8 (lines pasted together from two systems)."""
    before, _, after = text.partition(marker)
    return before.encode() + marker.encode("cp1252") + after.encode()


def _cut_in_marker(text: str, marker: str) -> bytes:
    return text[: text.index(marker) + 4].encode()


def _cut_in_character(text: str, marker: str) -> bytes:
    """Cut after the first byte of the marker's first non-ASCII character (two bytes in UTF-8)."""
    offset = next(i for i, char in enumerate(marker) if not char.isascii())
    return text[: text.index(marker) + offset].encode() + marker[offset].encode()[:1]


def _windows_1252(text: str, marker: str) -> bytes:
    return text.encode("cp1252", errors="replace")


# (kind, spoil, the reason's words, the line the error must name)
Kind = tuple[str, Spoil, str, Callable[[str, str], int]]
TEXT_KINDS: list[Kind] = [
    ("nul", _insert("\x00"), r"NUL|U\+0000", _marker_line),
    ("escape-character", _insert("\x1b"), r"U\+001B", _marker_line),
    ("c1-control", _insert("\x85"), r"U\+0085", _marker_line),
    ("mixed-encoding", _mixed, r"blandad teckenkodning|är inte UTF-8", _marker_line),
    ("cut-in-utf8-character", _cut_in_character, r"UTF-8", _marker_line),
    (
        "cut-in-field",
        _cut_in_marker,
        r"avkortad|ogiltig JSON|inte giltig JSON",
        _marker_line,
    ),
]
JSON_KINDS: list[Kind] = [
    ("escaped-nul", _insert("\\u0000"), r"NUL", _marker_line),
    ("escaped-control", _insert("\\u001b"), r"U\+001B", _marker_line),
    ("lone-surrogate", _insert("\\udc00"), r"ogiltigt tecken, U\+DC00", _marker_line),
    (
        "windows-1252-json",
        _windows_1252,
        r"byte 0x[0-9A-F]{2} är inte UTF-8",
        _first_non_ascii_line,
    ),
]
TEXT_CASES = [
    pytest.param(source, *kind[1:], id=f"{source}-{kind[0]}")
    for source in (name for name, s in SOURCES.items() if s.text)
    for kind in TEXT_KINDS + (JSON_KINDS if SOURCES[source].is_json else [])
]


# --- running them --------------------------------------------------------------------------------


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _import(tmp_path: Path, source: Source, data: bytes, *extra: str) -> str:
    """Run ``lagesbild import``; return its message if it failed, else raise."""
    path = tmp_path / source.file
    path.write_bytes(data)
    err, out = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(
            "import", source.args[0], str(path), *source.args[1:], *extra, stdout=out, stderr=err
        )
    message = str(failure.value)
    assert "\n" not in message and "Traceback" not in err.getvalue() + out.getvalue()
    return "\n".join(filter(None, [out.getvalue(), err.getvalue(), message]))


@pytest.fixture(autouse=True)
def leicester(db) -> None:
    """The UK partnership the police.uk sample is imported into (as in test_policeuk.py)."""
    town = Municipality.objects.create(code="9001", name="Leicester")
    Organisation.objects.create(
        municipality=town,
        slug="leicestershire-police",
        name="Leicestershire Police",
        kind=Organisation.Kind.POLICE,
    )


@pytest.mark.parametrize("source", SOURCES)
def test_every_good_sample_imports_cleanly(cast: Cast, tmp_path: Path, source: str) -> None:
    """The control: the unspoiled files are valid, so a refusal below is the spoiling's doing."""
    spec = SOURCES[source]
    path = tmp_path / spec.file
    path.write_bytes(spec.good())
    out = StringIO()
    call_command("import", spec.args[0], str(path), *spec.args[1:], "--dry-run", stdout=out)
    assert re.search(r"[1-9]\d* (nya|created)", out.getvalue()), out.getvalue()


@pytest.mark.parametrize(("source", "spoil", "reason", "line"), TEXT_CASES)
def test_a_spoiled_text_file_is_refused_by_file_line_and_reason(
    cast: Cast, tmp_path: Path, source: str, spoil: Spoil, reason: str, line
) -> None:
    spec = SOURCES[source]
    text = spec.text()  # type: ignore[misc]
    before = _counts()
    message = _import(tmp_path, spec, spoil(text, spec.marker))
    assert f"{spec.file}:{line(text, spec.marker)}:" in message, message
    assert re.search(reason, message), message
    assert _counts() == before


def _cut_gzip(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def _cut_workbook(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _broken_sheet(data: bytes) -> bytes:
    """A workbook whose sheet holds an escape character (XML cannot), as a broken writer makes."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name.startswith("xl/worksheets/"):
                content = content.replace(b"kra", b"\x1bkra").replace(b">Malm", b">\x1bMalm")
            target.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("source", "spoil", "reason"),
    [
        pytest.param(
            "polisen-gz", _cut_gzip, r"events.jsonl.gz:\d+: gzip-filen är avkortad", id="cut-gzip"
        ),
        pytest.param(
            "reports-xlsx", _cut_workbook, r"partner.xlsx: .*avkortat", id="cut-partner-xlsx"
        ),
        pytest.param("bra-xlsx", _cut_workbook, r"kommuner.xlsx: .*avkortad", id="cut-bra-xlsx"),
        pytest.param(
            "reports-xlsx",
            _broken_sheet,
            r"partner.xlsx: .*avkortat eller skadat",
            id="partner-xlsx-control",
        ),
        pytest.param(
            "bra-xlsx",
            _broken_sheet,
            r"kommuner.xlsx: .*avkortat eller skadat",
            id="bra-xlsx-control",
        ),
    ],
)
def test_a_cut_or_broken_binary_file_is_refused_by_file_and_reason(
    cast: Cast, tmp_path: Path, source: str, spoil, reason: str
) -> None:
    """A gzip stream has lines up to where it breaks; a workbook (a zip) has none to name."""
    spec = SOURCES[source]
    before = _counts()
    message = _import(tmp_path, spec, spoil(spec.good()))
    assert re.search(reason, message), message
    assert _counts() == before


def test_a_cut_partner_csv_without_quotes_is_refused_when_its_last_line_is_short(
    cast: Cast, tmp_path: Path
) -> None:
    """The measured case: a file cut in its last row imported that row with exit 0."""
    spec = SOURCES["reports-csv"]
    text = spec.text()  # type: ignore[misc]
    cut = text.rstrip("\n").rsplit(";", 4)[0]  # the last row loses its last four fields
    message = _import(tmp_path, spec, cut.encode())
    assert "partner.csv:3:" in message and "avkortad" in message
    assert not Report.objects.exists()


def test_a_windows_1252_partner_csv_is_still_read(cast: Cast, tmp_path: Path) -> None:
    """Excel on Swedish Windows saves CSV in Windows-1252: a whole file in it is fine."""
    spec = SOURCES["reports-csv"]
    path = tmp_path / spec.file
    path.write_bytes(spec.text().encode("cp1252"))  # type: ignore[misc]
    call_command("import", "reports", str(path), "--org", "bevakning", stdout=StringIO())
    assert Report.objects.filter(description=MARKER).exists()
