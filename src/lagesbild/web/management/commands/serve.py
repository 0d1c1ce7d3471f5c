from __future__ import annotations

import argparse

from django.core.management import call_command
from django.core.management.base import BaseCommand


def port_number(text: str) -> int:
    """Return a TCP port from 1 to 65535 (an argparse type)."""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port from 1 to 65535")
    return int(text)


class Command(BaseCommand):
    help = (
        "Serve the web app on http://127.0.0.1:8000 "
        "(development server; use gunicorn in production)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=port_number, default=8000)
        parser.add_argument("--reload", action="store_true", help="restart when code changes")

    def handle(self, *args, **options) -> None:
        call_command(
            "runserver", f"{options['host']}:{options['port']}", use_reloader=options["reload"]
        )
