"""Describe the token scheme in the OpenAPI schema."""

from __future__ import annotations

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
