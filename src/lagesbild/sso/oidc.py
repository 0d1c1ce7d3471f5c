"""OpenID Connect login through mozilla-django-oidc: its views and backend, adapted.

The library runs the protocol (state, nonce, PKCE, the code exchange, the ID token's signature
against the provider's JWKS). Here: the claims become a ``ProviderIdentity`` (issuer and audience
checked, groups from the configured claim of the ID token and the userinfo answer), the user and
memberships come from ``services.sign_in``, the provider's login counts as the second factor
(LAGESBILD_OIDC_TRUST_IDP_MFA), and every failure ends on a page that says what happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from lagesbild.sso import outcome
from lagesbild.sso.outcome import REFUSAL
from lagesbild.sso.services import NoMappedGroup, ProviderIdentity, sign_in

logger = logging.getLogger(__name__)


def identity_of(claims: dict[str, Any]) -> ProviderIdentity:
    """Read who logs in from the verified claims; a claim that does not fit is suspicious."""
    issuer, subject = claims.get("iss"), claims.get("sub")
    if issuer != settings.LAGESBILD_OIDC_ISSUER:
        raise SuspiciousOperation(f"ID token from issuer {issuer!r}, not the configured one")
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if settings.LAGESBILD_OIDC_CLIENT_ID not in audiences:
        raise SuspiciousOperation("ID token not meant for this client")
    if not isinstance(subject, str) or not subject:
        raise SuspiciousOperation("ID token without a subject")
    username = claims.get(settings.LAGESBILD_OIDC_USERNAME_CLAIM)
    return ProviderIdentity(
        issuer=issuer,
        subject=subject,
        username=username if isinstance(username, str) else subject,
        groups=frozenset(groups_of(claims.get(settings.LAGESBILD_OIDC_GROUPS_CLAIM))),
    )


def groups_of(value: Any) -> list[str]:
    """A groups claim: a list of strings (Entra ID, Keycloak) or one string."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


class OidcBackend(OIDCAuthenticationBackend):
    """Users of the provider's subjects, with the memberships their groups give."""

    def get_userinfo(self, access_token: str, id_token: str, payload: dict) -> dict:
        """The ID token's claims, with the userinfo answer's added when an endpoint is set."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo answered for another subject")
            claims.update({k: v for k, v in userinfo.items() if k not in {"iss", "aud"}})
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict):
        claims = self.get_userinfo(access_token, id_token, payload)
        try:
            return sign_in(identity_of(claims), request=self.request)
        except NoMappedGroup as refusal:
            setattr(self.request, REFUSAL, refusal)
            return None


def _when_enabled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Without LAGESBILD_OIDC_CLIENT_ID the login through a provider does not exist (404)."""

    def enabled_only(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LAGESBILD_OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return enabled_only


def failure_page(request: HttpRequest) -> HttpResponse:
    return outcome.failure_page(request, settings.LAGESBILD_OIDC_PROVIDER_NAME)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code (or an error)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except (SuspiciousOperation, jwt.PyJWTError, requests.RequestException, KeyError) as exc:
            # A state not issued to this browser, a nonce that does not match, a code the
            # provider refuses, a token that does not verify: the login fails, clearly.
            logger.warning("OpenID Connect login refused: %s", exc)
            return failure_page(request)

    def login_failure(self) -> HttpResponse:
        refusal = outcome.refusal_of(self.request)
        if refusal is not None:
            provider = settings.LAGESBILD_OIDC_PROVIDER_NAME
            return outcome.no_access_page(self.request, provider, refusal)
        return failure_page(self.request)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        if settings.LAGESBILD_OIDC_TRUST_IDP_MFA:
            outcome.confirm_second_factor(
                self.request, self.user, settings.LAGESBILD_OIDC_PROVIDER_NAME
            )
        return response


login = _when_enabled(OIDCAuthenticationRequestView.as_view())
callback = _when_enabled(CallbackView.as_view())
