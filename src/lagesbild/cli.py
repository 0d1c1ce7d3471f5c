"""The ``lagesbild`` command: Django's management commands under one name.

``lagesbild demo``, ``lagesbild week 2024-W37``, ``lagesbild migrate``… Errors end in one line
on standard error and a non-zero exit code.
"""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "demo": "create the demo municipality Exempelstad and serve it on http://127.0.0.1:8000",
    "serve": "serve the web app (development server; use gunicorn in production)",
    "worker": "run background jobs (PDFs, large exports) and the schedule; next to the server",
    "migrate": "create or update the database tables",
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
    "remind": "e-mail owners about measures due soon (for a daily cron)",
    "token": "create, list and revoke API tokens of organisations",
    "scrub": "read text on standard input and print it with personal data removed",
    "purge_text": "remove free text older than the retention period (for a daily cron)",
}


def usage() -> str:
    lines = ["usage: lagesbild COMMAND [options]", "", "Commands:"]
    lines += [f"  {name:<12}{text}" for name, text in COMMANDS.items()]
    lines += [
        "",
        "Every command has --help. 'lagesbild help' lists all commands, Django's included.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help"}:
        print(usage())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lagesbild.settings")
    from lagesbild.env import ConfigError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["lagesbild", *args])
    except ConfigError as exc:
        sys.stderr.write(f"lagesbild: configuration error: {exc}\n")
        sys.exit(2)
