from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureQuerySet(models.QuerySet):
    def overdue(self, on: date) -> MeasureQuerySet:
        """The measures ``Measure.is_overdue`` on ``on``, as a query."""
        return self.filter(status__in=Measure.OPEN_STATUSES, due_date__lt=on)


class Measure(models.Model):
    """A measure (åtgärd) decided by the partners, with one owner organisation."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Föreslagen")
        DECIDED = "decided", _("Beslutad")
        ONGOING = "ongoing", _("Pågående")
        DONE = "done", _("Genomförd")
        CANCELLED = "cancelled", _("Avbruten")

    OPEN_STATUSES = (Status.PROPOSED, Status.DECIDED, Status.ONGOING)
    CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.PROTECT, related_name="measures"
    )
    title = models.CharField(_("åtgärd"), max_length=200)
    problem = models.TextField(_("problem"), blank=True)
    cause = models.TextField(_("orsak"), blank=True)
    operational_goal = models.TextField(_("operativt mål"), blank=True)
    areas = models.ManyToManyField("areas.Area", blank=True, related_name="measures")
    categories = models.ManyToManyField("categories.Category", blank=True, related_name="+")
    owner = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_measures",
        verbose_name=_("ansvarig organisation"),
    )
    partners = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="partner_measures"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    decided_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    done_date = models.DateField(_("genomförd"), null=True, blank=True)
    follow_up = models.TextField(_("uppföljning"), blank=True)
    source_reports = models.ManyToManyField(
        "reports.Report", blank=True, related_name="measures", verbose_name=_("bygger på rapporter")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "title"]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, on: date) -> bool:
        """Whether the measure is late on ``on``: still open after its due date (one done or
        cancelled is not late; one due on ``on`` is not late yet)."""
        return self.is_open and self.due_date is not None and self.due_date < on


class MeasureChange(models.Model):
    """One change to a measure: what changed, from what to what, by whom and when."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(_("ändringar"), default=dict, help_text="{field: [before, after]}")
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)

    class Meta:
        ordering = ["measure", "at"]
        verbose_name = _("ändring av åtgärd")
        verbose_name_plural = _("ändringar av åtgärder")

    def __str__(self) -> str:
        return f"{self.measure} {self.at:%Y-%m-%d %H:%M}"


class MeasureEvaluation(models.Model):
    """How a measure is evaluated: target, control and buffer areas, before and after periods.

    The baseline counts are frozen once the measure is decided and the before period has ended,
    so later edits cannot move them (``evaluation.freeze_due_baselines``).
    """

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="evaluation")
    target_area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    control_area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    buffer_area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Without a buffer area, the buffer may be a ring this many metres wide around the target.
    buffer_metres = models.PositiveIntegerField(_("buffertzon (meter)"), null=True, blank=True)
    control_suggested = models.BooleanField(_("jämförelseområdet föreslaget"), default=False)
    categories = models.ManyToManyField("categories.Category", blank=True, related_name="+")
    before_start = models.DateField(_("före: från"))
    before_end = models.DateField(_("före: till"))
    after_start = models.DateField(_("efter: från"))
    after_end = models.DateField(_("efter: till"))
    frozen_baseline = models.JSONField(_("fryst utgångsläge"), default=dict, blank=True)
    frozen_at = models.DateTimeField(_("utgångsläget fryst"), null=True, blank=True)
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    evaluated_at = models.DateTimeField(_("utvärderad"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")

    def __str__(self) -> str:
        return f"{self.measure} ({self.target_area})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class MeasureReminder(models.Model):
    """A due-date reminder sent for a measure on one day; the row makes reminders idempotent."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("skickad"))
    recipients = models.PositiveIntegerField(_("mottagare"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "sent_on"], name="one_reminder_per_measure_and_day"
            )
        ]
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")

    def __str__(self) -> str:
        return f"{self.measure} {self.sent_on:%Y-%m-%d}"
