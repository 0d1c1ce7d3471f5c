"""Every command's start (``lagesbild worker``, ``lagesbild check --deploy``) names a files folder
the worker cannot write: before, the worker started cleanly and every PDF and large export then
failed with "ett oväntat fel (OSError)"."""

from __future__ import annotations

from pathlib import Path

from django.core.checks import run_checks

from lagesbild.jobs.checks import FOLDER_NOT_WRITABLE, files_folder_problem


def test_a_folder_that_does_not_exist_yet_is_fine_when_it_can_be_made(tmp_path: Path) -> None:
    assert files_folder_problem(tmp_path / "data" / "files") is None
    assert not (tmp_path / "data").exists()  # the check makes nothing


def test_a_files_folder_that_cannot_be_written_is_named_at_every_start(
    tmp_path: Path, settings
) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("")  # a file where the folder should be, as a mount gone wrong leaves it
    settings.MEDIA_ROOT = blocked / "files"
    warnings = [m for m in run_checks() if m.id == FOLDER_NOT_WRITABLE]
    assert [(w.msg, w.hint) for w in warnings] == [
        (
            f"LAGESBILD_MEDIA_DIR '{blocked / 'files'}' cannot be written: "
            f"'{blocked}' is a file, not a folder.",
            "Background jobs (PDFs, large exports) fail until the worker can write there.",
        )
    ]
    settings.MEDIA_ROOT = tmp_path / "files"
    assert not [m for m in run_checks() if m.id == FOLDER_NOT_WRITABLE]
