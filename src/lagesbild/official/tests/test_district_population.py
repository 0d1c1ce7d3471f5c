"""Population per district: the CSV's rows checked with file:line, all or nothing, idempotent;
the command line and the data page import it the same way."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.core.parsers.common import ParseError
from lagesbild.core.parsers.district_population import parse_district_population
from lagesbild.jobs.models import Job
from lagesbild.official.district_population import import_district_population
from lagesbild.official.importing import ImportFailed
from lagesbild.official.models import DistrictPopulation
from lagesbild.testing import run_queued_jobs

GOOD = "stadsdel;år;folkmängd\nnorr;2023;12 400\nsoder;2023;8 100\nnorr;2024;12 550\n".encode()


def test_the_parser_reads_swedish_and_english_headers_in_any_order() -> None:
    parsed = parse_district_population(GOOD, "f.csv")
    assert parsed.ok
    assert [(r.code, r.year, r.population, r.line) for r in parsed.records] == [
        ("norr", 2023, 12400, 2),
        ("soder", 2023, 8100, 3),
        ("norr", 2024, 12550, 4),
    ]
    english = parse_district_population(b"\xef\xbb\xbfPopulation,Code,Year\n900,x,2020\n", "e.csv")
    assert [(r.code, r.year, r.population) for r in english.records] == [("x", 2020, 900)]


def test_every_bad_row_is_named_by_its_line() -> None:
    data = (
        "kod;år;invånare\n"
        "norr;20x3;100\n"
        ";2023;100\n"
        "norr;2023;-5\n"
        "norr;2023;1,5\n"
        "soder;1800;100\n"
        "soder;2023;100\n"
        "soder;2023;200\n"
        "norr;2023\n"
    ).encode()
    errors = [(e.line, e.reason) for e in parse_district_population(data, "f.csv").errors]
    assert [line for line, _ in errors] == [2, 3, 4, 5, 6, 8, 9]
    assert "'20x3' är inget årtal" in errors[0][1]
    assert errors[1][1] == "stadsdelskod saknas"
    assert "saknas eller är negativ" in errors[2][1]
    assert "är inget heltal" in errors[3][1]
    assert "utanför 1900–2100" in errors[4][1]
    assert errors[5][1] == "soder 2023 står redan på rad 7"
    assert errors[6][1] == "2 fält där rubrikraden har 3"


def test_a_header_without_the_columns_is_refused_at_its_line() -> None:
    with pytest.raises(ParseError, match=r"f\.csv:1: rubrikraden ska ha exakt en kolumn för år"):
        parse_district_population(b"stadsdel;folkm\xc3\xa4ngd\nnorr;1\n", "f.csv")
    with pytest.raises(ParseError, match="filen är tom"):
        parse_district_population(b"\n\n", "f.csv")


def test_the_import_is_all_or_nothing_and_idempotent(cast: Any) -> None:
    town = cast.norr.municipality
    bad = GOOD + b"mitt;2023;5000\n"  # the other municipality's district
    summary = import_district_population(bad, "f.csv", town)
    assert not summary.ok and summary.created == 0
    assert [(e.line, e.reason) for e in summary.errors] == [
        (5, "ingen stadsdel med koden 'mitt' i Exempeltorp (0999)")
    ]
    assert not DistrictPopulation.objects.exists()

    dry = import_district_population(GOOD, "f.csv", town, dry_run=True)
    assert (dry.created, dry.dry_run) == (3, True) and not DistrictPopulation.objects.exists()
    first = import_district_population(GOOD, "f.csv", town, actor=cast.cecilia)
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    again = import_district_population(GOOD, "f.csv", town)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = import_district_population(b"stadsdel;ar;folkmangd\nnorr;2024;12600\n", "g.csv", town)
    assert (changed.created, changed.updated) == (0, 1)
    row = DistrictPopulation.objects.get(area=cast.norr, year=2024)
    assert (row.population, row.source) == (12600, "g.csv")
    assert AuditEntry.objects.filter(action="lagesbild.import.district-population").count() == 3


def test_the_command_imports_and_reports_errors_with_file_and_line(cast: Any, tmp_path) -> None:
    good, bad = tmp_path / "bef.csv", tmp_path / "fel.csv"
    good.write_bytes(GOOD)
    bad.write_bytes(b"stadsdel;\xc3\xa5r;folkm\xc3\xa4ngd\nnorr;2023;many\n")
    call_command("import", "district-population", str(good), "--municipality", "0999")
    assert DistrictPopulation.objects.count() == 3
    with pytest.raises(CommandError, match="inget importerat"):
        call_command("import", "district-population", str(bad), "--municipality", "0999")
    with pytest.raises(CommandError, match="no municipality with code '1234'"):
        call_command("import", "district-population", str(good), "--municipality", "1234")
    with pytest.raises(ImportFailed):
        import_district_population(b"nothing;here\n1;2\n", "x.csv", cast.norr.municipality)


def test_the_data_page_previews_and_imports_it_as_a_job(cast: Any) -> None:
    client = Client()
    client.force_login(cast.cecilia)
    data = reverse("official-data")
    form = {
        "source": "district-population",
        "file": SimpleUploadedFile("folkmangd.csv", GOOD),
        "preview": "1",
    }
    preview = client.post(data, form)
    assert preview.status_code == 200 and preview.context["summary"].created == 3
    confirm = {k: v for k, v in preview.context["confirm"].initial.items() if v is not None}
    client.post(data, {**confirm, "import": "1"})
    assert run_queued_jobs() == 1
    assert Job.objects.get().status == Job.Status.DONE
    assert DistrictPopulation.objects.filter(area__municipality__code="0999").count() == 3
    wrong = client.post(
        data,
        {
            "source": "district-population",
            "file": SimpleUploadedFile(
                "fel.csv", "stadsdel;år;folkmängd\nnowhere;2023;1\n".encode()
            ),
            "preview": "1",
        },
    )
    page = wrong.content.decode()
    assert (
        "fel.csv:2" in page
        and "ingen stadsdel med koden" in page
        and "confirm" not in wrong.context
    )
