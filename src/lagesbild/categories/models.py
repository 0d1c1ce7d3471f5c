from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A two-level taxonomy of what is reported; top-level categories have no parent.

    ``sensitive`` categories (drug-dealing tips, organised crime) are shown only to the police
    and coordinators. A subcategory of a sensitive category is sensitive too: ``save`` keeps the
    stored flag inherited, so ``sensitive`` alone answers the question (``sensitivity.py``).
    """

    code = models.SlugField(_("kod"), max_length=50, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_sv = models.CharField(_("namn (svenska)"), max_length=100)
    name_en = models.CharField(_("namn (engelska)"), max_length=100)
    description_sv = models.CharField(_("beskrivning"), max_length=200, blank=True)
    sensitive = models.BooleanField(_("känslig"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.parent is not None and self.parent.sensitive:
            self.sensitive = True
        super().save(*args, **kwargs)
        if self.sensitive:
            self.children.filter(sensitive=False).update(sensitive=True)

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv

    @property
    def top_level(self) -> Category:
        return self.parent if self.parent is not None else self


class PoliceEventTypeMapping(models.Model):
    """Maps a polisen.se event type (an open vocabulary) onto a category."""

    event_type = models.CharField(_("händelsetyp"), max_length=100, unique=True)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="police_types")

    class Meta:
        ordering = ["event_type"]
        verbose_name = _("polisens händelsetyp")
        verbose_name_plural = _("polisens händelsetyper")

    def __str__(self) -> str:
        return f"{self.event_type} → {self.category.code}"


class BraCrimeTypeMapping(models.Model):
    """Maps a Brå crime type (as named in Brå's tables) onto a category."""

    crime_type = models.CharField(_("brottstyp (Brå)"), max_length=200, unique=True)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="bra_types")

    class Meta:
        ordering = ["crime_type"]
        verbose_name = _("Brå-brottstyp")
        verbose_name_plural = _("Brå-brottstyper")

    def __str__(self) -> str:
        return f"{self.crime_type} → {self.category.code}"
