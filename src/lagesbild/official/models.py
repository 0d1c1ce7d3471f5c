from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficialStatistic(models.Model):
    """A published figure for a municipality, category and period (e.g. Brå reported crimes)."""

    class Source(models.TextChoices):
        BRA = "bra", "Brå"
        KOLADA = "kolada", "Kolada"
        POLICE = "police", _("Polisen")

    source = models.CharField(_("källa"), max_length=10, choices=Source.choices)
    municipality_code = models.CharField(_("kommunkod"), max_length=4, db_index=True)
    # The source's own label (a Brå crime type, a Kolada KPI); ``category`` is its mapping.
    series = models.CharField(_("serie"), max_length=200)
    category = models.ForeignKey(
        "categories.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period = models.CharField(_("period"), max_length=7, help_text="YYYY eller YYYY-MM")
    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("månad"), null=True, blank=True)
    value = models.FloatField(_("värde"), null=True, blank=True)
    per_100k = models.FloatField(_("per 100 000 inv."), null=True, blank=True)
    preliminary = models.BooleanField(_("preliminär"), default=False)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality_code", "series", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "municipality_code", "series", "period"],
                name="official_statistic_unique",
            )
        ]
        verbose_name = _("officiell statistik")
        verbose_name_plural = _("officiell statistik")

    def __str__(self) -> str:
        return f"{self.municipality_code} {self.series} {self.period}: {self.value}"


class Population(models.Model):
    """Inhabitants of a municipality at the end of a year (SCB), for rates per 100 000."""

    municipality_code = models.CharField(_("kommunkod"), max_length=4)
    year = models.PositiveSmallIntegerField(_("år"))
    population = models.PositiveIntegerField(_("folkmängd"))
    source = models.CharField(_("källa"), max_length=20, default="SCB")

    class Meta:
        ordering = ["municipality_code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality_code", "year"], name="population_unique")
        ]
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängd")

    def __str__(self) -> str:
        return f"{self.municipality_code} {self.year}: {self.population}"
