"""``lagesbild worker``: run the background jobs and the shipped schedule (django-q2's cluster)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run background jobs (PDFs, large exports, statutory drafts) and the schedule (police "
        "events, reminders, retention) until stopped with Ctrl-C or SIGTERM. The queue is in the "
        "database: run one or more workers next to the web server, on any host that reaches it. "
        "A job whose worker died is run again after LAGESBILD_JOB_RETRY seconds."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Imported here: django_q's cluster module reads its settings when imported.
        from django_q.cluster import Cluster

        self.stdout.write(
            f"lagesbild worker: {settings.LAGESBILD_JOB_WORKERS} worker process(es); a job stops "
            f"after {settings.LAGESBILD_JOB_TIMEOUT} s and is run again after "
            f"{settings.LAGESBILD_JOB_RETRY} s if its worker died; Ctrl-C stops."
        )
        self.stdout.flush()
        Cluster().start()
