"""The login page's "Logga in med …" button, shown only while a provider is configured."""

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
        "next": next_url,
    }
