"""``lagesbild import``: thin, one line per outcome, non-zero exit on bad rows, --help."""

from __future__ import annotations

import gzip
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lagesbild.core.tests.samples import sample_path
from lagesbild.official.models import OfficialStatistic, PoliceEvent


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_a_gzipped_snapshot_imports_and_the_second_run_reports_it_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "events.json.gz"
    path.write_bytes(gzip.compress(sample_path("polisen", "events-dnouri.json").read_bytes()))
    first, _ = _run("polisen", str(path))
    second, _ = _run("polisen", str(path))
    assert "500 nya" in first and "0 nya, 0 uppdaterade, 500 oförändrade" in second
    assert PoliceEvent.objects.count() == 500


@pytest.mark.django_db
def test_the_brå_extract_is_recognised_and_a_dry_run_writes_nothing() -> None:
    path = str(sample_path("bra", "lulea-statistik-BR-brottsstatistik-latest.csv"))
    out, _ = _run("bra", path, "--dry-run")
    assert out.startswith("Provkörning") and not OfficialStatistic.objects.exists()
    out, _ = _run("bra", path)
    assert (
        OfficialStatistic.objects.get(municipality_code="2580", series="Totalt antal brott").value
        == 652
    )


@pytest.mark.django_db
def test_bad_rows_are_listed_on_stderr_and_the_command_fails(tmp_path: Path) -> None:
    path = tmp_path / "kommuner.csv"
    path.write_text("Kommun;Antal;Per 100 000 inv.\nHelsingborg;100;50\nLund;många;3\n", "utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 felaktiga rader; inget importerat"):
        call_command("import", "bra", str(path), "--year", "2024", stderr=err)
    assert err.getvalue().startswith("kommuner.csv:3: Antal")
    assert not OfficialStatistic.objects.exists()


@pytest.mark.django_db
def test_unreadable_input_ends_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        _run("polisen", str(tmp_path / "saknas.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("[{", "utf-8")
    with pytest.raises(CommandError, match="ogiltig JSON"):
        _run("polisen", str(broken))
    with pytest.raises(CommandError, match="--year"):
        _run("bra", str(broken))


@pytest.mark.parametrize(
    "args",
    [
        ["import", "--help"],
        ["import", "bra", "--help"],
        ["import", "polisen", "--help"],
        ["import", "kolada", "--help"],
        ["import", "scb", "--help"],
        ["stats", "trend", "--help"],
        ["stats", "events", "--help"],
    ],
)
def test_every_command_and_subcommand_has_help(args: list[str]) -> None:
    # The real console script: also proves that a command module named "import" loads.
    script = Path(sys.executable).with_name("lagesbild")
    result = subprocess.run([str(script), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "usage: lagesbild" in result.stdout
