"""The shipped schedule exists after ``migrate``, is created once, and each entry runs."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.management import get_commands
from django.utils import timezone
from django_q.models import Schedule

from lagesbild.audit.models import AuditEntry
from lagesbild.jobs import schedules
from lagesbild.testing import STOCKHOLM, run_queued_jobs

NAMES = {s.name for s in schedules.SHIPPED}


def test_the_schedule_exists_after_migrate(db) -> None:
    # The test database was made by `migrate`, whose post_migrate signal created them.
    assert set(Schedule.objects.values_list("name", flat=True)) == NAMES
    police = Schedule.objects.get(name="lagesbild: polisens händelser")
    assert (police.func, police.schedule_type) == ("lagesbild.jobs.schedules.sync_police", "H")
    purge = Schedule.objects.get(name="lagesbild: gallring av fritext")
    assert (purge.func, purge.args, purge.schedule_type) == (
        "lagesbild.jobs.schedules.run_command", "('purge_text',)", "D",
    )  # fmt: skip
    # Each first run is the next time of day (or minute of the hour) after the moment of creation.
    # (Not compared with "now": the test database may have been migrated before 16:07, the test run
    # after it, when the hourly sync is already due.)
    for now in (timezone.now(), datetime(2026, 12, 3, 16, 6, 59, tzinfo=STOCKHOLM)):
        for shipped in schedules.SHIPPED:
            first = shipped.first_run(now)
            limit = timedelta(hours=1) if shipped.hourly else timedelta(days=1)
            assert now < first <= now + limit, (shipped.name, now, first)


def test_creating_the_schedule_again_keeps_the_operators_times_and_updates_what_runs(db) -> None:
    later = timezone.now() + timedelta(days=3)
    Schedule.objects.filter(name="lagesbild: påminnelser om åtgärder").update(
        next_run=later, func="lagesbild.old.remind"
    )
    schedules.ensure_schedules()
    schedules.ensure_schedules()
    assert Schedule.objects.count() == len(NAMES)
    remind = Schedule.objects.get(name="lagesbild: påminnelser om åtgärder")
    assert remind.func == "lagesbild.jobs.schedules.run_command" and remind.next_run == later


def test_the_first_run_is_the_next_time_of_day() -> None:
    nightly = schedules.Shipped("x", "f", (), False, datetime.min.time().replace(hour=3))
    assert nightly.first_run(datetime(2024, 9, 11, 2, 0, tzinfo=STOCKHOLM)) == datetime(
        2024, 9, 11, 3, 0, tzinfo=STOCKHOLM
    )
    assert nightly.first_run(datetime(2024, 9, 11, 3, 0, tzinfo=STOCKHOLM)) == datetime(
        2024, 9, 12, 3, 0, tzinfo=STOCKHOLM
    )
    hourly = schedules.Shipped("x", "f", (), True, datetime.min.time().replace(minute=7))
    assert hourly.first_run(datetime(2024, 9, 11, 2, 30, tzinfo=STOCKHOLM)) == datetime(
        2024, 9, 11, 3, 7, tzinfo=STOCKHOLM
    )


# The scheduler commits; serialized_rollback puts the migrated rows (categories, the schedule,
# content types) back afterwards without post_migrate, as the browser tests expect them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_scheduled_entry_runs_when_due(settings) -> None:
    """django-q2's scheduler queues each due entry; the tasks run as the worker runs them."""
    from django_q.scheduler import scheduler

    settings.LAGESBILD_POLICE_SYNC = []
    Schedule.objects.update(next_run=timezone.now() - timedelta(minutes=1))
    scheduler()
    # Each first run is the next time of day (or minute of the hour) after the moment of creation.
    # (Not compared with "now": the test database may have been migrated before 16:07, the test run
    # after it, when the hourly sync is already due.)
    for now in (timezone.now(), datetime(2026, 12, 3, 16, 6, 59, tzinfo=STOCKHOLM)):
        for shipped in schedules.SHIPPED:
            first = shipped.first_run(now)
            limit = timedelta(hours=1) if shipped.hourly else timedelta(days=1)
            assert now < first <= now + limit, (shipped.name, now, first)
    assert run_queued_jobs() == len(NAMES)
    assert AuditEntry.objects.filter(action="lagesbild.text.purged").count() == 1


def test_the_police_sync_says_why_it_does_nothing_when_no_municipality_asked_for_it(
    settings,
) -> None:
    settings.LAGESBILD_POLICE_SYNC = []
    assert "LAGESBILD_POLICE_SYNC is empty" in schedules.sync_police()


@pytest.mark.django_db
def test_the_rollups_are_rebuilt_only_where_the_command_exists() -> None:
    if "rollup" in get_commands():
        schedules.rebuild_rollups()  # the command's own tests say what it does
    else:
        assert "not part of this installation" in schedules.rebuild_rollups()
