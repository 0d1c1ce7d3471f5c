from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Goal(models.Model):
    """A goal of the collaboration agreement, followed up through indicators."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["sort_order", "title"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """A data series that shows progress towards a goal, with baseline, target and direction."""

    class Kind(models.TextChoices):
        REPORT_COUNT = "report_count", _("Antal rapporter i kategori och område")
        OFFICIAL = "official", _("Officiell statistik")
        SURVEY = "survey", _("Enkätresultat")
        ENTERED = "entered", _("Inmatad siffra (t.ex. polisens beslag)")

    class Direction(models.TextChoices):
        DECREASE = "decrease", _("Ska minska")
        INCREASE = "increase", _("Ska öka")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indikator"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    category = models.ForeignKey(
        "categories.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    official_series = models.CharField(_("serie (officiell statistik)"), max_length=200, blank=True)
    unit = models.CharField(_("enhet"), max_length=50, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("basår"), null=True, blank=True)
    baseline_value = models.FloatField(_("utgångsvärde"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("målår"), null=True, blank=True)
    target_value = models.FloatField(_("målvärde"), null=True, blank=True)
    direction = models.CharField(_("riktning"), max_length=10, choices=Direction.choices)

    class Meta:
        ordering = ["goal", "name"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """A value entered by hand for an indicator (a survey result, the police's seizures…)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.FloatField(_("värde"))
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="indicator_value_unique_year"
            )
        ]
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"
