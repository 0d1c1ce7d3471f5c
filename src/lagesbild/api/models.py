from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a token may do. A partner system that pushes reports needs only ``report:write``."""

    REPORT_WRITE = "report:write", _("Skicka rapporter")
    READ = "read", _("Läsa")
    EXPORT = "export", _("Exportera")


class ApiToken(models.Model):
    """A secret an organisation's system uses to call the API, limited to some scopes.

    Only the SHA-256 of the secret is stored; the whole token (``lb_<prefix>_<secret>``) is shown
    once, when it is created. The prefix identifies a token in lists, logs and revocation.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("namn"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, unique=True)
    token_hash = models.CharField(_("hash av hemligheten"), max_length=64)
    scopes = models.JSONField(_("behörigheter"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.name} (lb_{self.prefix})"

    def clean(self) -> None:
        if (
            not isinstance(self.scopes, list)
            or not self.scopes
            or not set(self.scopes) <= set(Scope.values)
        ):
            raise ValidationError(
                {
                    "scopes": _("Välj en eller flera av: %(scopes)s.")
                    % {"scopes": ", ".join(Scope.values)}
                }
            )

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PersonalToken(models.Model):
    """A person's read-only token: it acts with the person's rights as they are at each call.

    Only the SHA-256 of the secret is stored; the whole token (``lbp_<prefix>_<secret>``) is
    shown once. It works until it expires or is revoked, while its person is active and holds a
    role that may use one (``organisations.access.may_use_personal_tokens``); what it sees is
    the person's viewer built from their current memberships (docs/permissions.md).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_tokens"
    )
    name = models.CharField(_("namn"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, unique=True)
    token_hash = models.CharField(_("hash av hemligheten"), max_length=64)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("upphör"))
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = _("personlig API-nyckel")
        verbose_name_plural = _("personliga API-nycklar")

    def __str__(self) -> str:
        return f"{self.name} (lbp_{self.prefix})"

    def is_active_at(self, when) -> bool:
        return self.revoked_at is None and when < self.expires_at
