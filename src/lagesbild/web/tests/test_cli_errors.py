"""Every command ends a bad invocation in one line on standard error and a non-zero exit code.

``BAD_INVOCATIONS`` holds, per command, wrong arguments (missing, malformed, out of range, naming
what does not exist). They run in-process with ``call_command`` against the test cast, where an
error must be a one-line ``CommandError`` and nothing else (any other exception fails the test
with its traceback). A set of them also runs through the real console script in a subprocess,
which proves the entry point (``lagesbild.cli``): exit code, one line, no "Traceback". Binary
output is refused on a terminal (a pseudo-terminal here) and still flows into a pipe.
"""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lagesbild.testing import Cast

SCRIPT = Path(sys.executable).with_name("lagesbild")
PDF_ARGS = ["week", "2024-W37", "--municipality", "0999", "--format", "pdf"]

BAD_INVOCATIONS: list[list[str]] = [
    ["week"],
    ["week", "0001-W01"],
    ["week", "9999-W60"],
    ["week", "2024-W99"],
    ["week", "vecka 37"],
    ["week", "2024-W37", "--municipality", "1234"],
    ["week", "2024-W37"],  # two municipalities in the cast: which one?
    ["week", "2024-W37", "--format", "docx"],
    ["tertial", "0001-T1"],
    ["tertial", "2024-T9"],
    ["tertial", "2024-T2", "--municipality", "1234"],
    ["createuser", "bob", "--organisation", "bevakning", "--role", "reporter"],  # no TTY
    ["createuser", "bob", "--organisation", "finns-inte", "--role", "reporter", "--password", "x"],
    ["createuser", "bob", "--organisation", "bevakning", "--role", "kung", "--password", "x"],
    ["createuser", "--organisation", "bevakning", "--role", "reporter"],
    ["import", "bra", "/finns/inte.csv", "--year", "2024"],
    ["import", "bra", "/", "--year", "2024"],
    ["import", "polisen"],
    ["import", "kolada", "--fetch"],
    ["import", "scb", "/finns/inte.json"],
    ["import", "reports", "/finns/inte.csv", "--org", "bevakning"],
    ["import", "reports", "/finns/inte.csv", "--org", "finns-inte"],
    ["import", "policeuk", "/finns/inte.json", "--municipality", "0999", "--org", "finns-inte"],
    ["import", "areas", "/finns/inte.json", "--municipality", "1234"],
    ["import", "okänd"],
    ["sync", "okänd"],
    ["sync", "scb-population", "--years", "0001-9999"],
    ["stats", "trend", "--municipality", "ingenstans", "--category", "x", "--from", "2020",
     "--to", "2021"],
    ["stats", "trend", "--municipality", "1283", "--category", "x", "--from", "1", "--to", "9"],
    ["stats", "events", "--municipality", "1283", "--from", "2024-13-01", "--to", "2024-12-31"],
    ["stats", "events", "--municipality", "1283", "--from", "0001-01-01", "--to", "9999-12-31"],
    ["report", "annual", "--municipality", "1234", "--year", "2021"],
    ["report", "annual", "--municipality", "0999", "--year", "tjugo"],
    ["report", "statutory", "--municipality", "1234", "--year", "2024"],
    ["report", "statutory", "--municipality", "0999", "--year", "1"],
    ["report", "kvartal"],
    ["evaluate", "999999"],
    ["evaluate", "abc"],
    ["goals", "--municipality", "1234"],
    ["goals", "--municipality", "0999", "--year", "0"],
    ["goals", "--municipality", "0999", "--year", "99999999"],
    ["remind", "--days", "-1"],
    ["remind", "--date", "2024-02-30"],
    ["remind", "--date", "9999-12-31"],
    ["token", "create", "--org", "finns-inte", "--name", "x", "--scope", "read"],
    ["token", "create", "--org", "bevakning"],
    ["token", "revoke", "finnsinte"],
    ["token", "list", "--org", "finns-inte"],
    ["purge_text", "--days", "0"],
    ["purge_text", "--days", "99999999999"],
    ["serve", "--port", "99999"],
    ["demo", "--port", "abc"],
    ["scrub", "--okänd"],
    ["migrate", "finnsinte"],
]  # fmt: skip


def _id(args: list[str]) -> str:
    return " ".join(args)


