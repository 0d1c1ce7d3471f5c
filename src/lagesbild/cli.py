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
    "migrate": "create or update the database tables",
    "createuser": "create a user with an organisation and a role",
    "week": "print the weekly lägesbild for an ISO week as JSON or HTML",
}


def usage() -> str:
    lines = ["usage: lagesbild COMMAND [options]", "", "Commands:"]
    lines += [f"  {name:<12}{text}" for name, text in COMMANDS.items()]
    lines += ["", "Every command has --help. 'lagesbild help' lists all commands, Django's included."]
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
