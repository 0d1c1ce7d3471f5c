from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve the web app on http://127.0.0.1:8000 "
        "(development server; use gunicorn in production)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--reload", action="store_true", help="restart when code changes")

    def handle(self, *args, **options) -> None:
        call_command(
            "runserver", f"{options['host']}:{options['port']}", use_reloader=options["reload"]
        )
