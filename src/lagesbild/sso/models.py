"""What single sign-on keeps: the group mapping, who a provider's subject is, and which
memberships the provider gave (only those are ended when its groups change)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from lagesbild.organisations.models import Membership, Organisation, Role


class GroupMapping(models.Model):
    """A group of the identity provider gives a role in one organisation (and so in its
    municipality). Applied at every login through the provider."""

    group = models.CharField(
        _("grupp"),
        max_length=255,
        help_text=_(
            "Gruppens värde som identitetsleverantören skickar: i Entra ID gruppens objekt-id, "
            "i Keycloak gruppens namn (till exempel /exempelstad/samordnare)."
        ),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="group_mappings",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["organisation", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation"], name="one_role_per_group_and_organisation"
            )
        ]
        verbose_name = _("gruppkoppling")
        verbose_name_plural = _("gruppkopplingar")

    def __str__(self) -> str:
        return f"{self.group} → {self.organisation} ({self.get_role_display()})"


class SsoIdentity(models.Model):
    """The provider's subject (``iss`` + ``sub``) that logs in as a user: never the username,
    which a local account might share."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField(_("utfärdare"), max_length=255)
    subject = models.CharField(_("subjekt"), max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_user_per_subject")
        ]
        verbose_name = _("extern identitet")
        verbose_name_plural = _("externa identiteter")

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"


class SsoMembership(models.Model):
    """Marks a membership the provider's groups gave. Local memberships have none and are
    never changed or ended by a login through the provider."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="sso_grant"
    )
    group = models.CharField(_("grupp"), max_length=255)

    class Meta:
        verbose_name = _("medlemskap från identitetsleverantören")
        verbose_name_plural = _("medlemskap från identitetsleverantören")

    def __str__(self) -> str:
        return f"{self.membership} ← {self.group}"


class IdentityProviderDevice(Device):
    """The second factor of a login through the identity provider: the provider's own
    (multi-factor) login. No code can be typed for it; the login marks the session with it."""

    def verify_token(self, token: str) -> bool:
        return False
