"""The daily review reminder: coordinators hear how many partner reports wait for them.

Where unreviewed reports do not count (the default, ``Municipality.counts_unreviewed``), a report
is in no figure until a coordinator accepts it, so a queue left alone makes the week look quieter
than it is. The shipped schedule runs ``lagesbild review_reminder`` every morning.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from lagesbild.areas.models import Municipality
from lagesbild.organisations.access import manager_emails
from lagesbild.reports.models import Report


@dataclass(frozen=True)
class ReviewReminder:
    municipality: Municipality
    pending: int
    emails: tuple[str, ...]


def pending_by_municipality() -> dict[int, int]:
    """Return how many reports wait for review, per municipality that has any."""
    rows = (
        Report.objects.filter(review_status=Report.Review.PENDING)
        .values("municipality_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["municipality_id"]: row["n"] for row in rows}


def review_reminders() -> list[ReviewReminder]:
    """Return one reminder per municipality with reports waiting, to its coordinators."""
    pending = pending_by_municipality()
    municipalities = Municipality.objects.filter(pk__in=pending).order_by("name")
    return [ReviewReminder(m, pending[m.pk], tuple(manager_emails(m.pk))) for m in municipalities]


def _text(reminder: ReviewReminder, base_url: str) -> tuple[str, str]:
    municipality = reminder.municipality
    subject = f"Lägesbild {municipality.name}: {reminder.pending} rapporter väntar på granskning"
    counting = (
        "De räknas redan i lägesbilden, men kan vara fel tills de granskats."
        if municipality.counts_unreviewed
        else "De räknas inte i lägesbilden förrän de godkänts."
    )
    link = f"{base_url.rstrip('/')}{reverse('review-queue')}?kommun={municipality.code}"
    body = (
        f"{reminder.pending} rapporter väntar på granskning i {municipality.name}. {counting}\n\n"
    )
    return subject, body + f"Granska dem här: {link}\n"


def send_review_reminders(*, dry_run: bool = False, base_url: str = "") -> list[ReviewReminder]:
    """E-mail each municipality's coordinators about the reports waiting for review."""
    reminders = review_reminders()
    if dry_run:
        return reminders
    with translation.override("sv"):
        for reminder in reminders:
            if reminder.emails:
                subject, body = _text(reminder, base_url)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, list(reminder.emails))
    return reminders
