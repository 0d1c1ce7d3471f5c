from __future__ import annotations

import json
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from lagesbild.audit.models import AuditEntry


def run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_annual_json_has_the_reports_figures(helsingborg) -> None:
    data = json.loads(run("annual", "--municipality", "1283", "--year", "2021", "--format", "json"))
    assert (data["municipality"], data["year"], data["base_year"]) == ("Helsingborg", 2021, 2016)
    vandalism = next(c for c in data["categories"] if c["code"] == "skadegorelse")
    assert [p["count"] for p in vandalism["series"]][-2:] == [1000, 850]
    assert "minskat med 15 procent jämfört med 2020" in vandalism["statements"][0]["text"]
    assert data["sources"] == ["Källa: Brå, anmälda brott"]


def test_annual_html_is_a_whole_document_with_inline_charts(helsingborg) -> None:
    html = run("annual", "--municipality", "1283", "--year", "2021", "--format", "html")
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "Samverkansrapport 2021 – Helsingborg" in html
    assert 'src="data:image/svg+xml;base64,' in html and "DejaVu Sans" in html


def _not_blank(png: Path) -> bool:
    with Image.open(png) as image:
        colours = image.convert("L").getextrema()
    return colours[0] != colours[1]


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed"
)
def test_annual_pdf_renders_pages_that_are_not_blank(helsingborg, tmp_path: Path) -> None:
    pdf = tmp_path / "rapport.pdf"
    run("annual", "--municipality", "1283", "--year", "2021", "--format", "pdf", "-o", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    assert all(_not_blank(page) for page in pages)
    entry = AuditEntry.objects.get(action="lagesbild.annual.exported")
    assert entry.detail["format"] == "pdf" and entry.object_id == str(helsingborg.municipality.pk)


def test_press_text_and_json(helsingborg) -> None:
    text = run("press", "--municipality", "1283", "--year", "2021")
    assert text.startswith("Trenden fortsätter – antalet anmälda brott i Helsingborg sjunker\n\n")
    data = json.loads(run("press", "--municipality", "1283", "--year", "2021", "--format", "json"))
    assert 3 <= len(data["paragraphs"]) <= 5 and data["claims"]


def test_output_goes_to_a_file_with_o(helsingborg, tmp_path: Path) -> None:
    target = tmp_path / "press.txt"
    assert run("press", "--municipality", "1283", "--year", "2021", "-o", str(target)) == ""
    assert "Helsingborg" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["annual", "--municipality", "2584", "--year", "2021"], "lagesbild import bra"),
        (["annual", "--municipality", "1283", "--year", "2005"], "saknas för 2005"),
        (["annual", "--municipality", "1283", "--year", "2030"], "Årsrapporten finns för år 1900–"),
        (
            ["annual", "--municipality", "1283", "--year", "2021", "--format", "pdf"],
            "needs -o FILE",
        ),
        (
            ["annual", "--municipality", "1283", "--year", "2021", "--base-year", "2021"],
            "måste ligga mellan 1900 och rapportåret 2021",
        ),
        (["kvartal", "--municipality", "1283"], "invalid choice"),
    ],
)
def test_errors_are_one_line(helsingborg, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as error:
        run(*args)
    assert "\n" not in str(error.value)
