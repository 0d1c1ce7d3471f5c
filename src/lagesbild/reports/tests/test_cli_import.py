from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lagesbild.reports.cli import run_import_reports
from lagesbild.reports.importing import DEFAULT_COLUMNS
from lagesbild.reports.models import ImportMapping, Report
from lagesbild.testing import Cast

HEADER = ";".join(DEFAULT_COLUMNS.values())
GOOD_ROW = "A-1;klotter;2024-09-11 22:15;;;;Norr;;;;"
BAD_ROW = "A-2;okänd;2024-09-11 22:15;;;;Norr;;;;"


def write(tmp_path: Path, *rows: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(path: Path, **options) -> tuple[int, str]:
    out = StringIO()
    code = run_import_reports({"file": str(path), "org": "bevakning", **options}, out)
    return code, out.getvalue()


def test_the_command_imports_a_file_and_says_what_it_did(cast: Cast, tmp_path: Path) -> None:
    code, output = run(write(tmp_path, GOOD_ROW))
    assert code == 0 and "1 created" in output and Report.objects.count() == 1


def test_rejected_rows_are_named_by_file_and_line_and_exit_non_zero(
    cast: Cast, tmp_path: Path
) -> None:
    code, output = run(write(tmp_path, GOOD_ROW, BAD_ROW))
    assert code == 1 and "export.csv:3: Kategori: okänd kategori 'okänd'" in output
    assert "nothing imported" in output and not Report.objects.exists()


def test_quarantine_and_dry_run_are_passed_on(cast: Cast, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_ROW, BAD_ROW)
    assert run(path, quarantine=True, dry_run=True)[0] == 1 and not Report.objects.exists()
    code, output = run(path, quarantine=True)
    assert code == 1 and "1 quarantined" in output and Report.objects.count() == 1


def test_a_saved_mapping_is_chosen_by_name(cast: Cast, tmp_path: Path) -> None:
    ImportMapping.objects.create(
        organisation=cast.bevakning,
        name="vakt",
        columns={"category": "Typ", "occurred_from": "Tid", "district": "Område"},
        date_format="%d/%m/%Y %H.%M",
    )
    path = tmp_path / "vakt.csv"
    path.write_text("Typ,Tid,Område\nklotter,11/09/2024 22.15,Söder\n", encoding="utf-8")
    assert run(path, mapping="vakt")[0] == 0 and Report.objects.get().area == cast.soder
    code, output = run(path, mapping="saknas")
    assert code == 2 and "known: vakt" in output


def test_unknown_organisations_and_missing_files_exit_2(cast: Cast, tmp_path: Path) -> None:
    assert run(write(tmp_path, GOOD_ROW), org="finns-inte")[0] == 2
    assert run(tmp_path / "saknas.csv")[0] == 2


def test_lagesbild_import_reports_runs_the_same_code(cast: Cast, tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "import", "reports", str(write(tmp_path, GOOD_ROW)), "--org", "bevakning", stdout=out
    )
    assert "1 created" in out.getvalue()
    with pytest.raises(CommandError) as error:
        call_command(
            "import", "reports", str(write(tmp_path, BAD_ROW)), "--org", "bevakning", stdout=out
        )
    assert error.value.returncode == 1
