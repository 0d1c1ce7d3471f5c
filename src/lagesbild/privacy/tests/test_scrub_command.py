"""`lagesbild scrub`: standard input in, scrubbed text out, findings on standard error."""

from __future__ import annotations

import os
import subprocess
import sys
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lagesbild.areas.models import Municipality
from lagesbild.core.places import normalise_place_text
from lagesbild.core.privacy import scrub_text
from lagesbild.places.models import Place
from lagesbild.reports.services import Places

TEXT = "Man, 811228-9874, hotade väktare vid Storgatan 12 kl 22.30. Ring 070-123 45 67.\n"
SCRUBBED = "Man, [personnummer], hotade väktare vid [adress] kl 22.30. Ring [telefonnummer].\n"
# The console script installed beside the interpreter running the tests (.venv/bin/lagesbild).
CONSOLE_SCRIPT = Path(sys.executable).with_name("lagesbild")


def run_script(*args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        # Without the database's place register: these read and write through the console script.
        [str(CONSOLE_SCRIPT), "scrub", "--no-places", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def test_the_console_script_prints_the_text_scrubbed_as_reports_are() -> None:
    result = run_script(stdin=TEXT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == SCRUBBED == scrub_text(TEXT)
    assert result.stderr == ""


def test_explain_lists_kind_and_span_of_each_finding_on_standard_error_not_the_data() -> None:
    result = run_script("--explain", stdin=TEXT)
    assert result.returncode == 0 and result.stdout == SCRUBBED
    rows = [line.split("\t") for line in result.stderr.splitlines()]
    assert [kind for kind, *_ in rows] == ["personnummer", "address", "phone"]
    spans = [TEXT[int(start) : int(end)] for _, start, end in rows]
    assert spans == ["811228-9874", "Storgatan 12", "070-123 45 67"]
    assert "811228-9874" not in result.stderr


def test_call_command_reads_the_given_input_and_leaves_clean_text_alone() -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "scrub",
        "--explain",
        "--no-places",
        stdin=StringIO("Klotter på skolan.\n"),
        stdout=out,
        stderr=err,
    )
    assert out.getvalue() == "Klotter på skolan.\n" and err.getvalue() == ""


def test_call_command_scrubs_text_without_a_final_newline_and_keeps_it_so() -> None:
    out = StringIO()
    call_command("scrub", "--no-places", stdin=StringIO("Mejla anna@example.se"), stdout=out)
    assert out.getvalue() == "Mejla [e-post]"


def test_latin1_and_utf16_input_is_scrubbed_and_binary_input_refused() -> None:
    """Latin-1 bytes came through as escapes (a name with Ö unrecognised) and UTF-16 as letters
    between NULs: the phone number and the e-mail address were printed as they were."""
    text = "Åsa Öberg ringde från 070-123 45 67, mejla anna@example.se.\n"
    expected = "[namn] ringde från [telefonnummer], mejla [e-post].\n"
    assert scrub_text(text) == expected
    for encoding in ("latin-1", "utf-16", "utf-8-sig"):
        out = StringIO()
        call_command("scrub", "--no-places", stdin=BytesIO(text.encode(encoding)), stdout=out)
        assert out.getvalue() == expected, encoding
    with pytest.raises(CommandError, match="^standard input:1: "):
        call_command(
            "scrub", "--no-places", stdin=BytesIO(b"\x00\x01\x02binary\xff\x00"), stdout=StringIO()
        )
    # The console script reads the real standard input's bytes the same way.
    command = [str(CONSOLE_SCRIPT), "scrub", "--no-places"]
    result = subprocess.run(command, input=text.encode("utf-16"), capture_output=True, timeout=120)
    assert result.returncode == 0 and result.stdout.decode() == expected, result.stderr


PLACE_TEXT = "Larm vid Storgatan 14, ring 070-123 45 67"


@pytest.fixture
def town(db) -> Municipality:
    """A town whose place register lists the address of its bus shelter, as a report's would."""
    town = Municipality.objects.create(code="0999", name="Exempeltorp")
    Place.objects.create(
        municipality=town,
        name="Storgatan 14",
        kind=Place.Kind.ADDRESS,
        key=normalise_place_text("Storgatan 14"),
        latitude=56.015,
        longitude=13.005,
    )
    return town


def scrubbed(*args: str, text: str = PLACE_TEXT) -> str:
    out = StringIO()
    call_command("scrub", *args, stdin=StringIO(text), stdout=out)
    return out.getvalue()


def test_the_only_municipalitys_place_register_keeps_its_places_as_report_entry_does(
    town: Municipality,
) -> None:
    assert scrubbed() == "Larm vid Storgatan 14, ring [telefonnummer]"
    assert scrubbed() == Places(town).scrub(PLACE_TEXT)
    assert scrubbed("--no-places") == "Larm vid [adress], ring [telefonnummer]"


def test_with_several_municipalities_the_command_asks_which(town: Municipality) -> None:
    Municipality.objects.create(code="0998", name="Annanstad")
    with pytest.raises(CommandError, match="--municipality KOD \\(0998, 0999\\)"):
        scrubbed()
    with pytest.raises(CommandError, match="Ingen kommun har koden 1234"):
        scrubbed("--municipality", "1234")
    assert scrubbed("--municipality", "0999") == "Larm vid Storgatan 14, ring [telefonnummer]"
    # Another municipality's register does not list it.
    assert scrubbed("--municipality", "0998") == "Larm vid [adress], ring [telefonnummer]"
