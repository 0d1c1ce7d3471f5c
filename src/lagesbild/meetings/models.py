from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    """The weekly EST meeting: agenda from the lägesbild, minutes, decisions (measures)."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    iso_week = models.CharField(_("vecka"), max_length=8, help_text="t.ex. 2024-W37")
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="meetings"
    )
    agenda = models.JSONField(_("dagordning"), default=list, blank=True)
    minutes = models.TextField(_("anteckningar"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agenda_generated_at = models.DateTimeField(_("dagordningen skapad"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "iso_week"], name="one_meeting_per_week"
            )
        ]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def __str__(self) -> str:
        return self.title or gettext("Lägesbildsmöte %(week)s") % {"week": self.iso_week}

    def get_absolute_url(self) -> str:
        return reverse("meeting-detail", args=[self.pk])


class FocusArea(models.Model):
    """A place the meeting asks partners to watch next week, in priority order.

    A focus area is a district, a set of H3 cells (a named hot spot), or both; ``organisation``
    names who watches it. Next week its PAI tells whether the meeting looked in the right places.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="focus_areas")
    rank = models.PositiveSmallIntegerField(_("prioritet"))
    label = models.CharField(_("plats"), max_length=200)
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    h3_cells = models.JSONField(_("H3-celler"), default=list, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bevakas av"),
    )
    note = models.CharField(_("kommentar"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "rank"], name="focus_area_rank_unique")
        ]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")

    def __str__(self) -> str:
        return f"{self.rank}. {self.label}"