@pytest.mark.parametrize("args", BAD_INVOCATIONS, ids=_id)
def test_each_bad_invocation_is_one_line_command_error(cast: Cast, args: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=out, stderr=err)
    message = str(error.value)
    assert message.strip() and "\n" not in message.strip(), message
    assert "Traceback" not in out.getvalue() + err.getvalue()


def test_a_commands_error_is_its_message_alone_unless_traceback_is_asked_for(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Django's own line is "CommandError: 2024 har ingen vecka 99", a Python class's name.
    Run in-process: ``main`` patches Django's commands, undone here after the test."""
    from django.core.management.base import BaseCommand, CommandParser

    from lagesbild.cli import main

    monkeypatch.setattr(BaseCommand, "execute", BaseCommand.execute)
    monkeypatch.setattr(CommandParser, "error", CommandParser.error)
    with pytest.raises(SystemExit) as ended:
        main(["week", "2024-W99"])
    assert ended.value.code == 1
    assert capsys.readouterr().err == "lagesbild: 2024 har ingen vecka 99\n"
    with pytest.raises(CommandError, match="^2024 har ingen vecka 99$"):  # the traceback's
        main(["week", "2024-W99", "--traceback"])


def run_script(*args: str, tmp_path: Path, **kwargs) -> subprocess.CompletedProcess:
    """Run the real console script on an empty data folder (no database is needed here)."""
    env = {**os.environ, "LAGESBILD_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    return subprocess.run(
        [str(SCRIPT), *args], env=env, timeout=120, stdin=subprocess.DEVNULL, **kwargs
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["week"], "the following arguments are required: week"),
        (["week", "0001-W01"], "choose a year from 1900 to 2100"),
        (["week", "9999-W60"], "9999 har ingen vecka 60"),
        (["tertial", "2024-T9"], "är inget tertial"),
        (["createuser", "bob", "--organisation", "x", "--role", "reporter"], "give --password"),
        (["createuser", "bob", "--organisation", "x", "--role", "kung"], "invalid choice"),
        (["import", "polisen", "/finns/inte.json"], "No such file"),
        (["stats", "events", "--municipality", "1283", "--from", "0001-01-01", "--to", "x"],
         "choose a date from 1900"),
        (["serve", "--port", "99999"], "not a port"),
        (["finnsinte"], "unknown command 'finnsinte'"),
    ],
    ids=lambda value: _id(value) if isinstance(value, list) else None,
)  # fmt: skip
def test_the_console_script_ends_errors_in_one_line(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    result = run_script(*args, tmp_path=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert lines[0].startswith("lagesbild") and "CommandError" not in lines[0]


def test_an_unexpected_error_is_one_line_too_unless_traceback_is_asked_for(
    tmp_path: Path,
) -> None:
    """Without migrate the tables are missing: a database error, not a traceback."""
    args = ["week", "2024-W37", "--municipality", "0999"]
    result = run_script(*args, tmp_path=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "migrate" in result.stderr
    verbose = run_script(*args, "--traceback", tmp_path=tmp_path, capture_output=True, text=True)
    assert verbose.returncode != 0 and "Traceback" in verbose.stderr


def test_binary_output_to_a_terminal_is_refused_with_the_fix(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    try:
        result = run_script(*PDF_ARGS, tmp_path=tmp_path, stdout=follower, stderr=subprocess.PIPE)
    finally:
        os.close(follower)
        os.close(leader)
    message = result.stderr.decode()
    assert result.returncode != 0 and len(message.strip().splitlines()) == 1
    assert "-o FILE" in message and "terminal" in message


def test_binary_output_flows_into_a_pipe_or_a_file(cast: Cast, tmp_path: Path) -> None:
    piped = io.TextIOWrapper(io.BytesIO())
    call_command(*PDF_ARGS, stdout=piped)
    assert piped.buffer.getvalue().startswith(b"%PDF")
    target = tmp_path / "vecka.xlsx"
    call_command("tertial", "2024-T2", "--municipality", "0999", "--format", "xlsx",
                 "-o", str(target))  # fmt: skip
    assert target.read_bytes().startswith(b"PK\x03\x04")


def test_binary_output_to_a_stream_without_bytes_is_refused_before_it_is_built(cast: Cast) -> None:
    with pytest.raises(CommandError, match="needs -o FILE"):
        call_command(*PDF_ARGS, stdout=io.StringIO())
