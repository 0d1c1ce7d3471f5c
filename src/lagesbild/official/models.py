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


class DistrictPopulation(models.Model):
    """Inhabitants of a district (an area) at the end of a year, for rates per 1 000 on the
    analysis map. ``source`` is the imported file's name, or "syntetisk" in the demo."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, related_name="populations", verbose_name=_("område")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    population = models.PositiveIntegerField(_("folkmängd"))
    source = models.CharField(_("källa"), max_length=200)

    class Meta:
        ordering = ["area", "year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="district_population_unique")
        ]
        verbose_name = _("folkmängd per stadsdel")
        verbose_name_plural = _("folkmängd per stadsdel")

    def __str__(self) -> str:
        return f"{self.area} {self.year}: {self.population}"


class PoliceEvent(models.Model):
    """A police event notice from polisen.se (Polismyndigheten), kept up to date by its id.

    The position is the centroid of the municipality or county the police name, never the place
    of the event, so it must not be used to put an event in a district. Roll-ups
    ("Sammanfattning natt") are stored for reading but never counted.
    """

    event_id = models.PositiveIntegerField(_("händelse-id"), unique=True)
    published_at = models.DateTimeField(_("publicerad"))
    event_time = models.DateTimeField(_("händelsetid"), null=True, blank=True)
    type_raw = models.CharField(_("typ (som levererad)"), max_length=200)
    type = models.CharField(_("typ"), max_length=200, db_index=True)
    category = models.ForeignKey(
        "categories.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    municipality_name = models.CharField(_("kommun"), max_length=100, blank=True)
    municipality_code = models.CharField(_("kommunkod"), max_length=4, blank=True)
    county_level = models.BooleanField(_("länsnivå"), default=False)
    location_name = models.CharField(_("plats (API)"), max_length=100)
    latitude = models.FloatField(_("latitud (mittpunkt)"))
    longitude = models.FloatField(_("longitud (mittpunkt)"))
    summary = models.TextField(_("sammanfattning"), blank=True)
    url = models.URLField(_("adress"), max_length=500)
    is_summary = models.BooleanField(_("sammanfattning av flera händelser"), default=False)
    first_seen_at = models.DateTimeField(_("först importerad"))
    updated_at = models.DateTimeField(_("senast uppdaterad"))
    # The fingerprint (core.parsers.common.record_digest) of the source text this version came
    # from: a re-import skips a record with a stored fingerprint without decoding it.
    source_hash = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["-published_at"]
        indexes = [
            models.Index(fields=["municipality_code", "event_time"], name="police_event_muni_time"),
            # An import looks up its records' fingerprints (official.importing._stored_hashes).
            models.Index(fields=["source_hash"], name="police_event_source_hash"),
        ]
        verbose_name = _("polishändelse")
        verbose_name_plural = _("polishändelser")

    def __str__(self) -> str:
        return f"{self.event_id} {self.type} {self.municipality_name or self.location_name}"


class FetchLog(models.Model):
    """One HTTP request to an external source, kept to respect its rate rules.

    polisen.se allows a call every 10 s, 60 an hour and 1 440 a day, and a 404 means "never ask
    again"; the history lives in the database so that it holds across processes and restarts.
    """

    source = models.CharField(_("källa"), max_length=20)
    url = models.CharField(_("adress"), max_length=1000)
    at = models.DateTimeField(_("tidpunkt"), db_index=True)
    # None when no HTTP answer came back (timeout, connection refused).
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["source", "at"], name="fetch_log_source_at")]
        verbose_name = _("hämtning")
        verbose_name_plural = _("hämtningar")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status} {self.url}"
