from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The slug of the organisation under which the public's tips are filed (``public.services``):
#: the public, not a partner, so its quiet weeks are no partner's silence.
PUBLIC_ORGANISATION_SLUG = "allmanheten"


class Organisation(models.Model):
    """A partner in the collaboration: a municipal department, the police, a company…"""

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", _("Kommunal förvaltning")
        POLICE = "police", _("Polis")
        RESCUE = "rescue", _("Räddningstjänst")
        HOUSING = "housing", _("Bostadsbolag")
        SECURITY = "security", _("Bevakningsföretag")
        OTHER = "other", _("Övrig")

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.PROTECT, related_name="organisations"
    )
    slug = models.SlugField(_("kortnamn"), max_length=50)
    name = models.CharField(_("namn"), max_length=150)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="organisation_slug_unique"
            )
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    REPORTER = "reporter", _("Rapportör")
    ANALYST = "analyst", _("Analytiker")
    COORDINATOR = "coordinator", _("Samordnare")
    ADMIN = "admin", _("Administratör")
    READER = "reader", _("Läsare")


# The roles from the fewest rights to the most (a single sign-on group's highest role wins; on
# the member page nobody raises their own).
ROLE_RANK = [Role.READER, Role.REPORTER, Role.ANALYST, Role.COORDINATOR, Role.ADMIN]


class Membership(models.Model):
    """A user's role in one organisation. What a user may see follows from this."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    # A membership that has ended gives no rights from the day after; kept for the audit trail.
    ends_on = models.DateField(_("upphör"), null=True, blank=True)
    # The day it was given (or given again); empty for memberships made before it was kept.
    since = models.DateField(_("sedan"), null=True, blank=True, default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            )
        ]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
