from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    """Single sign-on: OpenID Connect login and the mapping of the provider's groups to roles."""

    name = "lagesbild.sso"
    verbose_name = _("Inloggning via identitetsleverantör")
