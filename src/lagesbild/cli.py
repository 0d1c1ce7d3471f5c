"""The ``lagesbild`` command: Django's management commands under one name.

``lagesbild demo``, ``lagesbild week 2024-W37``, ``lagesbild migrate``… Errors end in one line
on standard error and a non-zero exit code.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

from django.core.management.base import CommandError

COMMANDS = {
    "demo": "create the demo municipality Exempelstad and serve it on http://127.0.0.1:8000",
    "serve": "serve the web app (development server; use gunicorn in production)",
    "worker": "run background jobs (PDFs, large exports) and the schedule; next to the server",
    "migrate": "create or update the database tables",
    "municipality": "set up a municipality with its own and the police's organisation: add | list",
    "createuser": "create a user with an organisation and a role",
    "week": "the weekly lägesbild for an ISO week (json, html, pdf)",
    "tertial": "the tertial analysis, e.g. 2024-T2 (json, html, pdf, xlsx)",
    "import": (
        "import bra | polisen | kolada | scb | reports | policeuk | areas from files or --fetch"
    ),
    "sync": "fetch new data for cron: polisen | kolada | scb-population",
    "stats": "statistics queries: trend | events (--json)",
    "report": "documents: annual | press | statutory (pdf, html, docx, json)",
    "evaluate": "evaluate a measure against its control and buffer areas",
    "goals": "the agreement's goals and the status of their indicators",
    "remind": "freeze due evaluation baselines, e-mail owners about measures due (daily)",
    "token": "create, list and revoke API tokens of organisations",
    "reset2fa": "reset a user's two-factor login (a lost phone): they set it up again",
    "scrub": "read text on standard input and print it with personal data removed, the "
    "municipality's public places kept (--municipality CODE, --no-places)",
    "purge_text": "remove free text older than the retention period (for a daily cron)",
    "rescrub": "scrub stored report texts and upload file names again after the scrubber "
    "learned more (--dry-run)",
    "rollup": "rebuild the counted-report rollup: rollup rebuild [--municipality CODE]",
    "repair_areas": "give reports naming another municipality's district their own (--dry-run)",
    "gazetteer": "named places and addresses: gazetteer import FILE | regeocode (--municipality)",
}


def usage() -> str:
    lines = ["usage: lagesbild COMMAND [options]", "", "Commands:"]
    width = max(map(len, COMMANDS)) + 2  # 'municipality' ran into its text at a fixed 12
    lines += [f"  {name:<{width}}{text}" for name, text in COMMANDS.items()]
    lines += [
        "",
        "Every command has --help. 'lagesbild help' lists all commands, Django's included.",
    ]
    return "\n".join(lines)


def _one_line_parser_errors() -> None:
    """Make option errors one line naming --help, instead of argparse's usage block and the error.

    Django's parser prints the whole usage (often five lines of common options) before the
    message; the ``lagesbild`` command prints only the message and where help is.
    """
    from django.core.management.base import CommandParser

    def error(parser: CommandParser, message: str) -> NoReturn:
        if not parser.called_from_command_line:
            raise CommandError(f"Error: {message}")
        parser.exit(2, f"{parser.prog}: error: {message} (see {parser.prog} --help)\n")

    CommandParser.error = error  # type: ignore[method-assign, assignment]


class _CommandFailed(Exception):
    """A command's ``CommandError`` on its way past Django to ``main``, which says it in one line.

    Django's ``run_from_argv`` prints a ``CommandError`` itself as "CommandError: <message>",
    naming a Python class to the user; this type is no ``CommandError``, so it gets through.
    """

    def __init__(self, error: CommandError) -> None:
        super().__init__(str(error))
        self.error = error


def _plain_command_errors() -> None:
    """Let a command's errors reach ``main`` (one line, the message alone) instead of Django's
    "CommandError: …" line. ``--traceback`` and commands run by other commands (``call_command``,
    tests) keep the ``CommandError``; the system checks keep their own report.
    """
    from django.core.management.base import BaseCommand, SystemCheckError

    execute = BaseCommand.execute
    if getattr(execute, "plain_errors", False):  # main ran before in this process (tests)
        return

    def execute_plainly(self: BaseCommand, *args: Any, **options: Any) -> str | None:
        try:
            return execute(self, *args, **options)
        except SystemCheckError:
            raise
        except CommandError as error:
            if options.get("traceback") or not getattr(self, "_called_from_command_line", False):
                raise
            raise _CommandFailed(error) from error

    execute_plainly.plain_errors = True  # type: ignore[attr-defined]
    BaseCommand.execute = execute_plainly  # type: ignore[method-assign]


def _refuse_unknown_command(args: list[str]) -> None:
    """Refuse a command that does not exist in one line (Django's answer takes two)."""
    import django
    from django.core.management import get_commands

    django.setup()
    name = args[1] if args[0] == "help" and len(args) > 1 else args[0]
    if name.startswith("-") or name in {"help", "version"} or name in get_commands():
        return
    _fail(f"unknown command {name!r}; 'lagesbild --help' lists the commands", 1)


def _one_line(exc: BaseException) -> tuple[str, int]:
    """Return the one-line message and exit code for an error a command let through."""
    from django.core.exceptions import ValidationError
    from django.db import DatabaseError

    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", 130
    if isinstance(exc, EOFError):
        return "standard input ended before the answer was read (no terminal?)", 2
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages), 2
    if isinstance(exc, UnicodeError):
        return f"text cannot be read or written in this encoding: {exc}", 2
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}", 2
    if isinstance(exc, DatabaseError):
        hint = " (has 'lagesbild migrate' been run?)" if "no such table" in str(exc) else ""
        return f"database error: {exc}{hint}", 1
    if isinstance(exc, ValueError):  # ParseError, ImportFailed's kin, WeekError, TertialError …
        return str(exc), 2
    return f"unexpected error {type(exc).__name__}: {exc} (run again with --traceback)", 1


def _fail(message: str, code: int) -> NoReturn:
    # Messages built from user input or exceptions may span lines; the error stays one line.
    sys.stderr.write(f"lagesbild: {' '.join(message.split())}\n")
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Run a command; every error ends in one line on standard error and a non-zero exit code.

    ``--traceback`` shows the full traceback instead, as Django's commands do.
    """
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help"}:
        print(usage())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lagesbild.settings")
    from lagesbild.env import ConfigError

    try:
        from django.core.management import execute_from_command_line

        _one_line_parser_errors()
        _plain_command_errors()
        _refuse_unknown_command(args)
        execute_from_command_line(["lagesbild", *args])
    except ConfigError as exc:
        _fail(f"configuration error: {exc}", 2)
    except BrokenPipeError:
        # The reader (head, less) has gone: not an error of ours; keep Python's flush quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except _CommandFailed as failed:
        _fail(str(failed.error), failed.error.returncode)
    except CommandError as exc:  # raised before a command ran (the parser), or --traceback
        if "--traceback" in args:
            raise
        _fail(str(exc), exc.returncode)
    except (Exception, KeyboardInterrupt) as exc:
        if "--traceback" in args:
            raise
        _fail(*_one_line(exc))
