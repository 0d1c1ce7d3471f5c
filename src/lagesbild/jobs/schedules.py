"""The shipped schedule: what runs by itself once `lagesbild worker` runs, so nobody needs cron.

The schedules are created after every ``migrate`` (``ensure_schedules``), idempotently by name.
What they run (``func``, ``args``) belongs to the code and is kept up to date; when they run
(``next_run``, the interval) belongs to the operator, who may change it in the admin under
*Bakgrundsjobb → Scheduled tasks*, and is left alone once created.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django_q.models import Schedule

from lagesbild.jobs.services import purge_results
from lagesbild.jobs.uploads import purge_stale_uploads

logger = logging.getLogger(__name__)
HERE = "lagesbild.jobs.schedules"


# --- what the schedules run ----------------------------------------------------------------


def run_command(name: str, *args: str) -> str:
    """Run ``lagesbild NAME ARGS`` and return what it printed (kept with the task's result)."""
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=out)
    return out.getvalue()


def sync_police() -> str:
    """``lagesbild sync polisen`` for the municipalities in LAGESBILD_POLICE_SYNC, if any."""
    locations = settings.LAGESBILD_POLICE_SYNC
    if not locations:
        message = "LAGESBILD_POLICE_SYNC is empty: no municipality's police events to sync"
        logger.info(message)
        return message
    args = [part for location in locations for part in ("--location", location)]
    return run_command("sync", "polisen", *args)


def rebuild_rollups() -> str:
    """``lagesbild rollup rebuild``, in installations that have that command."""
    if "rollup" not in get_commands():
        message = "lagesbild rollup is not part of this installation: nothing to rebuild"
        logger.info(message)
        return message
    return run_command("rollup", "rebuild")


def purge_job_files() -> str:
    return (
        f"{purge_results()} job files removed, "
        f"{purge_stale_uploads()} uploads that waited longer than a day removed"
    )


# --- the schedule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Shipped:
    name: str
    func: str
    args: tuple[str, ...]
    hourly: bool  # else daily
    at: time  # daily: the local time; hourly: the minute past each hour

    def first_run(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        if self.hourly:
            start = local.replace(minute=self.at.minute, second=0, microsecond=0)
            return start if start > local else start + timedelta(hours=1)
        start = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return start if start > local else start + timedelta(days=1)


SHIPPED = (
    Shipped("lagesbild: polisens händelser", f"{HERE}.sync_police", (), True, time(0, 7)),
    Shipped("lagesbild: sammanställningar", f"{HERE}.rebuild_rollups", (), False, time(2, 30)),
    Shipped(
        "lagesbild: gallring av fritext", f"{HERE}.run_command", ("purge_text",), False, time(3, 15)
    ),  # fmt: skip
    Shipped("lagesbild: gallring av jobbfiler", f"{HERE}.purge_job_files", (), False, time(3, 45)),
    Shipped(
        "lagesbild: påminnelser om åtgärder", f"{HERE}.run_command", ("remind",), False, time(7, 0)
    ),  # fmt: skip
    Shipped(
        "lagesbild: påminnelse om granskning",
        f"{HERE}.run_command",
        ("review_reminder",),
        False,
        time(7, 15),
    ),
)
# A failed scheduled run is recorded (admin: Failed tasks) and not retried: the next one comes.
Q_OPTIONS = repr({"q_options": {"ack_failure": True}})


def ensure_schedules(sender: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Create the shipped schedules that are missing and keep what they run up to date."""
    if Schedule._meta.db_table not in connections[using].introspection.table_names():
        return  # django_q is not migrated (yet) in this database
    now = timezone.now()
    for shipped in SHIPPED:
        what = {"func": shipped.func, "args": repr(shipped.args) if shipped.args else None}
        schedule, created = Schedule.objects.using(using).get_or_create(
            name=shipped.name,
            defaults={
                **what,
                "kwargs": Q_OPTIONS,
                "schedule_type": Schedule.HOURLY if shipped.hourly else Schedule.DAILY,
                "repeats": -1,
                "next_run": shipped.first_run(now),
            },
        )
        if not created and (schedule.func, schedule.args) != (what["func"], what["args"]):
            Schedule.objects.using(using).filter(pk=schedule.pk).update(**what)
