"""Describe the token and the session schemes in the OpenAPI schema."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class OrganisationTokenScheme(OpenApiAuthenticationExtension):
    target_class = "lagesbild.api.authentication.OrganisationTokenAuthentication"
    name = "organisationToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An organisation's token: Authorization: Bearer lb_<prefix>_<secret>.",
        }


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "lagesbild.api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A person's read token (made on /konto/api-nycklar/): Authorization: "
            "Bearer lbp_<prefix>_<secret>. It sees exactly what its person sees at the time of "
            "the call, the analysis endpoints included; GET only (any other method 403); every "
            "call is audited.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    """The web session, under drf-spectacular's own name for it (cookieAuth)."""

    target_class = "lagesbild.api.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The web app's session; where two-factor login is required, only "
            "after the second factor (otherwise 403 second_factor_required).",
        }
