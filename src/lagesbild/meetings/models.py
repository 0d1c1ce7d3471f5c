from __future__ import annotations

from django.conf import settings
from django.db import models
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def __str__(self) -> str:
        return self.title or f"Lägesbildsmöte {self.iso_week}"
