"""The gazetteer: a municipality's named public places and addresses, with their points."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lagesbild.core.places import normalise_place_text


class Place(models.Model):
    """A named place ("Gångtunneln vid Kvartsvägen") or public address ("Storgatan 14").

    ``key`` is the normalised name: one place per spelling-insensitive name and municipality, so
    an import updates the place it already has instead of adding a second.
    """

    class Kind(models.TextChoices):
        PLACE = "place", _("Plats")
        ADDRESS = "address", _("Adress")

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="places"
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.PLACE)
    latitude = models.FloatField(
        _("latitud"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitud"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    key = models.CharField(max_length=200, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key"], name="place_key_unique_in_municipality"
            )
        ]
        verbose_name = _("plats i ortnamnsregistret")
        verbose_name_plural = _("ortnamnsregister")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = normalise_place_text(self.name)
        super().save(*args, **kwargs)
