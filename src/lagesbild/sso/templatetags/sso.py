"""The login page's "Logga in med …" buttons, shown only while a provider is configured."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("sso/_login_button.html")
def sso_login_button(next_url: str = "") -> dict[str, Any]:
    return {
        "enabled": settings.LAGESBILD_OIDC_ENABLED,
        "provider": settings.LAGESBILD_OIDC_PROVIDER_NAME,
        "saml_enabled": settings.LAGESBILD_SAML_ENABLED,
        "saml_provider": settings.LAGESBILD_SAML_PROVIDER_NAME,
        "next": next_url,
    }
