"""E-mail the owner organisation about measures that are due soon or overdue, once a day at most."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from lagesbild.audit.services import log_action
from lagesbild.measures.models import Measure, MeasureReminder
from lagesbild.organisations.access import member_emails

REMINDED = "lagesbild.measure.reminded"
DEFAULT_DAYS = 3


@dataclass
class Reminder:
    """One measure to remind about and who would get the e-mail."""

    measure: Measure
    emails: list[str]
    overdue: bool
    already_sent: bool = False

    @property
    def due_date(self) -> date:
        """The measure's due date: ``due_measures`` finds only measures with one."""
        due = self.measure.due_date
        assert due is not None
        return due


@dataclass
class ReminderRun:
    """What a run did (or, with dry_run, would do)."""

    today: date
    dry_run: bool
    reminders: list[Reminder] = field(default_factory=list)

    @property
    def sent(self) -> list[Reminder]:
        return [r for r in self.reminders if not r.already_sent and r.emails]


def due_measures(today: date, days: int) -> QuerySet:
    """Return open measures with an owner that are due within ``days`` days or overdue."""
    return (
        Measure.objects.filter(
            status__in=Measure.OPEN_STATUSES,
            owner__isnull=False,
            due_date__lte=today + timedelta(days=days),
        )
        .select_related("owner", "municipality")
        .order_by("due_date", "pk")
    )


def owner_emails(measure: Measure) -> list[str]:
    """Return the e-mail addresses of the owner organisation's active members: an ended
    membership gets no more reminders."""
    return member_emails(measure.owner_id) if measure.owner_id is not None else []


def _message(reminder: Reminder, today: date, base_url: str, email: str) -> EmailMultiAlternatives:
    measure = reminder.measure
    context = {
        "measure": measure,
        "overdue": reminder.overdue,
        "days_left": (reminder.due_date - today).days,
        "url": base_url.rstrip("/") + reverse("measure-detail", args=[measure.pk]),
    }
    subject = " ".join(render_to_string("emails/measure_due_subject.txt", context).split())
    text = render_to_string("emails/measure_due_body.txt", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [email])
    message.attach_alternative(
        render_to_string("emails/measure_due_body.html", context), "text/html"
    )
    return message


def _send(reminder: Reminder, today: date, base_url: str) -> bool:
    """Record the reminder and send it; False if it was already sent today (by any run)."""
    try:
        with transaction.atomic():
            MeasureReminder.objects.create(
                measure=reminder.measure, sent_on=today, recipients=len(reminder.emails)
            )
            # Sent inside the transaction: if the mail server fails, the row goes too and a
            # later run the same day tries again.
            for email in reminder.emails:
                _message(reminder, today, base_url, email).send()
            log_action(
                None,
                REMINDED,
                reminder.measure,
                {
                    "recipients": len(reminder.emails),
                    "due_date": reminder.due_date.isoformat(),
                },
            )
    except IntegrityError:
        return False
    return True


def send_due_reminders(
    today: date, days: int = DEFAULT_DAYS, *, dry_run: bool = False, base_url: str = ""
) -> ReminderRun:
    """Remind owners of measures due within ``days`` days or overdue, once per measure and day."""
    run = ReminderRun(today=today, dry_run=dry_run)
    sent_today = set(
        MeasureReminder.objects.filter(sent_on=today).values_list("measure_id", flat=True)
    )
    for measure in due_measures(today, days):
        reminder = Reminder(
            measure=measure,
            emails=owner_emails(measure),
            overdue=measure.is_overdue(today),
            already_sent=measure.pk in sent_today,
        )
        run.reminders.append(reminder)
        if dry_run or reminder.already_sent or not reminder.emails:
            continue
        reminder.already_sent = not _send(reminder, today, base_url)
    return run
