from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lagesbild.core.geometry import GeometryError, polygon_bounds, validate_polygon


class Municipality(models.Model):
    """A Swedish municipality (kommun): the tenant that organisations, areas and reports
    belong to."""

    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden har fyra siffror."))],
    )
    name = models.CharField(_("namn"), max_length=100)
    public_page_enabled = models.BooleanField(_("publik sida"), default=False)
    # Whether a partner's report counts before a coordinator has reviewed it. Off by default, so
    # review is "accept before counting", not "reject after counting"; a municipality that wants
    # this week's figures before review turns it on (the coordinator's settings page).
    counts_unreviewed = models.BooleanField(
        _("ogranskade rapporter räknas"),
        default=False,
        help_text=_(
            "På: partners rapporter räknas direkt. "
            "Av: de räknas först när de godkänts i granskningen."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name

    @property
    def in_sweden(self) -> bool:
        """Whether the code is a Swedish municipality's: it begins with its county's, 01–25
        (SCB). The 9xxx codes are local ones (the demo's towns, a UK partnership)."""
        return "01" <= self.code[:2] <= "25"


class Area(models.Model):
    """A named polygon (district, statistical area or place); areas nest through ``parent``."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("Stadsdel")
        STATISTICAL = "statistical", _("Statistikområde")
        PLACE = "place", _("Plats")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="areas")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    code = models.SlugField(_("kod"), max_length=50)
    name = models.CharField(_("namn"), max_length=100)
    geometry = models.JSONField(_("geometri (GeoJSON)"))
    # Bounding box, kept in sync on save, so a query can pre-filter areas near a point.
    min_lon = models.FloatField(editable=False, default=0)
    min_lat = models.FloatField(editable=False, default=0)
    max_lon = models.FloatField(editable=False, default=0)
    max_lat = models.FloatField(editable=False, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="area_code_unique_in_municipality"
            )
        ]
        verbose_name = _("område")
        verbose_name_plural = _("områden")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = polygon_bounds(self.geometry)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            validate_polygon(self.geometry)
        except GeometryError as exc:
            raise ValidationError({"geometry": str(exc)}) from exc
        if self.parent is not None and self.parent.municipality_id != self.municipality_id:
            raise ValidationError({"parent": _("Överordnat område måste höra till samma kommun.")})

    @property
    def depth(self) -> int:
        depth, node = 0, self
        while node.parent is not None:  # no query for a node without parent_id
            depth, node = depth + 1, node.parent
        return depth


class CacheGeneration(models.Model):
    """The generation of a municipality's cached pages (the week, the report lists); every
    announced change (``signals.announce_change``) bumps it.

    Cache keys carry it, so a change makes every cached page of the municipality unreachable at
    the moment its transaction commits (nothing has to be found and deleted in the cache).
    """

    municipality = models.OneToOneField(
        Municipality, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    value = models.BigIntegerField()

    class Meta:
        # The table keeps the name it was made under in the briefings app (moved here so that
        # every app that caches pages can read it: the layers allow no app to import briefings).
        db_table = "briefings_cachegeneration"

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.value}"
